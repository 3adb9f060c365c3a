/**
 * JOINs over REST on the docs' `power.meters` demo in ms, us and ns databases (sql.md §4.13):
 * the primary-timestamp condition, outer/semi/anti/ASOF joins, names and errors.
 */
import { runCases, ts, type Case, type Precision } from './sql/harness.js';

const SETUP = [
  'create stable meters (ts timestamp, current float, voltage int, phase float) tags (location varchar(64), groupid int)',
  "insert into d1001 using meters tags ('California.SanFrancisco', 2) values ('2018-10-03 14:38:05.000', 10.3, 219, 0.31) ('2018-10-03 14:38:15.000', 12.6, 218, 0.33) ('2018-10-03 14:38:16.800', 12.3, 221, 0.31)",
  "insert into d1002 using meters tags ('California.SanFrancisco', 3) values ('2018-10-03 14:38:16.650', 10.3, 218, 0.25)",
  "insert into d1003 using meters tags ('California.LosAngeles', 2) values ('2018-10-03 14:38:05.500', 11.8, 221, 0.28) ('2018-10-03 14:38:16.600', 13.4, 223, 0.29)",
  "insert into d1004 using meters tags ('California.LosAngeles', 3) values ('2018-10-03 14:38:05.000', 10.8, 223, 0.29) ('2018-10-03 14:38:06.500', 11.5, 221, 0.35)",
];

function cases(p: Precision): Case[] {
  const T = (s: string) => ts(`2018-10-03T14:38:${s}Z`, p);
  return [
    {
      name: 'INNER JOIN on the primary timestamps; columns named without qualifiers',
      sql: 'select a.ts, a.voltage, b.voltage from d1001 a join d1004 b on a.ts = b.ts',
      expect: {
        meta: [
          ['ts', 'TIMESTAMP', 8],
          ['voltage', 'INT', 4],
          ['voltage', 'INT', 4],
        ],
        data: [[T('05.000'), 219, 223]],
      },
    },
    {
      name: 'SELECT * lists the data columns of both tables',
      sql: 'select * from d1001 a join d1004 b on a.ts = b.ts',
      expect: {
        names: ['ts', 'current', 'voltage', 'phase', 'ts', 'current', 'voltage', 'phase'],
        pick: [0, 2, 4, 6],
        data: [[T('05.000'), 219, T('05.000'), 223]],
      },
    },
    {
      name: 'comma join with the condition in WHERE',
      sql: 'select count(*) from d1001 a, d1004 b where a.ts = b.ts and b.voltage > 200',
      expect: { data: [[1]] },
    },
    {
      name: 'TIMETRUNCATE in the primary condition',
      sql: 'select a.ts, b.ts from d1001 a join d1003 b on timetruncate(a.ts, 1s) = timetruncate(b.ts, 1s)',
      expect: {
        data: [
          [T('05.000'), T('05.500')],
          [T('16.800'), T('16.600')],
        ],
      },
    },
    {
      name: 'super tables with a tag equality',
      sql: 'select a.tbname, b.tbname, a.ts from meters a join meters b on timetruncate(a.ts, 1s) = timetruncate(b.ts, 1s) and a.groupid = b.groupid and a.tbname < b.tbname',
      expect: {
        data: [
          ['d1001', 'd1003', T('05.000')],
          ['d1001', 'd1003', T('16.800')],
        ],
      },
    },
    {
      name: 'GROUP BY over a join',
      sql: 'select b.tbname, count(*) from d1001 a join meters b on timetruncate(a.ts, 1s) = timetruncate(b.ts, 1s) group by b.tbname',
      expect: {
        data: [
          ['d1001', 3],
          ['d1002', 1],
          ['d1003', 2],
          ['d1004', 1],
        ],
      },
    },
    {
      name: 'LEFT JOIN keeps unmatched rows with NULLs',
      sql: 'select a.ts, b.voltage from d1001 a left join d1004 b on a.ts = b.ts',
      expect: {
        data: [
          [T('05.000'), 223],
          [T('15.000'), null],
          [T('16.800'), null],
        ],
      },
    },
    {
      name: 'FULL JOIN',
      sql: 'select count(*), count(a.ts), count(b.ts) from d1001 a full join d1004 b on a.ts = b.ts',
      expect: { data: [[4, 3, 2]] },
    },
    {
      name: 'LEFT ANTI JOIN',
      sql: 'select a.ts from d1001 a left anti join d1004 b on a.ts = b.ts',
      expect: { data: [[T('15.000')], [T('16.800')]] },
    },
    {
      name: 'LEFT SEMI JOIN: one row per driving row',
      sql: 'select a.ts from d1001 a left semi join meters b on timetruncate(a.ts, 1s) = timetruncate(b.ts, 1s) and b.tbname <> a.tbname',
      expect: { data: [[T('05.000')], [T('16.800')]] },
    },
    {
      name: 'LEFT ASOF JOIN: the closest earlier-or-equal row by default',
      sql: 'select a.ts, b.ts, b.voltage from d1002 a left asof join d1001 b',
      expect: { data: [[T('16.650'), T('15.000'), 218]] },
    },
    {
      name: 'no primary timestamp equality: 0x2701',
      sql: 'select * from d1001 a join d1004 b on a.voltage = b.voltage',
      expect: { code: 0x2701 },
    },
    {
      name: 'no join condition: 0x2702',
      sql: 'select * from d1001 a, d1004 b',
      expect: { code: 0x2702 },
    },
    {
      name: 'unqualified column of both tables: 0x2604',
      sql: 'select voltage from d1001 a join d1004 b on a.ts = b.ts',
      expect: { code: 0x2604 },
    },
    {
      name: 'JLIMIT is not translated yet',
      sql: 'select * from d1001 a left asof join d1004 b jlimit 2',
      expect: { code: 0x0100 },
    },
  ];
}

runCases('joins', { prefix: 'sqljoin', setupAll: SETUP }, cases);
