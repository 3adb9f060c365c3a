import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureRunner, type RunResult } from './fixture.js';
import type { TranslateContext } from './types.js';

let run: (sql: string, over?: Partial<TranslateContext>) => Promise<RunResult>;
beforeAll(async () => {
  run = await fixtureRunner(await (await DuckDBInstance.create(':memory:')).connect());
});

/** (SQL, rows[, session]) — the function reference's examples and the session zone. */
const ROWS: [string, unknown[][], Partial<TranslateContext>?][] = [
  ["select weekday('2000-01-01'), dayofweek('2000-01-01'), weekofyear('2000-01-01')", [[5n, 7n, 52n]]],
  // fixture rows are 2024-01-01 (a Monday) 00:00 UTC; in New York still Sunday 2023-12-31
  ['select weekday(ts), dayofweek(ts), weekofyear(ts) from tn limit 1', [[0n, 2n, 1n]]],
  [
    'select weekday(ts), dayofweek(ts), weekofyear(ts) from tn limit 1',
    [[6n, 1n, 52n]],
    { timezone: 'America/New_York' },
  ],
  ['select weekday(ts) from pns.tns limit 1', [[0n]]],
  ['select weekday(null)', [[null]]],
];

describe('WEEKDAY / DAYOFWEEK / WEEKOFYEAR', () => {
  for (const [sql, rows, over] of ROWS) {
    it(`${sql} ${over?.timezone ?? ''}`, async () => {
      const r = await run(sql, over);
      expect(r.rows, `DuckDB: ${r.sql}`).toEqual(rows);
    });
  }
});
