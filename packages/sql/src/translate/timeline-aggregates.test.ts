import { DuckDBInstance } from '@duckdb/node-api';
import { Code, TaosError } from '@taosts/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { T0, fixtureRunner, type RunResult } from './fixture.js';
import type { TranslateContext } from './types.js';

let run: (sql: string, over?: Partial<TranslateContext>) => Promise<RunResult>;
beforeAll(async () => {
  run = await fixtureRunner(await (await DuckDBInstance.create(':memory:')).connect());
});

const s = (sec: number): bigint => T0 + BigInt(sec * 1000);
const near = (x: number): unknown => expect.closeTo(x, 9);

// d1001: ts 0/10/20/70 s, current 10/12/NULL/11. INTERVAL(30s) windows [0,30) and [60,90):
// TWA interpolates toward the point at 70 s up to the first window's last tick (29 999 ms), and
// from the point at 10 s back to the second window's start.
const ve = 12 + ((11 - 12) * (29999 - 10000)) / (70000 - 10000);
const twa0 = (11 * 10000 + ((12 + ve) / 2) * 19999) / 29999;
const vs = 12 + ((11 - 12) * (60000 - 10000)) / (70000 - 10000);
const twa1 = (((vs + 11) / 2) * 10000) / 10000;

/** (TDengine SQL, expected rows) over fixture.ts. */
const ROWS: [string, unknown[][]][] = [
  // IRATE: last two non-NULL points; a decrease counts the last value
  ['select irate(current) from d1001', [[near(11 / 60)]]],
  ['select irate(voltage) from d1001', [[near(0.1)]]],
  ['select irate(voltage) from d1002 where ts > ' + String(s(10)), [[0]]],
  ['select irate(voltage) from d1001 where voltage is null', [[null]]],
  ['select irate(current) from d1001 where ts < ' + String(s(5)), [[0]]],
  ['select irate(v) from pus.tu', [[near(1e6 / 1998500)]]],
  [
    'select tbname, irate(voltage) from meters partition by tbname',
    [
      ['d1001', near(0.1)],
      ['d1002', near(4 / 60)],
      ['d1003', near(1 / 110)],
    ],
  ],
  // TWA
  ['select twa(voltage) from d1001', [[near(220)]]],
  ['select twa(current) from d1001', [[near(800 / 70)]]],
  ['select twa(voltage) from d1003 where ts < ' + String(s(20)), [[230]]],
  [
    'select _wstart, twa(current) from d1001 interval(30s)',
    [
      [s(0), near(twa0)],
      [s(60), near(twa1)],
    ],
  ],
  // ELAPSED
  ['select elapsed(ts), elapsed(ts, 1s) from d1001', [[70000, 70]]],
  ['select elapsed(ts) from pus.tu', [[2000000]]],
  ['select elapsed(ts, 1a) from pus.tu', [[2000]]],
  [
    'select tbname, elapsed(ts, 1s) from meters group by tbname',
    [
      ['d1001', 70],
      ['d1002', 60],
      ['d1003', 110],
    ],
  ],
  [
    'select _wstart, elapsed(ts, 1s), count(*) from d1001 interval(30s)',
    [
      [s(0), 30, 3n],
      [s(60), 10, 1n],
    ],
  ],
  [
    'select _wstart, elapsed(ts, 1s) from d1001 interval(20s)',
    [
      [s(0), 20],
      [s(20), 20],
      [s(60), 10],
    ],
  ],
  [
    'select elapsed(ts, 1s), irate(voltage) from d1001 session(ts, 10s)',
    [
      [20, near(0.1)],
      [0, null],
    ],
  ],
];

describe('timeline aggregates', () => {
  for (const [sql, rows] of ROWS) {
    it(sql, async () => {
      const r = await run(sql);
      expect(r.rows, `DuckDB: ${r.sql}`).toEqual(rows);
    });
  }
  for (const [sql, code] of [
    ['select elapsed(ts) from meters', Code.INVALID_TIMELINE_FUNC],
    ['select elapsed(voltage) from d1001', Code.FUNC_INVALID_PARA_TYPE],
    ['select elapsed(ts, 1u) from d1001', Code.FUNC_TIME_UNIT_TOO_SMALL],
    ['select twa(location) from d1001', Code.FUNC_INVALID_PARA_TYPE],
  ] as const) {
    it(`${sql} → 0x${code.toString(16)}`, async () => {
      const err = await run(sql).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(TaosError);
      expect((err as TaosError).code).toBe(code);
    });
  }
});
