import { DuckDBInstance } from '@duckdb/node-api';
import { Code, TaosError, TypeCode as TC } from '@taosts/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Query } from '../ast/index.js';
import { parse } from '../parse/index.js';
import { T0, context, fixtureRunner, type RunResult } from './fixture.js';
import { errorFromSqlMessage, translateQuery } from './index.js';
import type { TranslateContext } from './types.js';

let run: (sql: string, over?: Partial<TranslateContext>) => Promise<RunResult>;
beforeAll(async () => {
  run = await fixtureRunner(await (await DuckDBInstance.create(':memory:')).connect());
});

const s = (sec: number): bigint => T0 + BigInt(sec * 1000);
const US = T0 * 1000n;
const NS = T0 * 1_000_000n;

/**
 * (TDengine SQL, expected rows) over fixture.ts. d1001: ts 0/10/20/70 s, current 10/12/NULL/11,
 * voltage 219/220/221/NULL; the merged meters timeline has no equal timestamps.
 */
const ROWS: [string, unknown[][]][] = [
  // DIFF: first row gives none; NULL current → NULL; options 1/2/3
  ['select diff(current) from d1001', [[2], [null], [-1]]],
  ['select diff(current, 1) from d1001', [[2], [null], [null]]],
  ['select diff(current, 2) from d1001', [[2], [-1]]],
  ['select diff(current, 3) from d1001', [[2]]],
  [
    'select ts, diff(voltage) from d1001',
    [
      [s(10), 1n],
      [s(20), 1n],
      [s(70), null],
    ],
  ],
  ['select diff(ts) from d1001', [[10000n], [10000n], [50000n]]],
  [
    'select diff(cb), diff(cbool) from tn',
    [
      [null, -1n],
      [20n, null],
      [-70n, 1n],
    ],
  ],
  [
    'select diff(cb, 2), diff(ci, 2) from tn',
    [
      [null, -3n],
      [20n, null],
      [-70n, 6n],
    ],
  ],
  ['select diff(voltage) + 1 as d from d1001 where voltage is not null', [[2], [2]]],
  // merged super-table timeline (ts 0,5,10,15,20,65,70,125)
  [
    'select ts, tbname, diff(voltage) from meters',
    [
      [s(5), 'd1002', -1n],
      [s(10), 'd1001', 2n],
      [s(15), 'd1003', 10n],
      [s(20), 'd1001', -9n],
      [s(65), 'd1002', 1n],
      [s(70), 'd1001', null],
      [s(125), 'd1003', 9n],
    ],
  ],
  // DERIVATIVE: per unit, between non-NULL rows
  ['select derivative(current, 1s, 0) from d1001', [[0.2], [expect.closeTo(-1 / 60, 12)]]],
  ['select ts, derivative(current, 1m, 1) from d1001', [[s(10), expect.closeTo(12, 12)]]],
  [
    'select derivative(v, 1s, 0) from pus.tu',
    [[expect.closeTo(1e6 / 1500, 9)], [expect.closeTo(1e6 / 1998500, 12)]],
  ],
  // CSUM / MAVG skip NULL rows
  ['select csum(voltage) from d1001', [[219n], [439n], [660n]]],
  ['select csum(cu) from tn', [[100n], [300n], [4000000300n]]],
  [
    'select ts, mavg(voltage, 2) from d1001',
    [
      [s(10), 219.5],
      [s(20), 220.5],
    ],
  ],
  ['select mavg(voltage, 5) from d1001', []],
  [
    'select tbname, csum(voltage) from meters partition by tbname',
    [
      ['d1001', 219n],
      ['d1001', 439n],
      ['d1001', 660n],
      ['d1002', 218n],
      ['d1002', 440n],
      ['d1003', 230n],
      ['d1003', 461n],
    ],
  ],
  ['select csum(voltage) from meters partition by tbname limit 1', [[219n], [218n], [230n]]],
  [
    'select ts, csum(voltage) from d1001 order by ts desc',
    [
      [s(20), 660n],
      [s(10), 439n],
      [s(0), 219n],
    ],
  ],
  // STATECOUNT / STATEDURATION: −1 when false, NULL rows kept
  ["select statecount(voltage, 'GT', 219) from d1001", [[-1n], [1n], [2n], [null]]],
  ["select statecount(ci, 'lt', 2) from tn", [[1n], [2n], [null], [-1n]]],
  ["select stateduration(voltage, 'gt', 219, 1s) from d1001", [[-1n], [0n], [10n], [null]]],
  [
    "select ts, stateduration(voltage, 'GE', 219), statecount(voltage, 'GE', 219) from d1001",
    [
      [s(0), 0n, 1n],
      [s(10), 10000n, 2n],
      [s(20), 20000n, 3n],
      [s(70), null, null],
    ],
  ],
  ["select stateduration(ci, 'NE', -2, 1a) from tn", [[0n], [-1n], [null], [0n]]],
  // ns / us timelines
  [
    'select ts, diff(ts) from pns.tns',
    [
      [NS + 1n, 1n],
      [NS + 1_000_000_001n, 1_000_000_000n],
    ],
  ],
  [
    'select ts, csum(v) from pus.tu where ts > ' + String(US),
    [
      [US + 1500n, 2n],
      [US + 2_000_000n, 5n],
    ],
  ],
  // one row per child table: no equal timestamps inside a partition
  ['select diff(v) from jmeters partition by tbname', []],
];

