import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Delete } from '../ast/index.js';
import { parse } from '../parse/index.js';
import { SCHEMA, SETUP, context } from './fixture.js';
import { translateCondition } from './index.js';

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await (await DuckDBInstance.create(':memory:')).connect();
  for (const s of SETUP) await conn.run(s);
});

/** (DELETE statement, rows of the table its WHERE selects) — the engine's use of translateCondition. */
const ROWS: [string, number][] = [
  ["delete from d1001 where ts >= '2024-01-01 00:00:10' and ts < '2024-01-01 00:01:00'", 2],
  ['delete from meters where ts < now', 8],
  ["delete from meters where location = 'California.LosAngeles'", 2],
  ["delete from meters where tbname in ('d1001', 'd1002') and voltage > 219", 3],
  ['delete from tn where ts between 1704067200000 and 1704067201000', 2],
];

describe('translateCondition', () => {
  for (const [sql, count] of ROWS) {
    it(sql, async () => {
      const del = parse(sql) as Delete;
      const table = SCHEMA.table('power', del.table.name)!;
      const cond = translateCondition(del.where!, table, context());
      const tid = table.kind === 'child' ? ` AND tid = ${table.tid}` : '';
      const query = `SELECT count(*) FROM ${table.dataRelation} WHERE ${cond}${tid}`;
      const r = await conn.runAndReadAll(query);
      expect(r.getRowsJS(), query).toEqual([[BigInt(count)]]);
    });
  }
});
