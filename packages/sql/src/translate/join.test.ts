import { Code, TaosError } from '@taosts/protocol';
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

// ja: (0 s, 1, 'a'), (1 s, 2, 'b'), (2 s, 3, NULL), (4 s, 4, 'd')
// jb: (1 s, 10, 1.5), (2 s, 20, NULL), (3 s, 30, 3.5), (4 s, NULL, 4.5)
/** (TDengine SQL, column names, rows) — executed on DuckDB. */
const ROWS: [string, string[], unknown[][]][] = [
  // INNER JOIN: `*` = all data columns of both tables, plain names (sql.md §4.2, §4.3)
  [
    'select * from ja a join jb b on a.ts = b.ts',
    ['ts', 'v', 's', 'ts', 'v', 'w'],
    [
      [s(1), 2, 'b', s(1), 10, 1.5],
      [s(2), 3, null, s(2), 20, null],
      [s(4), 4, 'd', s(4), null, 4.5],
    ],
  ],
  [
    'select a.ts, a.v, b.v, b.w from ja a, jb b where a.ts = b.ts and b.v > 10',
    ['ts', 'v', 'v', 'w'],
    [[s(2), 3, 20, null]],
  ],
  ['select ja.v, jb.v from ja, jb where jb.ts = ja.ts and ja.s is null', ['v', 'v'], [[3, 20]]],
  [
    'select b.*, a.v as av from ja a inner join jb b on a.ts = b.ts and a.v > 2',
    ['ts', 'v', 'w', 'av'],
    [
      [s(2), 20, null, 3],
      [s(4), null, 4.5, 4],
    ],
  ],
  [
    'select a.v + b.v, _rowts from ja a join jb b on a.ts = b.ts where b.v is not null',
    ['a.v + b.v', '_rowts'],
    [
      [12, s(1)],
      [23, s(2)],
    ],
  ],
  [
    'select count(*), max(b.w), sum(a.v) from ja a join jb b on a.ts = b.ts',
    ['count(*)', 'max(b.w)', 'sum(a.v)'],
    [[3n, 4.5, 9n]],
  ],
  [
    'select a.s, count(*) from ja a join jb b on a.ts = b.ts group by a.s',
    ['s', 'count(*)'],
    [
      ['b', 1n],
      ['d', 1n],
      [null, 1n],
    ],
  ],
  [
    'select a.v, b.v from ja a join jb b on a.ts = b.ts order by b.v desc limit 2',
    ['v', 'v'],
    [
      [4, null],
      [3, 20],
    ],
  ],
  [
    'select _wstart, count(*), last(b.v) from ja a join jb b on a.ts = b.ts interval(2s)',
    ['_wstart', 'count(*)', 'last(b.v)'],
    [
      [s(0), 1n, 10],
      [s(2), 1n, 20],
      [s(4), 1n, null],
    ],
  ],
  // TIMETRUNCATE in the primary condition; child tables of one super table
  [
    'select a.ts, b.ts from d1001 a join d1002 b on timetruncate(a.ts, 1m) = timetruncate(b.ts, 1m)',
    ['ts', 'ts'],
    [
      [s(0), s(5)],
      [s(10), s(5)],
      [s(20), s(5)],
      [s(70), s(65)],
    ],
  ],
  // super tables: tags and tbname per side; `*` has no tags
  [
    "select a.tbname, b.tbname, a.ts, b.ts, b.location from meters a join meters b on timetruncate(a.ts, 1m) = timetruncate(b.ts, 1m) where a.tbname = 'd1002' and b.groupid = 2",
    ['tbname', 'tbname', 'ts', 'ts', 'location'],
    [
      ['d1002', 'd1001', s(5), s(0), 'California.SanFrancisco'],
      ['d1002', 'd1001', s(5), s(10), 'California.SanFrancisco'],
      ['d1002', 'd1003', s(5), s(15), 'California.LosAngeles'],
      ['d1002', 'd1001', s(5), s(20), 'California.SanFrancisco'],
      ['d1002', 'd1001', s(65), s(70), 'California.SanFrancisco'],
    ],
  ],
  [
    'select count(*) from meters a join meters b on timetruncate(a.ts, 1m) = timetruncate(b.ts, 1m) and a.location = b.location',
    ['count(*)'],
    [[22n]],
  ],
  [
    'select * from d1002 a join meters b on a.ts = b.ts',
    ['ts', 'current', 'voltage', 'phase', 'ts', 'current', 'voltage', 'phase'],
    [
      [s(5), 9, 218, 0.375, s(5), 9, 218, 0.375],
      [s(65), 13.5, 222, null, s(65), 13.5, 222, null],
    ],
  ],
  // OUTER joins
  [
    'select a.ts, a.v, b.ts, b.v from ja a left join jb b on a.ts = b.ts',
    ['ts', 'v', 'ts', 'v'],
    [
      [s(0), 1, null, null],
      [s(1), 2, s(1), 10],
      [s(2), 3, s(2), 20],
      [s(4), 4, s(4), null],
    ],
  ],
  [
    'select a.v, b.v from ja a left outer join jb b on a.ts = b.ts and b.v > 10',
    ['v', 'v'],
    [
      [1, null],
      [2, null],
      [3, 20],
      [4, null],
    ],
  ],
  [
    'select _rowts, a.v, b.v from ja a right join jb b on a.ts = b.ts',
    ['_rowts', 'v', 'v'],
    [
      [s(1), 2, 10],
      [s(2), 3, 20],
      [s(3), null, 30],
      [s(4), 4, null],
    ],
  ],
  [
    'select a.ts, b.ts from ja a full outer join jb b on a.ts = b.ts',
    ['ts', 'ts'],
    [
      [s(0), null],
      [s(1), s(1)],
      [s(2), s(2)],
      [null, s(3)],
      [s(4), s(4)],
    ],
  ],
  // SEMI / ANTI
  [
    'select a.ts, a.v, b.v from ja a left semi join jb b on a.ts = b.ts',
    ['ts', 'v', 'v'],
    [
      [s(1), 2, 10],
      [s(2), 3, 20],
      [s(4), 4, null],
    ],
  ],
  [
    'select b.ts, b.v from ja a right semi join jb b on a.ts = b.ts and a.v >= 3',
    ['ts', 'v'],
    [
      [s(2), 20],
      [s(4), null],
    ],
  ],
  // one row per driving row even when several rows of the other table match
  [
    'select count(*) from d1001 a left semi join meters b on timetruncate(a.ts, 1m) = timetruncate(b.ts, 1m)',
    ['count(*)'],
    [[4n]],
  ],
  ['select a.ts, a.v, b.v from ja a left anti join jb b on a.ts = b.ts', ['ts', 'v', 'v'], [[s(0), 1, null]]],
  [
    'select b.ts, b.v, a.v from ja a right anti join jb b on a.ts = b.ts',
    ['ts', 'v', 'v'],
    [[s(3), 30, null]],
  ],
  // LEFT ASOF: closest row of the right table; default `>=`
  [
    'select a.ts, b.ts, b.v from ja a left asof join jb b',
    ['ts', 'ts', 'v'],
    [
      [s(0), null, null],
      [s(1), s(1), 10],
      [s(2), s(2), 20],
      [s(4), s(4), null],
    ],
  ],
  [
    'select a.ts, b.ts from ja a left asof join jb b on a.ts < b.ts',
    ['ts', 'ts'],
    [
      [s(0), s(1)],
      [s(1), s(2)],
      [s(2), s(3)],
      [s(4), null],
    ],
  ],
  [
    'select a.ts, b.ts from ja a left asof join jb b on b.ts < a.ts',
    ['ts', 'ts'],
    [
      [s(0), null],
      [s(1), null],
      [s(2), s(1)],
      [s(4), s(3)],
    ],
  ],
  [
    'select a.ts, b.ts from ja a left asof join jb b on a.ts = b.ts',
    ['ts', 'ts'],
    [
      [s(0), null],
      [s(1), s(1)],
      [s(2), s(2)],
      [s(4), s(4)],
    ],
  ],
  [
    'select a.ts, b.tbname, b.ts from d1002 a left asof join meters b on a.ts > b.ts and a.groupid = b.groupid',
    ['ts', 'tbname', 'ts'],
    [
      [s(5), null, null],
      [s(65), 'd1002', s(5)],
    ],
  ],
];