describe('time-series function rows', () => {
  for (const [sql, rows] of ROWS) {
    it(sql, async () => {
      const r = await run(sql);
      expect(r.rows, `DuckDB: ${r.sql}`).toEqual(rows);
    });
  }

  it('equal timestamps on a merged super-table timeline raise 0x2805', async () => {
    const err = await run('select diff(v) from jmeters').then(
      () => undefined,
      (e: Error) => e,
    );
    const taos = errorFromSqlMessage(err?.message ?? '');
    expect(taos).toBeInstanceOf(TaosError);
    expect(taos?.code).toBe(Code.FUNC_DUP_TIMESTAMP);
  });
});

/** (TDengine SQL, [name, type, length] of each column). */
const COLUMNS: [string, [string, number, number][]][] = [
  ['select diff(voltage) from d1001', [['diff(voltage)', TC.BIGINT, 8]]],
  ['select diff(current) d from d1001', [['d', TC.DOUBLE, 8]]],
  [
    'select csum(cu), csum(ci), csum(cd) from tn',
    [
      ['csum(cu)', TC.UBIGINT, 8],
      ['csum(ci)', TC.BIGINT, 8],
      ['csum(cd)', TC.DOUBLE, 8],
    ],
  ],
  [
    'select ts, mavg(ci, 2) from tn',
    [
      ['ts', TC.TIMESTAMP, 8],
      ['mavg(ci, 2)', TC.DOUBLE, 8],
    ],
  ],
  ['select derivative(ci, 1s, 0) from tn', [['derivative(ci, 1s, 0)', TC.DOUBLE, 8]]],
  ["select statecount(ci, 'GT', 0) from tn", [["statecount(ci, 'GT', 0)", TC.BIGINT, 8]]],
];

const ERRORS: [string, number][] = [
  ['select diff(cs) from tn', Code.FUNC_INVALID_PARA_TYPE],
  ['select diff(ci, 4) from tn', Code.FUNC_INVALID_PARA_VALUE],
  ['select diff(ci, 1, 2) from tn', Code.FUNC_INVALID_PARA_NUM],
  ['select mavg(ci, 0) from tn', Code.FUNC_INVALID_PARA_VALUE],
  ['select mavg(ci, 1001) from tn', Code.FUNC_INVALID_PARA_VALUE],
  ['select derivative(ci, 10a, 0) from tn', Code.FUNC_INVALID_PARA_VALUE],
  ['select derivative(ci, 1s, 2) from tn', Code.FUNC_INVALID_PARA_VALUE],
  ["select statecount(ci, 'XX', 1) from tn", Code.FUNC_INVALID_PARA_VALUE],
  ["select stateduration(ci, 'GT', 1, 1u) from tn", Code.FUNC_TIME_UNIT_TOO_SMALL],
  ['select diff(diff(ci)) from tn', Code.AGG_FUNC_NESTING],
  ['select diff(name) from information_schema.ins_databases', Code.INVALID_TIMELINE_FUNC],
  ['select ci from tn where diff(ci) > 0', Code.OPS_NOT_SUPPORT],
  ['select diff(ci), count(*) from tn', Code.OPS_NOT_SUPPORT],
  ['select diff(ci), csum(ci) from tn', Code.OPS_NOT_SUPPORT],
  ['select diff(voltage) from meters interval(1m)', Code.OPS_NOT_SUPPORT],
];

const translate = (sql: string) => translateQuery(parse(sql) as Query, context());

describe('time-series function columns and errors', () => {
  for (const [sql, cols] of COLUMNS) {
    it(sql, () => {
      expect(translate(sql).columns.map((c) => [c.name, c.type, c.length])).toEqual(cols);
    });
  }
  for (const [sql, code] of ERRORS) {
    it(`${sql} → 0x${code.toString(16)}`, () => {
      let caught: unknown;
      try {
        translate(sql);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(TaosError);
      expect((caught as TaosError).code).toBe(code);
    });
  }
});
