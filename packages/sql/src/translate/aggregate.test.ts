import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { T0, fixtureRunner, type RunResult } from './fixture.js';
import type { TranslateContext } from './types.js';

let run: (sql: string, over?: Partial<TranslateContext>) => Promise<RunResult>;
beforeAll(async () => {
  run = await fixtureRunner(await (await DuckDBInstance.create(':memory:')).connect());
});

const s = (sec: number): bigint => T0 + BigInt(sec * 1000);

/** (TDengine SQL, expected rows) — executed on DuckDB against fixture.ts. */
const ROWS: [string, unknown[][]][] = [
  ['select count(*), count(current), count(1) from meters', [[8n, 6n, 8n]]],
  [
    'select sum(voltage), sum(current), avg(voltage), min(current), max(current) from meters',
    [[1561n, 66, 223, 9, 13.5]],
  ],
  [
    'select spread(voltage), stddev(voltage), var_pop(voltage) from meters',
    [[13, expect.closeTo(Math.sqrt(24), 12), expect.closeTo(24, 12)]],
  ],
  [
    'select first(current), last(current), last_row(current), last_row(voltage) from meters',
    [[10, 11, null, 231]],
  ],
  ['select first(ts), last(ts) from d1002', [[s(5), s(65)]]],
  ['select sum(cu), sum(ci), sum(cd) from tn', [[4000000300n, 3n, -1]]],
  ['select count(*) from meters where voltage > 1000', [[0n]]],
  // empty input: no COUNT → no row (sql.md §4.15)
  ['select max(voltage) from meters where voltage > 1000', []],
  ['select count(*), max(voltage) from meters where voltage > 1000', [[0n, null]]],
  ['select last(*) from d1004', []],
  // FIRST/LAST: a result row whose columns are all NULL is not returned
  ['select last(current) from d1001 where current is null', []],
  ['select last(current), last(voltage) from d1001 where current is null', [[null, 221]]],
  [
    'select tbname, last(current) from meters where current is null group by tbname',
    [
      ['d1001', null],
      ['d1003', null],
    ],
  ],
  // selection functions carry plain columns from the selected row
  ['select ts, max(current) from meters', [[s(65), 13.5]]],
  ['select ts, tbname, min(voltage) from meters', [[s(5), 'd1002', 218]]],
  ['select _rowts, last(current) from meters', [[s(70), 11]]],
  ['select ts, last_row(current) from meters', [[s(125), null]]],
  ['select ts, first(current), location from meters', [[s(0), 10, 'California.SanFrancisco']]],
  // * expansion of FIRST/LAST/LAST_ROW
  ['select last_row(*) from d1001', [[s(70), 11, null, 0.125]]],
  ['select last(*) from d1001', [[s(70), 11, 221, 0.125]]],
  ['select last(current, voltage) from meters', [[11, 231]]],
  // GROUP BY (ordered by keys) with HAVING, positions, aliases
  [
    'select tbname, count(*) from meters group by tbname',
    [
      ['d1001', 4n],
      ['d1002', 2n],
      ['d1003', 2n],
    ],
  ],
  [
    'select location, count(*) c from meters group by location',
    [
      ['California.LosAngeles', 2n],
      ['California.SanFrancisco', 6n],
    ],
  ],
  ['select groupid, max(voltage) from meters group by 1 having count(*) > 2', [[2, 231]]],
  [
    'select tbname, location, last(ts) from meters group by tbname order by tbname desc',
    [
      ['d1003', 'California.LosAngeles', s(125)],
      ['d1002', 'California.SanFrancisco', s(65)],
      ['d1001', 'California.SanFrancisco', s(70)],
    ],
  ],
  ['select tbname, count(*) c from meters group by tbname having c > 2', [['d1001', 4n]]],
  [
    'select voltage % 2 as parity, count(*) from d1001 group by parity',
    [
      [0, 1n],
      [1, 2n],
      [null, 1n],
    ],
  ],
  ['select count(*) from meters group by groupid order by count(*) desc', [[6n], [2n]]],
  ['select groupid, count(*) from meters group by groupid slimit 1', [[2, 6n]]],
  // PARTITION BY: per-partition aggregates, tags selectable with tbname
  [
    'select tbname, groupid, count(*) from meters partition by tbname',
    [
      ['d1001', 2, 4n],
      ['d1002', 3, 2n],
      ['d1003', 2, 2n],
    ],
  ],
  [
    'select last_row(*), tbname from meters partition by tbname',
    [
      [s(70), 11, null, 0.125, 'd1001'],
      [s(65), 13.5, 222, null, 'd1002'],
      [s(125), null, 231, 0.5, 'd1003'],
    ],
  ],
  [
    'select location, avg(voltage) from meters partition by location',
    [
      ['California.LosAngeles', 230.5],
      ['California.SanFrancisco', 220],
    ],
  ],
  // TOP / BOTTOM: k rows, in ts order, other columns from the same rows
  ['select top(voltage, 2) from meters', [[230], [231]]],
  [
    'select ts, tbname, bottom(voltage, 2) from meters',
    [
      [s(0), 'd1001', 219],
      [s(5), 'd1002', 218],
    ],
  ],
  [
    'select tbname, top(current, 1) from meters partition by tbname',
    [
      ['d1001', 12],
      ['d1002', 13.5],
      ['d1003', 10.5],
    ],
  ],
  [
    'select ts, top(voltage, 3) v from meters order by v desc limit 2',
    [
      [s(125), 231],
      [s(15), 230],
    ],
  ],
  // expressions over aggregates
  ['select max(voltage) - min(voltage), count(*) * 2 from meters', [[13, 16]]],
  ['select percentile(voltage, 50), apercentile(voltage, 50) from d1001', [[220, 220]]],
];

describe('aggregate rows', () => {
  for (const [sql, rows] of ROWS) {
    it(sql, async () => {
      const r = await run(sql);
      expect(r.rows, `DuckDB: ${r.sql}`).toEqual(rows);
    });
  }
});
