import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { T0, fixtureRunner, type RunResult } from './fixture.js';
import type { TranslateContext } from './types.js';

let run: (sql: string, over?: Partial<TranslateContext>) => Promise<RunResult>;
beforeAll(async () => {
  run = await fixtureRunner(await (await DuckDBInstance.create(':memory:')).connect());
});

const s = (sec: number): bigint => T0 + BigInt(sec * 1000);
const SHANGHAI = { timezone: 'Asia/Shanghai' };
const ROW1 = `where ts = ${s(1)}`;

/** (TDengine SQL, expected rows[, session]) — scalar functions and operators on DuckDB. */
const ROWS: [string, unknown[][], Partial<TranslateContext>?][] = [
  // arithmetic → DOUBLE, division by zero → NULL, ts ± duration stays TIMESTAMP, bitwise → BIGINT
  [
    `select ci + cb, ci / 0, ci * 1.5, cu - 1, ci % 3, ci & 3, ci | 8, -ci, ts + 1s, ts - 1 from tn where ts = ${s(0)}`,
    [[11, null, 1.5, 99, 1, 1n, 9n, -1, s(1), s(0) - 1n]],
  ],
  ["select '2024-01-01 00:00:00' + 10s, - -5", [[s(10), 5n]]],
  // math keeps integer types; out-of-domain → NULL
  [
    'select abs(ci), ceil(cd), floor(cd), round(cd), sign(ci) from tn',
    [
      [1, 2, 1, 2, 1],
      [2, -2, -3, -3, -1],
      [null, null, null, null, null],
      [4, 0, 0, 0, 1],
    ],
  ],
  [
    'select mod(7, 3), pow(2, 10), log(8, 2), ln(0), sqrt(-1), asin(2), truncate(3.789, 2)',
    [[1, 1024, 3, null, null, null, 3.78]],
  ],
  ['select greatest(1, 5, 3), least(1, null), greatest(cd, ci) from tn where ci = 1', [[5n, null, 1.5]]],
  // strings: LENGTH counts bytes (NCHAR: 4 per character), CHAR_LENGTH characters
  [
    `select length(cs), char_length(cs), length(cn), char_length(cn) from tn where ts = ${s(0)}`,
    [[3n, 3n, 20n, 5n]],
  ],
  [
    "select concat(cs, '-', cn), concat_ws('|', cs, cs) from tn",
    [
      ['abc-héllo', 'abc|abc'],
      ['Hello World-中文', 'Hello World|Hello World'],
      [null, null],
      ['-x', '|'],
    ],
  ],
  [
    `select substr(cs, 2), substr(cs, 2, 2), substr(cs, -3, 2), substr(cs, 0), substring(cs, 1, 0) from tn ${ROW1}`,
    [['ello World', 'el', 'rl', '', '']],
  ],
  [
    `select lower(cs), upper(cs), replace(cs, 'l', 'L'), repeat('ab', 3), ascii(cs), position('World' in cs) from tn ${ROW1}`,
    [['hello world', 'HELLO WORLD', 'HeLLo WorLd', 'ababab', 72n, 7n]],
  ],
  ["select ltrim('  a '), rtrim(' a  '), trim('  a  ')", [['a ', ' a', 'a']]],
  // control flow
  [
    "select if(ci > 0, 'pos', 'neg'), ifnull(ci, -1), nvl2(ci, 'y', 'n'), nullif(ci, 1), coalesce(cb, ci, 0) from tn",
    [
      ['pos', 1n, 'y', null, 10n],
      ['neg', -2n, 'y', -2n, -2n],
      ['neg', -1n, 'n', null, 30n],
      ['pos', 4n, 'y', 4n, -40n],
    ],
  ],
  [
    "select case when ci > 0 then 'p' when ci < 0 then 'n' else 'z' end, case ci when 1 then 'one' end from tn",
    [
      ['p', 'one'],
      ['n', null],
      ['z', null],
      ['p', null],
    ],
  ],
  // CAST: floats truncate, strings parse a numeric prefix
  [
    "select cast(cd as int), cast(cs as int), cast('12ab' as bigint), cast(ci as double), cast(cbool as int), cast(ci as varchar(1)) from tn",
    [
      [1, 0, 12n, 1, 1, '1'],
      [-2, 0, 12n, -2, 0, '-'],
      [null, null, 12n, null, null, null],
      [0, 0, 12n, 4, 1, '4'],
    ],
  ],
  // time functions
  [
    "select timetruncate(ts, 1m), timediff(ts, 1704067200000, 1s), timediff(ts, '2024-01-01 00:00:00') from d1001",
    [
      [s(0), 0n, 0n],
      [s(0), 10n, 10000n],
      [s(0), 20n, 20000n],
      [s(60), 70n, 70000n],
    ],
  ],
  [
    'select timetruncate(ts, 1d), timetruncate(ts, 1d, 0) from d1002 limit 1',
    [[s(-8 * 3600), s(0)]],
    SHANGHAI,
  ],
  [
    "select to_iso8601(ts), to_iso8601(ts, '-05:30') from d1002 limit 1",
    [['2024-01-01T00:00:05.000+00:00', '2023-12-31T18:30:05.000-05:30']],
  ],
  ['select to_iso8601(ts) from d1002 limit 1', [['2024-01-01T08:00:05.000+08:00']], SHANGHAI],
  [
    'select to_iso8601(ts) from d1002 limit 1',
    [['2024-01-01T01:00:05.000+01:00']],
    { timezone: 'Europe/Paris' },
  ],
  [
    'select to_iso8601(ts) from pns.tns limit 2',
    [['2024-01-01T00:00:00.000000000+00:00'], ['2024-01-01T00:00:00.000000001+00:00']],
  ],
  [
    "select to_unixtimestamp('2024-01-01T00:00:10Z'), to_unixtimestamp('2024-01-01 08:00:00', 1), to_unixtimestamp('nope')",
    [[s(10), s(0), null]],
    SHANGHAI,
  ],
  ['select now(), now, today()', [[s(600), s(600), s(0)]]],
  ['select today()', [[s(-8 * 3600)]], SHANGHAI],
  ['select today() from pus.tu limit 1', [[T0 * 1000n]]],
  // system functions
  [
    'select database(), server_version(), client_version(), server_status(), current_user(), user()',
    [['power', '3.3.6.0', '3.3.6.0', 1, 'root@localhost', 'root@localhost']],
  ],
  ['select timezone()', [['UTC (UTC, +0000)']]],
  // JSON tags: CONTAINS, ->
  ["select tbname from jmeters where info contains 'n'", [['j1']]],
  ["select tbname, info->'k' from jmeters where info->'k' = 'b'", [['j2', '"b"']]],
  ["select tbname from jmeters where info->'n' = 1", [['j1']]],
  ['select tbname from jmeters where info is null', [['j3']]],
];

describe('scalar rows', () => {
  for (const [sql, rows, over] of ROWS) {
    it(`${sql}${over ? ` [${JSON.stringify(over)}]` : ''}`, async () => {
      const r = await run(sql, over);
      expect(r.rows, `DuckDB: ${r.sql}`).toEqual(rows);
    });
  }
});
