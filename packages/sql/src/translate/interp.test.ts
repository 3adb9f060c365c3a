import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { T0, fixtureRunner, type RunResult } from './fixture.js';
import type { TranslateContext } from './types.js';

let run: (sql: string, over?: Partial<TranslateContext>) => Promise<RunResult>;
beforeAll(async () => {
  run = await fixtureRunner(await (await DuckDBInstance.create(':memory:')).connect());
});

const s = (sec: number): bigint => T0 + BigInt(sec * 1000);
const R30 = "range('2024-01-01 00:00:00', '2024-01-01 00:00:30') every(5s)";
const col = (rows: unknown[][], k: number) => rows.map((r) => r[k]);

/** (TDengine SQL, expected rows) — d1001: 0s v219 c10, 10s v220 c12, 20s v221 c=NULL, 70s v=NULL c11. */
const ROWS: [string, unknown[][]][] = [
  [
    `select _irowts, _isfilled, interp(voltage) from d1001 ${R30} fill(prev)`,
    [
      [s(0), false, 219],
      [s(5), true, 219],
      [s(10), false, 220],
      [s(15), true, 220],
      [s(20), false, 221],
      [s(25), true, 221],
      [s(30), true, 221],
    ],
  ],
  [
    `select interp(voltage) from d1001 ${R30} fill(next)`,
    [[219], [220], [220], [221], [221], [null], [null]],
  ],
  [
    `select interp(voltage) from d1001 ${R30} fill(linear)`,
    [[219], [219], [220], [220], [221], [null], [null]],
  ],
  [
    `select interp(voltage) from d1001 ${R30} fill(null)`,
    [[219], [null], [220], [null], [221], [null], [null]],
  ],
  [`select interp(voltage) from d1001 ${R30} fill(value, 1)`, [[219], [1], [220], [1], [221], [1], [1]]],
  [`select interp(voltage) from d1001 ${R30} fill(near)`, [[219], [219], [220], [220], [221], [221], [221]]],
  [
    `select interp(current, 1) from d1001 ${R30} fill(linear)`,
    [
      [10],
      [11],
      [12],
      [Math.fround(12 - 5 / 60)],
      [Math.fround(12 - 10 / 60)],
      [Math.fround(12 - 15 / 60)],
      [Math.fround(12 - 20 / 60)],
    ],
  ],
  [
    "select _irowts, _irowts_origin, interp(voltage) from d1001 range('2024-01-01 00:00:00', '2024-01-01 00:00:10') every(5s) fill(prev)",
    [
      [s(0), s(0), 219],
      [s(5), s(0), 219],
      [s(10), s(10), 220],
    ],
  ],
  ["select interp(voltage) from d1001 range('2024-01-01 00:00:12') fill(prev)", [[220]]],
  [
    "select _irowts, tbname, interp(voltage) from meters partition by tbname range('2024-01-01 00:00:05', '2024-01-01 00:00:10') every(5s) fill(prev)",
    [
      [s(5), 'd1001', 219],
      [s(10), 'd1001', 220],
      [s(5), 'd1002', 218],
      [s(10), 'd1002', 218],
    ],
  ],
  [
    "select _irowts, interp(voltage) from d1001 where ts > '2024-01-01 00:00:00' range('2024-01-01 00:00:00', '2024-01-01 00:00:10') every(5s) fill(prev)",
    [[s(10), 220]],
  ],
];

describe('interp rows', () => {
  for (const [sql, rows] of ROWS) {
    it(sql, async () => {
      const r = await run(sql);
      expect(r.rows, `DuckDB: ${r.sql}`).toEqual(rows);
    });
  }
  it('names INTERP columns by their text', async () => {
    const r = await run(`select _irowts, interp(voltage) from d1001 ${R30} fill(prev)`);
    expect(r.columns.map((c) => c.name)).toEqual(['_irowts', 'interp(voltage)']);
    expect(col(r.rows, 0)).toHaveLength(7);
  });
});
