import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Query } from '../ast/index.js';
import { parse } from '../parse/index.js';
import { T0, context, fixtureRunner, type RunResult } from './fixture.js';
import { translateQuery } from './index.js';
import type { TranslateContext } from './types.js';

let run: (sql: string, over?: Partial<TranslateContext>) => Promise<RunResult>;
beforeAll(async () => {
  run = await fixtureRunner(await (await DuckDBInstance.create(':memory:')).connect());
});

const s = (sec: number): bigint => T0 + BigInt(sec * 1000);
const DAY = 86400;
const lin = (w: number) => 12 + ((11 - 12) * (w - 10) * 1000) / 60000;
const RANGE90 = "where ts >= '2024-01-01 00:00:00' and ts < '2024-01-01 00:01:30'";

/** (TDengine SQL, expected rows[, session]) — INTERVAL / SLIDING / FILL on DuckDB. */
const ROWS: [string, unknown[][], Partial<TranslateContext>?][] = [
  [
    'select _wstart, count(*), avg(voltage) from meters interval(1m)',
    [
      [s(0), 5n, 221.6],
      [s(60), 2n, 222],
      [s(120), 1n, 231],
    ],
  ],
  [
    'select _wstart, _wend, _wduration, count(*) from d1001 interval(30s)',
    [
      [s(0), s(30), 30000n, 3n],
      [s(60), s(90), 30000n, 1n],
    ],
  ],
  [
    'select _wstart, count(*) from meters interval(1m, 10s)',
    [
      [s(-50), 2n],
      [s(10), 4n],
      [s(70), 2n],
    ],
  ],
  [
    'select _wstart, count(*) from d1001 interval(20s) sliding(10s)',
    [
      [s(-10), 1n],
      [s(0), 2n],
      [s(10), 2n],
      [s(20), 1n],
      [s(60), 1n],
      [s(70), 1n],
    ],
  ],
  [
    'select _wstart, tbname, count(*) from meters partition by tbname interval(1m)',
    [
      [s(0), 'd1001', 3n],
      [s(60), 'd1001', 1n],
      [s(0), 'd1002', 1n],
      [s(60), 'd1002', 1n],
      [s(0), 'd1003', 1n],
      [s(120), 'd1003', 1n],
    ],
  ],
  [
    'select _wstart, tbname, count(*) from meters partition by tbname interval(1m) limit 1',
    [
      [s(0), 'd1001', 3n],
      [s(0), 'd1002', 1n],
      [s(0), 'd1003', 1n],
    ],
  ],
  [
    'select _wstart, max(voltage) from meters interval(1m) order by _wstart desc limit 2',
    [
      [s(120), 231],
      [s(60), 222],
    ],
  ],
  [
    'select _wstart, ts, max(voltage) from meters interval(1m)',
    [
      [s(0), s(15), 230],
      [s(60), s(65), 222],
      [s(120), s(125), 231],
    ],
  ],
  [
    'select _wstart, count(*) from meters interval(1m) having count(*) > 1',
    [
      [s(0), 5n],
      [s(60), 2n],
    ],
  ],
  [
    'select _wstart + 1s, count(*) from d1002 interval(1m)',
    [
      [s(1), 1n],
      [s(61), 1n],
    ],
  ],
  // d/w windows start at local midnight of the session zone
  ['select _wstart, count(*) from meters interval(1d)', [[s(0), 8n]]],
  ['select _wstart, count(*) from meters interval(1d)', [[s(-8 * 3600), 8n]], { timezone: 'Asia/Shanghai' }],
  ['select _wstart, count(*) from meters interval(1h)', [[s(0), 8n]], { timezone: 'Asia/Shanghai' }],
  // FILL over the WHERE range
  [
    `select _wstart, max(voltage) from d1001 ${RANGE90} interval(20s) fill(null)`,
    [
      [s(0), 220],
      [s(20), 221],
      [s(40), null],
      [s(60), null],
      [s(80), null],
    ],
  ],
  [
    `select _wstart, max(voltage) from d1001 ${RANGE90} interval(20s) fill(value, -1)`,
    [
      [s(0), 220],
      [s(20), 221],
      [s(40), -1],
      [s(60), null],
      [s(80), -1],
    ],
  ],
  [
    `select _wstart, max(voltage) from d1001 ${RANGE90} interval(20s) fill(prev)`,
    [
      [s(0), 220],
      [s(20), 221],
      [s(40), 221],
      [s(60), null],
      [s(80), null],
    ],
  ],
  [
    `select _wstart, max(voltage) from d1001 ${RANGE90} interval(20s) fill(next)`,
    [
      [s(0), 220],
      [s(20), 221],
      [s(40), null],
      [s(60), null],
      [s(80), null],
    ],
  ],
  [
    `select _wstart, max(voltage) from d1001 ${RANGE90} interval(20s) fill(none)`,
    [
      [s(0), 220],
      [s(20), 221],
      [s(60), null],
    ],
  ],
  [
    'select _wstart, avg(current) from d1001 where current is not null interval(10s) fill(linear)',
    [
      [s(0), 10],
      [s(10), 12],
      [s(20), lin(20)],
      [s(30), lin(30)],
      [s(40), lin(40)],
      [s(50), lin(50)],
      [s(60), lin(60)],
      [s(70), 11],
    ],
  ],
  [
    'select _wstart, avg(current) from d1001 where current is not null interval(10s) fill(prev) limit 3 offset 1',
    [
      [s(10), 12],
      [s(20), 12],
      [s(30), 12],
    ],
  ],
  [
    'select _wstart, _wend, count(*) from d1001 where current is not null interval(30s) fill(null)',
    [
      [s(0), s(30), 2n],
      [s(30), s(60), null],
      [s(60), s(90), 1n],
    ],
  ],
  [
    `select _wstart, tbname, count(*) from meters ${RANGE90} partition by tbname interval(30s) fill(value, 0)`,
    [
      [s(0), 'd1001', 3n],
      [s(30), 'd1001', 0n],
      [s(60), 'd1001', 1n],
      [s(0), 'd1002', 1n],
      [s(30), 'd1002', 0n],
      [s(60), 'd1002', 1n],
      [s(0), 'd1003', 1n],
      [s(30), 'd1003', 0n],
      [s(60), 'd1003', 0n],
    ],
  ],
  // no data in range: FILL only with the _F modes
  [
    'select _wstart, count(*) from d1004 where ts >= 1704067200000 and ts < 1704067230000 interval(10s) fill(null)',
    [],
  ],
  [
    'select _wstart, count(*) from d1004 where ts >= 1704067200000 and ts < 1704067230000 interval(10s) fill(null_f)',
    [
      [s(0), null],
      [s(10), null],
      [s(20), null],
    ],
  ],
  [
    'select _wstart, count(*) from d1004 where ts >= 1704067200000 and ts < 1704067220000 interval(10s) fill(value_f, 7)',
    [
      [s(0), 7n],
      [s(10), 7n],
    ],
  ],
  // windows over a nested query use its first TIMESTAMP column
  [
    'select _wstart, sum(c) from (select _wstart, count(*) c from meters interval(10s)) interval(1m)',
    [
      [s(0), 5n],
      [s(60), 2n],
      [s(120), 1n],
    ],
  ],
  // calendar units: months/years in the session zone
  [
    'select _wstart, _wend, _wduration, count(*) from meters interval(1n)',
    [[s(0), s(31 * DAY), BigInt(31 * DAY * 1000), 8n]],
  ],
  [
    'select _wstart, _wend, count(*) from meters interval(1n)',
    [[s(-8 * 3600), s(31 * DAY - 8 * 3600), 8n]],
    { timezone: 'Asia/Shanghai' },
  ],
  [
    'select _wstart, _wend, count(*) from meters interval(1n)',
    [[s(-31 * DAY + 5 * 3600), s(5 * 3600), 8n]],
    { timezone: 'America/New_York' },
  ],
  ['select _wstart, _wend from d1001 interval(2n) limit 1', [[s(0), s(60 * DAY)]]],
  [
    'select _wstart, _wend, count(*) from pns.tns interval(1y)',
    [[T0 * 1_000_000n, (T0 + BigInt(366 * DAY * 1000)) * 1_000_000n, 3n]],
  ],
  ['select _wstart, count(*) from meters interval(1n)', [[s(-8 * 3600), 8n]], { timezone: '+08:00' }],
  // SESSION / STATE_WINDOW / COUNT_WINDOW: _wend is the last row's ts
  [
    'select _wstart, _wend, _wduration, count(*) from d1001 session(ts, 15s)',
    [
      [s(0), s(20), 20000n, 3n],
      [s(70), s(70), 0n, 1n],
    ],
  ],
  [
    'select _wstart, count(*) from meters session(ts, 30s)',
    [
      [s(0), 5n],
      [s(65), 2n],
      [s(125), 1n],
    ],
  ],
  [
    'select tbname, _wstart, count(*) from meters partition by tbname session(ts, 30s)',
    [
      ['d1001', s(0), 3n],
      ['d1001', s(70), 1n],
      ['d1002', s(5), 1n],
      ['d1002', s(65), 1n],
      ['d1003', s(15), 1n],
      ['d1003', s(125), 1n],
    ],
  ],
  [
    'select _wstart, count(*), first(current) from d1001 state_window(cast(current as int))',
    [
      [s(0), 1n, 10],
      [s(10), 2n, 12],
      [s(70), 1n, 11],
    ],
  ],
  [
    'select _wstart, count(*) from tn state_window(ci > 0)',
    [
      [s(0), 1n],
      [s(1), 2n],
      [s(3), 1n],
    ],
  ],
  [
    'select _wstart, _wend, count(*) from meters count_window(2)',
    [
      [s(0), s(5), 2n],
      [s(10), s(15), 2n],
      [s(20), s(65), 2n],
      [s(70), s(125), 2n],
    ],
  ],
  [
    'select _wstart, count(*) from d1001 where voltage is not null count_window(2)',
    [
      [s(0), 2n],
      [s(20), 1n],
    ],
  ],
  // us / ns precision
  [
    "select _wstart, count(*) from pns.tns where ts < '2024-01-01 00:00:01' interval(10a)",
    [[T0 * 1_000_000n, 2n]],
  ],
  [
    'select _wstart, count(*) from pus.tu interval(10a)',
    [
      [T0 * 1000n, 2n],
      [T0 * 1000n + 2_000_000n, 1n],
    ],
  ],
];

