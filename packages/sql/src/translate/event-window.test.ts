import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { T0, fixtureRunner, type RunResult } from './fixture.js';

let run: (sql: string) => Promise<RunResult>;
beforeAll(async () => {
  run = await fixtureRunner(await (await DuckDBInstance.create(':memory:')).connect());
});

const s = (sec: number): bigint => T0 + BigInt(sec * 1000);

/**
 * EVENT_WINDOW (sql.md §4.10). Merged meters timeline (ts s: voltage): 0:219 5:218 10:220
 * 15:230 20:221 65:222 70:NULL 125:231; d1001 is 0:219 10:220 20:221 70:NULL.
 */
const ROWS: [string, unknown[][]][] = [
  [
    'select _wstart, _wend, _wduration, count(*) from d1001 event_window start with voltage >= 220 end with voltage >= 221',
    [[s(10), s(20), 10000n, 2n]],
  ],
  // a row can open and close its own window; a row that only ends opens nothing
  [
    'select _wstart, count(*) from d1001 event_window start with voltage > 219 end with voltage > 0',
    [
      [s(10), 1n],
      [s(20), 1n],
    ],
  ],
  // starts are ignored while a window is open; one merged timeline without PARTITION BY
  [
    'select _wstart, _wend, count(*), max(voltage) from meters event_window start with voltage > 0 end with voltage > 220',
    [
      [s(0), s(15), 4n, 230],
      [s(20), s(20), 1n, 221],
      [s(65), s(65), 1n, 222],
      [s(125), s(125), 1n, 231],
    ],
  ],
  [
    'select tbname, _wstart, _wend, count(*) from meters partition by tbname event_window start with voltage < 220 end with voltage > 220',
    [
      ['d1001', s(0), s(20), 3n],
      ['d1002', s(5), s(65), 2n],
    ],
  ],
  // an unclosed trailing window is dropped
  ['select count(*) from d1001 event_window start with voltage > 220 end with voltage > 1000', []],
];

describe('EVENT_WINDOW', () => {
  for (const [sql, rows] of ROWS) {
    it(sql, async () => {
      const r = await run(sql);
      expect(r.rows, `DuckDB: ${r.sql}`).toEqual(rows);
    });
  }
});
