import { describe, expect, it } from 'vitest';
import type { Query, Select, Statement } from '../ast/index.js';
import { parse } from './parse.js';
import { bin, col, dur, fn, num, star, str } from './test-helpers.js';

const table = (name: string, alias?: string, db?: string) => ({
  kind: 'TableRef' as const,
  table: { ...(db !== undefined && { db }), name },
  ...(alias !== undefined && { alias }),
});

/** A SELECT with defaults filled in, so rows only list what they test. */
function select(parts: Partial<Select>): Select {
  return { kind: 'Select', distinct: false, tags: false, items: [{ expr: star, text: '*' }], ...parts };
}

/** (SQL, expected statement). */
const cases: [string, Statement][] = [
  ['SELECT 1', select({ items: [{ expr: num('1'), text: '1' }] })],
  ['select server_status()', select({ items: [{ expr: fn('server_status'), text: 'server_status()' }] })],
  ['SELECT * FROM meters', select({ from: table('meters') })],
  ['SELECT * FROM power.meters;', select({ from: table('meters', undefined, 'power') })],
  ['SELECT * FROM `Power`.`Meters` m', select({ from: table('Meters', 'm', 'Power') })],
  [
    'SELECT * FROM information_schema.ins_tables',
    select({ from: table('ins_tables', undefined, 'information_schema') }),
  ],
  [
    'SELECT DISTINCT tbname, location FROM meters',
    select({
      distinct: true,
      items: [
        { expr: col('tbname'), text: 'tbname' },
        { expr: col('location'), text: 'location' },
      ],
      from: table('meters'),
    }),
  ],
  [
    'SELECT TAGS tbname, location FROM meters',
    select({
      tags: true,
      items: [
        { expr: col('tbname'), text: 'tbname' },
        { expr: col('location'), text: 'location' },
      ],
      from: table('meters'),
    }),
  ],
  ['SELECT ALL a FROM t', select({ items: [{ expr: col('a'), text: 'a' }], from: table('t') })],
  [
    'SELECT a AS x, b y, c `Z`, d AS `Größe` FROM t',
    select({
      items: [
        { expr: col('a'), alias: 'x', text: 'a' },
        { expr: col('b'), alias: 'y', text: 'b' },
        { expr: col('c'), alias: 'Z', text: 'c' },
        { expr: col('d'), alias: 'Größe', text: 'd' },
      ],
      from: table('t'),
    }),
  ],
  [
    'SELECT /*+ BATCH_SCAN() */ a, t.* FROM t',
    select({
      items: [
        { expr: col('a'), text: 'a' },
        { expr: { kind: 'Star', table: 't' }, text: 't.*' },
      ],
      from: table('t'),
    }),
  ],
  [
    "SELECT * FROM d1001 WHERE ts > NOW - 1h AND location = 'X' ORDER BY ts DESC LIMIT 100",
    select({
      from: table('d1001'),
      where: bin(
        'and',
        bin('>', col('ts'), bin('-', fn('now'), dur('1h'))),
        bin('=', col('location'), str('X')),
      ),
      orderBy: [{ expr: col('ts'), desc: true }],
      limit: { count: 100n },
    }),
  ],
  [
    'SELECT * FROM t ORDER BY a ASC NULLS FIRST, b DESC NULLS LAST, c',
    select({
      from: table('t'),
      orderBy: [
        { expr: col('a'), desc: false, nulls: 'first' },
        { expr: col('b'), desc: true, nulls: 'last' },
        { expr: col('c'), desc: false },
      ],
    }),
  ],
  ['SELECT * FROM t LIMIT 10 OFFSET 5', select({ from: table('t'), limit: { count: 10n, offset: 5n } })],
  ['SELECT * FROM t LIMIT 5, 10', select({ from: table('t'), limit: { count: 10n, offset: 5n } })],
  [
    'SELECT * FROM t PARTITION BY tbname SLIMIT 2 SOFFSET 1 LIMIT 3',
    select({
      from: table('t'),
      partitionBy: [col('tbname')],
      slimit: { count: 2n, offset: 1n },
      limit: { count: 3n },
    }),
  ],
  [
    'SELECT * FROM t PARTITION BY tbname SLIMIT 1, 2',
    select({ from: table('t'), partitionBy: [col('tbname')], slimit: { count: 2n, offset: 1n } }),
  ],
  [
    'SELECT tbname, last(ts) FROM meters GROUP BY tbname, groupid HAVING count(*) > 1',
    select({
      items: [
        { expr: col('tbname'), text: 'tbname' },
        { expr: fn('last', col('ts')), text: 'last(ts)' },
      ],
      from: table('meters'),
      groupBy: [col('tbname'), col('groupid')],
      having: bin('>', fn('count', star), num('1')),
    }),
  ],
  // windows
  [
    'SELECT _wstart, avg(current) FROM meters PARTITION BY location INTERVAL(10m, 1m) SLIDING(5m) FILL(VALUE, 0, 1.5)',
    select({
      items: [
        { expr: col('_wstart'), text: '_wstart' },
        { expr: fn('avg', col('current')), text: 'avg(current)' },
      ],
      from: table('meters'),
      partitionBy: [col('location')],
      window: {
        kind: 'Interval',
        interval: dur('10m'),
        offset: dur('1m'),
        sliding: dur('5m'),
        fill: { mode: 'value', values: [num('0'), num('1.5')] },
      },
    }),
  ],
  [
    'SELECT * FROM t INTERVAL(1000)',
    select({ from: table('t'), window: { kind: 'Interval', interval: num('1000') } }),
  ],
  [
    "SELECT * FROM t INTERVAL('1s', '500a')",
    select({ from: table('t'), window: { kind: 'Interval', interval: dur('1s'), offset: dur('500a') } }),
  ],
  [
    'SELECT * FROM t INTERVAL(1d, AUTO)',
    select({ from: table('t'), window: { kind: 'Interval', interval: dur('1d'), offset: 'auto' } }),
  ],
  ...(['none', 'null', 'null_f', 'prev', 'next', 'linear', 'near'] as const).map(
    (mode): [string, Statement] => [
      `SELECT * FROM t INTERVAL(1s) FILL(${mode.toUpperCase()})`,
      select({
        from: table('t'),
        window: { kind: 'Interval', interval: dur('1s'), fill: { mode, values: [] } },
      }),
    ],
  ),
  [
    'SELECT * FROM t INTERVAL(1s) FILL(VALUE_F, 9)',
    select({
      from: table('t'),
      window: { kind: 'Interval', interval: dur('1s'), fill: { mode: 'value_f', values: [num('9')] } },
    }),
  ],
  [
    'SELECT * FROM t INTERVAL(1m) HAVING avg(v) > 1',
    select({
      from: table('t'),
      window: { kind: 'Interval', interval: dur('1m') },
      having: bin('>', fn('avg', col('v')), num('1')),
    }),
  ],
  [
    'SELECT * FROM t SESSION(ts, 10s)',
    select({ from: table('t'), window: { kind: 'Session', column: col('ts'), gap: dur('10s') } }),
  ],
  [
    'SELECT * FROM t STATE_WINDOW(CASE WHEN v > 1 THEN 1 ELSE 0 END)',
    select({
      from: table('t'),
      window: {
        kind: 'StateWindow',
        expr: {
          kind: 'Case',
          whens: [{ when: bin('>', col('v'), num('1')), then: num('1') }],
          else: num('0'),
        },
      },
    }),
  ],
  [
    'SELECT * FROM t EVENT_WINDOW START WITH v > 10 END WITH v < 5',
    select({
      from: table('t'),
      window: {
        kind: 'EventWindow',
        start: bin('>', col('v'), num('10')),
        end: bin('<', col('v'), num('5')),
      },
    }),
  ],
  [
    'SELECT * FROM t COUNT_WINDOW(10)',
    select({ from: table('t'), window: { kind: 'CountWindow', count: 10 } }),
  ],
  [
    'SELECT * FROM t COUNT_WINDOW(10, 2)',
    select({ from: table('t'), window: { kind: 'CountWindow', count: 10, sliding: 2 } }),
  ],
  [
    "SELECT _irowts, interp(v) FROM t RANGE('2020-01-01 10:00:00', '2020-01-01 10:30:00') EVERY(1s) FILL(LINEAR)",
    select({
      items: [
        { expr: col('_irowts'), text: '_irowts' },
        { expr: fn('interp', col('v')), text: 'interp(v)' },
      ],
      from: table('t'),
      range: {
        start: str('2020-01-01 10:00:00'),
        end: str('2020-01-01 10:30:00'),
        every: dur('1s'),
        fill: { mode: 'linear', values: [] },
      },
    }),
  ],
  [
    "SELECT interp(v) FROM t PARTITION BY tbname RANGE('2023-01-01 00:00:00') FILL(PREV)",
    select({
      items: [{ expr: fn('interp', col('v')), text: 'interp(v)' }],
      from: table('t'),
      partitionBy: [col('tbname')],
      range: { start: str('2023-01-01 00:00:00'), fill: { mode: 'prev', values: [] } },
    }),
  ],
  // FROM forms
  [
    'SELECT * FROM (SELECT a FROM t) sub',
    select({
      from: {
        kind: 'Subquery',
        query: select({ items: [{ expr: col('a'), text: 'a' }], from: table('t') }),
        alias: 'sub',
      },
    }),
  ],
  [
    'SELECT * FROM ((SELECT 1))',
    select({ from: { kind: 'Subquery', query: select({ items: [{ expr: num('1'), text: '1' }] }) } }),
  ],
  [
    'SELECT * FROM a, b',
    select({ from: { kind: 'Join', type: 'comma', left: table('a'), right: table('b') } }),
  ],
  [
    'SELECT * FROM a JOIN b ON a.ts = b.ts',
    select({
      from: {
        kind: 'Join',
        type: 'inner',
        left: table('a'),
        right: table('b'),
        on: bin('=', col('ts', 'a'), col('ts', 'b')),
      },
    }),
  ],
  ...(
    [
      ['INNER JOIN', 'inner'],
      ['LEFT JOIN', 'left'],
      ['LEFT OUTER JOIN', 'left'],
      ['RIGHT JOIN', 'right'],
      ['FULL OUTER JOIN', 'full'],
      ['FULL JOIN', 'full'],
      ['LEFT SEMI JOIN', 'left semi'],
      ['RIGHT ANTI JOIN', 'right anti'],
    ] as const
  ).map(([words, type]): [string, Statement] => [
    `SELECT * FROM a x ${words} b AS y ON x.ts = y.ts`,
    select({
      from: {
        kind: 'Join',
        type,
        left: table('a', 'x'),
        right: table('b', 'y'),
        on: bin('=', col('ts', 'x'), col('ts', 'y')),
      },
    }),
  ]),
  [
    'SELECT * FROM a LEFT ASOF JOIN b',
    select({ from: { kind: 'Join', type: 'left asof', left: table('a'), right: table('b') } }),
  ],
  [
    'SELECT * FROM a, b, c',
    select({
      from: {
        kind: 'Join',
        type: 'comma',
        left: { kind: 'Join', type: 'comma', left: table('a'), right: table('b') },
        right: table('c'),
      },
    }),
  ],
];

const one = select({ items: [{ expr: num('1'), text: '1' }] });
const two = select({ items: [{ expr: num('2'), text: '2' }] });
const unions: [string, Query][] = [
  ['SELECT 1 UNION ALL SELECT 2', { kind: 'SetOp', op: 'union all', left: one, right: two }],
  [
    'SELECT 1 UNION SELECT 2 UNION ALL SELECT 1 ORDER BY 1 LIMIT 3',
    {
      kind: 'SetOp',
      op: 'union all',
      left: { kind: 'SetOp', op: 'union', left: one, right: two },
      right: one,
      orderBy: [{ expr: num('1'), desc: false }],
      limit: { count: 3n },
    },
  ],
  [
    '(SELECT 1 LIMIT 1) UNION ALL (SELECT 2)',
    { kind: 'SetOp', op: 'union all', left: { ...one, limit: { count: 1n } }, right: two },
  ],
];

describe('SELECT', () => {
  it.each([...cases, ...unions])('%s', (sql, expected) => {
    expect(parse(sql)).toEqual(expected);
  });

  it('keeps a source-order placeholder count per statement', () => {
    expect((parse('SELECT ? FROM t') as Select).items[0].expr).toEqual({ kind: 'Param', index: 0 });
  });
});
