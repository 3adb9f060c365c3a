import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { T0, fixtureRunner, type RunResult } from './fixture.js';
import type { TranslateContext } from './types.js';

let run: (sql: string, over?: Partial<TranslateContext>) => Promise<RunResult>;
beforeAll(async () => {
  run = await fixtureRunner(await (await DuckDBInstance.create(':memory:')).connect());
});

const s = (sec: number): bigint => T0 + BigInt(sec * 1000);

/** (TDengine SQL, expected rows) — executed on DuckDB. */
const ROWS: [string, unknown[][], Partial<TranslateContext>?][] = [
  // default order: child/normal table by ts; super table by child table then ts (sql.md §4.8)
  [
    'select * from d1002',
    [
      [s(5), 9, 218, 0.375],
      [s(65), 13.5, 222, null],
    ],
  ],
  [
    'select ts, voltage from meters',
    [
      [s(0), 219],
      [s(10), 220],
      [s(20), 221],
      [s(70), null],
      [s(5), 218],
      [s(65), 222],
      [s(15), 230],
      [s(125), 231],
    ],
  ],
  [
    'select * from meters where voltage > 229',
    [
      [s(15), 10.5, 230, 0.25, 'California.LosAngeles', 2],
      [s(125), null, 231, 0.5, 'California.LosAngeles', 2],
    ],
  ],
  [
    'select tbname, location, groupid from d1003',
    [
      ['d1003', 'California.LosAngeles', 2],
      ['d1003', 'California.LosAngeles', 2],
    ],
  ],
  ['select tbname, ci from tn where ts = 1704067200000', [['tn', 1]]],
  ['select _rowts, _c0 from d1002 limit 1', [[s(5), s(5)]]],
  ["select m.voltage from power.meters m where m.tbname = 'd1002'", [[218], [222]]],
  // WHERE on ts with strings in the session zone, NOW arithmetic, BETWEEN, IN
  [
    "select voltage from meters where ts >= '2024-01-01 00:01:00' and ts < '2024-01-01T00:02:00Z'",
    [[null], [222]],
  ],
  [
    "select voltage from meters where ts >= '2024-01-01 08:01:00' and ts < '2024-01-01 08:02:00'",
    [[null], [222]],
    { timezone: 'Asia/Shanghai' },
  ],
  ['select voltage from meters where ts > now - 9m', [[null], [222], [231]]],
  ['select voltage from meters where ts > now() - 1m', []],
  [
    "select voltage from meters where ts between '2024-01-01 00:00:05' and '2024-01-01 00:00:10'",
    [[220], [218]],
  ],
  ["select voltage from meters where ts in ('2024-01-01 00:00:05', '2024-01-01 00:00:15')", [[218], [230]]],
  ['select voltage from meters where ts = 1704067205000', [[218]]],
  // tags, tbname, LIKE / MATCH / IN / IS NULL
  [
    "select tbname, voltage from meters where location like 'California.Los%'",
    [
      ['d1003', 230],
      ['d1003', 231],
    ],
  ],
  ["select distinct tbname from meters where tbname match '^d100[12]$'", [['d1001'], ['d1002']]],
  ["select tbname from meters where tbname nmatch '1$' and voltage < 219", [['d1002']]],
  ['select voltage from meters where groupid in (3) and current is not null', [[218], [222]]],
  ['select voltage from d1001 where current is null', [[221]]],
  ['select voltage from meters where groupid not in (2) or voltage is null', [[null], [218], [222]]],
  ["select cs from tn where cs like 'H%o W_rld'", [['Hello World']]],
  ["select voltage from meters where voltage = '219'", [[219]]],
  // ORDER BY / LIMIT / OFFSET
  ['select voltage from meters order by voltage desc limit 3', [[null], [231], [230]]],
  ['select voltage from meters order by voltage limit 2 offset 1', [[219], [220]]],
  ['select voltage v from meters order by v nulls first limit 2', [[null], [218]]],
  ['select ts, voltage from d1001 order by 2 desc nulls last limit 1', [[s(20), 221]]],
  ['select voltage from d1001 limit 1, 2', [[220], [221]]],
  // DISTINCT, SELECT TAGS, tag scan includes tables without rows
  ['select distinct location from meters', [['California.LosAngeles'], ['California.SanFrancisco']]],
  [
    'select distinct tbname, groupid from meters',
    [
      ['d1001', 2],
      ['d1002', 3],
      ['d1003', 2],
      ['d1004', null],
    ],
  ],
  [
    'select tags tbname, location from meters',
    [
      ['d1001', 'California.SanFrancisco'],
      ['d1002', 'California.SanFrancisco'],
      ['d1003', 'California.LosAngeles'],
      ['d1004', 'California.LosAngeles'],
    ],
  ],
  ['select tags groupid from d1002', [[3]]],
  ["select distinct tbname from meters where location = 'California.LosAngeles'", [['d1003'], ['d1004']]],
  [
    "select distinct tbname from meters where location = 'California.LosAngeles' and voltage > 0",
    [['d1003']],
  ],
  // PARTITION BY projection: per-partition LIMIT, SLIMIT
  [
    'select tbname, voltage from meters partition by tbname limit 1',
    [
      ['d1001', 219],
      ['d1002', 218],
      ['d1003', 230],
    ],
  ],
  [
    'select tbname, voltage from meters partition by tbname slimit 1 soffset 1',
    [
      ['d1002', 218],
      ['d1002', 222],
    ],
  ],
  // precision: us / ns databases
  [
    'select ts, v from pus.tu where ts > 1704067200000000',
    [
      [T0 * 1000n + 1500n, 2],
      [T0 * 1000n + 2_000_000n, 3],
    ],
  ],
  ["select v from pns.tns where ts >= '2024-01-01 00:00:00.000000001'", [[2], [3]]],
  ['select v from pns.tns where ts < now', [[1], [2], [3]]],
  // system tables
  ["select name from information_schema.ins_databases where precision = 'us'", [['pus']]],
  // nested query: outer reads inner names, order preserved
  [
    'select `v` from (select voltage as v, ts from meters where groupid = 2) where v > 220',
    [[221], [230], [231]],
  ],
  [
    'select * from (select ts, voltage from d1002 order by ts desc)',
    [
      [s(65), 222],
      [s(5), 218],
    ],
  ],
  [
    'select `avg(voltage)` from (select avg(voltage) from meters partition by tbname) order by 1',
    [[220], [220], [230.5]],
  ],
  // UNION
  ['select voltage from d1002 union all select voltage from d1003', [[218], [222], [230], [231]]],
  ['select groupid from meters union select groupid from d1001', [[2], [3]]],
  // SELECT without FROM
  ['select 1 + 1, 5 / 0, 7 % 2', [[2, null, 1]]],
];

describe('projection rows', () => {
  for (const [sql, rows, over] of ROWS) {
    it(sql, async () => {
      const r = await run(sql, over);
      expect(r.rows, `DuckDB: ${r.sql}`).toEqual(rows);
    });
  }
});
