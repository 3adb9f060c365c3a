import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SchemaProvider, TableSchema } from '../schema.js';
import { SCHEMA, fixtureRunner, type RunResult } from './fixture.js';
import type { TranslateContext } from './types.js';

let run: (sql: string, over?: Partial<TranslateContext>) => Promise<RunResult>;

/**
 * Cache relations built from the fixture's rows the way the server keeps them: last rows only,
 * and (for LAST) the last rows plus each column's last non-NULL row.
 */
const lastRows = (rel: string, part: string) =>
  `SELECT * FROM ${rel} QUALIFY row_number() OVER (${part} ORDER BY "c0" DESC) = 1`;
const lastValues = (rel: string, part: string, cols: number, key: string) => {
  const picks = Array.from({ length: cols }, (_, k) =>
    k === 0 ? `max("c0") OVER (${part})` : `max(CASE WHEN "c${k}" IS NOT NULL THEN "c0" END) OVER (${part})`,
  );
  return `SELECT * EXCLUDE (${key}) FROM (SELECT *, [${picks.join(', ')}] AS ${key} FROM ${rel}) WHERE list_contains(${key}, "c0")`;
};
const CACHE_SETUP = [
  `CREATE TABLE "power"."s1_lr" AS ${lastRows('"power"."s1_data"', 'PARTITION BY tid')}`,
  `CREATE TABLE "power"."s1_lv" AS ${lastValues('"power"."s1_data"', 'PARTITION BY tid', 4, '__k')}`,
  `CREATE TABLE "power"."n1_lr" AS ${lastRows('"power"."n1"', '')}`,
  `CREATE TABLE "power"."n1_lv" AS ${lastValues('"power"."n1"', '', 9, '__k')}`,
];

const CACHED: SchemaProvider = {
  database: (name) => SCHEMA.database(name),
  table: (db, name): TableSchema | undefined => {
    const t = SCHEMA.table(db, name);
    if (!t || db !== 'power') return t;
    if (t.dataRelation === '"power"."s1_data"')
      return { ...t, lastRowRelation: '"power"."s1_lr"', lastValueRelation: '"power"."s1_lv"' };
    if (t.dataRelation === '"power"."n1"')
      return { ...t, lastRowRelation: '"power"."n1_lr"', lastValueRelation: '"power"."n1_lv"' };
    return t;
  },
};

beforeAll(async () => {
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  run = await fixtureRunner(conn);
  for (const s of CACHE_SETUP) await conn.run(s);
});

/**
 * (query, relation it must read: `lr` last rows, `lv` last values, `data`; `rows` = last rows
 * read as a projection, no GROUP BY). Every query must give the uncached rows and columns.
 */
const CASES: [string, 'lr' | 'lv' | 'data' | 'rows'][] = [
  ['select last_row(*) from meters partition by tbname', 'rows'],
  ['select last_row(*), tbname, location from meters partition by tbname', 'rows'],
  ['select ts, last_row(current) from meters group by tbname', 'rows'],
  ['select _rowts, last_row(voltage) as v from meters partition by tbname, groupid', 'rows'],
  ["select last_row(current) from meters where location like 'California%' partition by tbname", 'rows'],
  ['select last_row(*) from meters', 'lr'],
  ['select last_row(current), last_row(voltage) + 1 from meters group by groupid', 'lr'],
  ['select last_row(*) from meters partition by tbname order by tbname desc', 'lr'],
  ['select last_row(*) from meters partition by tbname limit 2', 'lr'],
  ['select last_row(*) from meters partition by tbname slimit 2', 'lr'],
  ['select last_row(current) from meters partition by tbname having last_row(current) is null', 'lr'],
  ['select last_row(*) from d1003', 'lr'],
  ['select last_row(*) from d1004', 'lr'],
  ['select last_row(*) from tn', 'lr'],
  ['select last(*) from meters partition by tbname', 'lv'],
  ['select last(*) from meters', 'lv'],
  ['select last(current), last_row(current), tbname from meters group by tbname', 'lv'],
  ['select last(current), last(phase) from meters group by groupid', 'lv'],
  ['select last(*) from d1001', 'lv'],
  ['select last(*) from tn', 'lv'],
  ['select last(ci), last(cs), last_row(cd) from tn', 'lv'],
  // Not provably equal: read the data.
  ['select last(current + 1) from meters partition by tbname', 'data'],
  ['select ts, last(current) from meters partition by tbname', 'data'],
  ['select last_row(*), count(*) from meters partition by tbname', 'data'],
  ['select last_row(*) from meters where voltage > 220 partition by tbname', 'data'],
  ['select last_row(*) from meters where ts < 1704067260000 partition by tbname', 'data'],
  ['select last_row(current) from meters partition by tbname, voltage', 'data'],
  ['select last_row(current) from meters interval(1m)', 'data'],
  ['select first(current) from meters partition by tbname', 'data'],
  ['select tbname from meters partition by tbname', 'data'],
  ['select distinct last_row(current) from meters partition by tbname order by 1', 'data'],
  ['select last_row(current) from (select * from meters)', 'data'],
];

describe('last-row cache relations', () => {
  it.each(CASES)('%s reads %s', async (sql, use) => {
    const plain = await run(sql);
    const cached = await run(sql, { schema: CACHED });
    expect(cached.columns).toEqual(plain.columns);
    expect(cached.rows).toEqual(plain.rows);
    const read = cached.sql.includes('_lr"') ? 'lr' : cached.sql.includes('_lv"') ? 'lv' : 'data';
    expect(
      read === 'lr' && !cached.sql.includes('GROUP BY') && !cached.sql.includes('HAVING') ? 'rows' : read,
    ).toBe(use);
  });
});
