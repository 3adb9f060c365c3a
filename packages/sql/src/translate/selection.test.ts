import { DuckDBInstance } from '@duckdb/node-api';
import { Code, TaosError, TypeCode as TC } from '@taosts/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { T0, fixtureRunner, type RunResult } from './fixture.js';
import type { TranslateContext } from './types.js';

let run: (sql: string, over?: Partial<TranslateContext>) => Promise<RunResult>;
beforeAll(async () => {
  run = await fixtureRunner(await (await DuckDBInstance.create(':memory:')).connect());
});

const s = (sec: number): bigint => T0 + BigInt(sec * 1000);

/** TAIL/UNIQUE/SAMPLE, several percentiles, LEASTSQUARES, GROUP_CONCAT — (SQL, rows). */
const ROWS: [string, unknown[][]][] = [
  ['select tail(voltage, 2) from d1001', [[null], [221]]],
  [
    'select ts, tail(current, 2, 1) from d1001',
    [
      [s(20), null],
      [s(10), 12],
    ],
  ],
  [
    'select tbname, tail(voltage, 1) from meters partition by tbname',
    [
      ['d1001', null],
      ['d1002', 222],
      ['d1003', 231],
    ],
  ],
  [
    'select ts, unique(cbool) from tn',
    [
      [s(0), true],
      [s(1), false],
      [s(2), null],
    ],
  ],
  [
    'select tbname, unique(groupid) from meters',
    [
      ['d1001', 2],
      ['d1002', 3],
    ],
  ],
  ['select sample(voltage, 10) from d1001', [[219], [220], [221], [null]]],
  ['select count(*) from (select sample(voltage, 3) from meters)', [[3n]]],
  ['select percentile(voltage, 0, 50, 100) from d1001', [['[219.000000, 220.000000, 221.000000]']]],
  ['select percentile(current, 50, 75) from d1001', [['[11.000000, 11.500000]']]],
  ['select leastsquares(voltage, 1, 1) from d1001', [['{slop:1.000000, intercept:218.000000}']]],
  // points (0, 1), (2, −2), (4, 4): the NULL row does not take a position
  ['select leastsquares(ci, 0, 2) from tn', [['{slop:0.750000, intercept:-0.500000}']]],
  ["select group_concat(cs, cn, ':') from tn", [['abchéllo:Hello World中文:x']]],
  [
    "select tbname, group_concat(location, '|') from meters partition by tbname",
    [
      [
        'd1001',
        'California.SanFrancisco|California.SanFrancisco|California.SanFrancisco|California.SanFrancisco',
      ],
      ['d1002', 'California.SanFrancisco|California.SanFrancisco'],
      ['d1003', 'California.LosAngeles|California.LosAngeles'],
    ],
  ],
];

describe('selection and multi-value aggregates', () => {
  for (const [sql, rows] of ROWS) {
    it(sql, async () => {
      const r = await run(sql);
      expect(r.rows, `DuckDB: ${r.sql}`).toEqual(rows);
    });
  }
  it('result columns', async () => {
    const r = await run('select percentile(voltage, 10, 90), leastsquares(voltage, 1, 1) from d1001');
    expect(r.columns.map((c) => [c.name, c.type])).toEqual([
      ['percentile(voltage, 10, 90)', TC.VARCHAR],
      ['leastsquares(voltage, 1, 1)', TC.VARCHAR],
    ]);
    const t = await run('select tail(voltage, 1) from d1001');
    expect(t.columns.map((c) => [c.name, c.type])).toEqual([['tail(voltage, 1)', TC.INT]]);
  });
  for (const [sql, code] of [
    ['select tail(voltage, 0) from d1001', Code.FUNC_INVALID_PARA_VALUE],
    ['select tail(voltage, 1, 101) from d1001', Code.FUNC_INVALID_PARA_VALUE],
    ['select sample(voltage, 1001) from d1001', Code.FUNC_INVALID_PARA_VALUE],
    ['select unique(voltage, 1) from d1001', Code.FUNC_INVALID_PARA_NUM],
    ['select percentile(voltage, 10, 101) from d1001', Code.FUNC_INVALID_PARA_VALUE],
    ["select group_concat(voltage, ',') from d1001", Code.FUNC_INVALID_PARA_TYPE],
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