describe('JOIN (executed on DuckDB)', () => {
  it.each(ROWS)('%s', async (sql, names, rows) => {
    const r = await run(sql);
    expect(r.columns.map((c) => c.name)).toEqual(names);
    expect(r.rows).toEqual(rows);
  });

  it('time-series functions run on the driving timeline; repeated timestamps raise 0x2805', async () => {
    const r = await run('select diff(a.v) from ja a join jb b on a.ts = b.ts');
    expect(r.rows).toEqual([[1n], [1n]]);
    await expect(
      run(
        'select diff(a.voltage) from d1002 a join d1001 b on timetruncate(a.ts, 1m) = timetruncate(b.ts, 1m)',
      ),
    ).rejects.toThrow(/TDengine error 0x2805/);
  });

  it('reads each table once per side, with only the columns used', async () => {
    const r = await run('select a.v from ja a join jb b on a.ts = b.ts');
    expect(r.sql).toContain('(SELECT d."c0" AS "j0", d."c1" AS "j2" FROM "power"."ja" AS d) AS s0');
    expect(r.sql).toContain('(SELECT d."c0" AS "j1" FROM "power"."jb" AS d) AS s1');
  });
});

/** (TDengine SQL, TDengine error code). */
const ERRORS: [string, number][] = [
  ['select * from ja a join jb b on a.v = b.v', 0x2701],
  ['select * from ja a join jb b on a.ts = b.ts or a.v = b.v', 0x2701],
  ['select * from ja a join jb b on a.ts + 1 = b.ts', 0x2701],
  ['select * from ja a left join jb b on a.v = b.v where a.ts = b.ts', 0x2701],
  ['select * from ja a, jb b', 0x2702],
  ['select * from ja a, jb b where a.v = b.v', 0x2701],
  ['select * from ja a left asof join jb b on a.v > b.v', 0x2703],
  ['select ts from ja a join jb b on a.ts = b.ts', Code.AMBIGUOUS_COLUMN],
  ['select c.v from ja a join jb b on a.ts = b.ts', Code.TABLE_NOT_EXIST],
  ['select * from ja join ja on ja.ts = ja.ts', 0x2663],
  ['select * from ja a right asof join jb b', Code.OPS_NOT_SUPPORT],
  ['select * from ja a join jb b on a.ts = b.ts join tn c on a.ts = c.ts', Code.OPS_NOT_SUPPORT],
  ['select * from ja a join (select * from jb) b on a.ts = b.ts', Code.OPS_NOT_SUPPORT],
  ['select * from ja a join pus.tu b on a.ts = b.ts', Code.OPS_NOT_SUPPORT],
];

describe('JOIN errors', () => {
  it.each(ERRORS)('%s → 0x%s', (sql, code) => {
    let err: unknown;
    try {
      translateQuery(parse(sql) as Query, context());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TaosError);
    expect((err as TaosError).code).toBe(code);
  });
});