describe('window rows', () => {
  for (const [sql, rows, over] of ROWS) {
    it(`${sql}${over ? ` [${JSON.stringify(over)}]` : ''}`, async () => {
      const r = await run(sql, over);
      expect(r.rows, `DuckDB: ${r.sql}`).toEqual(rows);
    });
  }
});

describe('row bound of window queries (lets the engine read a small result in one call)', () => {
  const bound = (sql: string) => translateQuery(parse(sql) as Query, context()).maxRows;
  it.each([
    [`select _wstart, count(*) from meters ${RANGE90} interval(30s)`, 3n],
    [`select _wstart, count(*) from meters ${RANGE90} interval(30s) fill(null)`, 3n],
    [`select _wstart, count(*) from d1001 ${RANGE90} interval(30s) sliding(10s)`, 11n],
    [`select _wstart, avg(voltage) from meters ${RANGE90} interval(1s)`, 90n],
    ['select _wstart, count(*) from meters interval(30s)', undefined], // no time range
    [`select _wstart, count(*) from meters ${RANGE90} partition by tbname interval(30s)`, undefined],
    [`select _wstart, count(*) from meters ${RANGE90} interval(1n)`, undefined], // calendar months
    [`select _wstart, count(*) from meters ${RANGE90} state_window(voltage)`, undefined],
  ])('%s → %s', async (sql, want) => {
    expect(bound(sql)).toBe(want);
    if (want !== undefined) expect(BigInt((await run(sql)).rows.length)).toBeLessThanOrEqual(want);
  });
});
