import { describe, expect, it } from 'vitest';
import type { Insert, Statement } from '../ast/index.js';
import { parse } from './parse.js';
import { bin, col, dur, fn, NULL, num, star, str } from './test-helpers.js';

/** (SQL, expected statement) — every form of sql.md §3.1. */
const cases: [string, Statement][] = [
  [
    'INSERT INTO d1001 VALUES (NOW, 10.2, 219, 0.32)',
    {
      kind: 'Insert',
      clauses: [{ table: { name: 'd1001' }, rows: [[fn('now'), num('10.2'), num('219'), num('0.32')]] }],
    },
  ],
  [
    "INSERT INTO d1001 VALUES ('2021-07-13 14:06:32.272', 10.2, 219, 0.32) (1626164208000, 10.15, 217, 0.33)",
    {
      kind: 'Insert',
      clauses: [
        {
          table: { name: 'd1001' },
          rows: [
            [str('2021-07-13 14:06:32.272'), num('10.2'), num('219'), num('0.32')],
            [num('1626164208000'), num('10.15'), num('217'), num('0.33')],
          ],
        },
      ],
    },
  ],
  [
    'insert into t values (1, 2), (3, 4),(5,6)',
    {
      kind: 'Insert',
      clauses: [
        {
          table: { name: 't' },
          rows: [
            [num('1'), num('2')],
            [num('3'), num('4')],
            [num('5'), num('6')],
          ],
        },
      ],
    },
  ],
  [
    "INSERT INTO d1001 (ts, Current, `Phase`) VALUES ('2021-07-13 14:06:33.196', 10.27, 0.31)",
    {
      kind: 'Insert',
      clauses: [
        {
          table: { name: 'd1001' },
          columns: ['ts', 'current', 'Phase'],
          rows: [[str('2021-07-13 14:06:33.196'), num('10.27'), num('0.31')]],
        },
      ],
    },
  ],
  [
    'INSERT INTO d1001 VALUES (1, 2) d1002 (ts, c) VALUES (3, 4) power.d1003 VALUES (5, 6);',
    {
      kind: 'Insert',
      clauses: [
        { table: { name: 'd1001' }, rows: [[num('1'), num('2')]] },
        { table: { name: 'd1002' }, columns: ['ts', 'c'], rows: [[num('3'), num('4')]] },
        { table: { db: 'power', name: 'd1003' }, rows: [[num('5'), num('6')]] },
      ],
    },
  ],
  [
    "INSERT INTO d21001 USING meters TAGS ('California.SanFrancisco', 2) VALUES (NOW, 1) d21002 USING meters (groupId) TAGS (2) (ts, current) VALUES (NOW, 2)",
    {
      kind: 'Insert',
      clauses: [
        {
          table: { name: 'd21001' },
          using: { stable: { name: 'meters' }, tags: [str('California.SanFrancisco'), num('2')] },
          rows: [[fn('now'), num('1')]],
        },
        {
          table: { name: 'd21002' },
          using: { stable: { name: 'meters' }, tagNames: ['groupid'], tags: [num('2')] },
          columns: ['ts', 'current'],
          rows: [[fn('now'), num('2')]],
        },
      ],
    },
  ],
  [
    // The column list may also come before USING.
    'INSERT INTO d1 (ts, v) USING db.st TAGS (1) VALUES (1, 2)',
    {
      kind: 'Insert',
      clauses: [
        {
          table: { name: 'd1' },
          using: { stable: { db: 'db', name: 'st' }, tags: [num('1')] },
          columns: ['ts', 'v'],
          rows: [[num('1'), num('2')]],
        },
      ],
    },
  ],
  [
    "INSERT INTO meters (tbname, location, groupId, ts, current) VALUES ('d31001', 'SF', 2, '2021-07-13 14:06:34.630', 10.2) ('d31002', NULL, 3, 1626164208000, NULL)",
    {
      kind: 'Insert',
      clauses: [
        {
          table: { name: 'meters' },
          columns: ['tbname', 'location', 'groupid', 'ts', 'current'],
          rows: [
            [str('d31001'), str('SF'), num('2'), str('2021-07-13 14:06:34.630'), num('10.2')],
            [str('d31002'), NULL, num('3'), num('1626164208000'), NULL],
          ],
        },
      ],
    },
  ],
  [
    // Values may be expressions, signed numbers, booleans, escapes and placeholders.
    "INSERT INTO t VALUES (NOW + 1s, -1, +2, -1.5e3, true, 'it''s', '2021-07-13 14:06:32' + 10s, md5('x'), ?, null)",
    {
      kind: 'Insert',
      clauses: [
        {
          table: { name: 't' },
          rows: [
            [
              bin('+', fn('now'), dur('1s')),
              num('-1'),
              num('2'),
              num('-1.5e3'),
              { kind: 'Bool', value: true },
              str("it's"),
              bin('+', str('2021-07-13 14:06:32'), dur('10s')),
              fn('md5', str('x')),
              { kind: 'Param', index: 0 },
              NULL,
            ],
          ],
        },
      ],
    },
  ],
  [
    'INSERT INTO t VALUES (?, ?) (?, ?)',
    {
      kind: 'Insert',
      clauses: [
        {
          table: { name: 't' },
          rows: [
            [
              { kind: 'Param', index: 0 },
              { kind: 'Param', index: 1 },
            ],
            [
              { kind: 'Param', index: 2 },
              { kind: 'Param', index: 3 },
            ],
          ],
        },
      ],
    },
  ],
  [
    "INSERT INTO d1001 FILE '/tmp/csvfile.csv'",
    { kind: 'Insert', clauses: [{ table: { name: 'd1001' }, rows: [], file: '/tmp/csvfile.csv' }] },
  ],
  [
    "INSERT INTO d21001 USING meters TAGS ('a', 1) FILE '/tmp/a.csv' d21002 USING meters (groupId) TAGS (2) FILE '/tmp/b.csv'",
    {
      kind: 'Insert',
      clauses: [
        {
          table: { name: 'd21001' },
          using: { stable: { name: 'meters' }, tags: [str('a'), num('1')] },
          rows: [],
          file: '/tmp/a.csv',
        },
        {
          table: { name: 'd21002' },
          using: { stable: { name: 'meters' }, tagNames: ['groupid'], tags: [num('2')] },
          rows: [],
          file: '/tmp/b.csv',
        },
      ],
    },
  ],
  [
    "INSERT INTO meters (tbname, ts, current) FILE '/tmp/c.csv'",
    {
      kind: 'Insert',
      clauses: [
        { table: { name: 'meters' }, columns: ['tbname', 'ts', 'current'], rows: [], file: '/tmp/c.csv' },
      ],
    },
  ],
  [
    'IMPORT INTO t VALUES (1, 2)',
    { kind: 'Insert', clauses: [{ table: { name: 't' }, rows: [[num('1'), num('2')]] }] },
  ],
  [
    'INSERT INTO t SELECT * FROM s',
    {
      kind: 'InsertSelect',
      table: { name: 't' },
      query: {
        kind: 'Select',
        distinct: false,
        tags: false,
        items: [{ expr: star, text: '*' }],
        from: { kind: 'TableRef', table: { name: 's' } },
      },
    },
  ],
  [
    'INSERT INTO db.t (ts, v) SELECT ts, v FROM s WHERE v > 1',
    {
      kind: 'InsertSelect',
      table: { db: 'db', name: 't' },
      columns: ['ts', 'v'],
      query: {
        kind: 'Select',
        distinct: false,
        tags: false,
        items: [
          { expr: col('ts'), text: 'ts' },
          { expr: col('v'), text: 'v' },
        ],
        from: { kind: 'TableRef', table: { name: 's' } },
        where: bin('>', col('v'), num('1')),
      },
    },
  ],
  [
    'INSERT INTO t (SELECT 1)',
    {
      kind: 'InsertSelect',
      table: { name: 't' },
      query: { kind: 'Select', distinct: false, tags: false, items: [{ expr: num('1'), text: '1' }] },
    },
  ],
];

describe('INSERT', () => {
  it.each(cases)('%s', (sql, expected) => {
    expect(parse(sql)).toEqual(expected);
  });

  it('parses a large multi-row statement with literal fast paths and one shared NULL', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => `(${1626164208000 + i}, ${i}.5, NULL, 'v${i}')`);
    const stmt = parse(`INSERT INTO d1 VALUES ${rows.join(' ')}`) as Insert;
    const parsed = stmt.clauses[0].rows;
    expect(parsed).toHaveLength(1000);
    expect(parsed[999]).toEqual([num('1626164208999'), num('999.5'), NULL, str('v999')]);
    expect(parsed[0][2]).toBe(parsed[999][2]);
    expect(Object.isFrozen(parsed[0][2])).toBe(true);
  });
});
