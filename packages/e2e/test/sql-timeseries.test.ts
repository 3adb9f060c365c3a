/**
 * Time-series functions, timeline aggregates, EVENT_WINDOW and multi-row selection over REST,
 * on the docs' `power.meters` demo in ms, us and ns databases (sql.md §4.10, §5.2–5.3).
 */
import { expect } from 'vitest';
import { runCases, ts, ticks, type Case, type Precision } from './sql/harness.js';

const SETUP = [
  'create stable meters (ts timestamp, current float, voltage int, phase float) tags (location varchar(64), groupid int)',
  "insert into d1001 using meters tags ('California.SanFrancisco', 2) values ('2018-10-03 14:38:05.000', 10.3, 219, 0.31) ('2018-10-03 14:38:15.000', 12.6, 218, 0.33) ('2018-10-03 14:38:16.800', 12.3, 221, 0.31)",
  "insert into d1002 using meters tags ('California.SanFrancisco', 3) values ('2018-10-03 14:38:16.650', 10.3, 218, 0.25)",
  "insert into d1003 using meters tags ('California.LosAngeles', 2) values ('2018-10-03 14:38:05.500', 11.8, 221, 0.28) ('2018-10-03 14:38:16.600', 13.4, 223, 0.29)",
  "insert into d1004 using meters tags ('California.LosAngeles', 3) values ('2018-10-03 14:38:05.000', 10.8, 223, 0.29) ('2018-10-03 14:38:06.500', 11.5, 221, 0.35)",
];

const near = (x: number): unknown => expect.closeTo(x, 9);

function cases(p: Precision): Case[] {
  const T = (s: string) => ts(`2018-10-03T14:38:${s}Z`, p);
  return [
    {
      name: 'DIFF with the row timestamp; the first row gives none',
      sql: 'select ts, diff(voltage) from d1001',
      expect: {
        meta: [
          ['ts', 'TIMESTAMP', 8],
          ['diff(voltage)', 'BIGINT', 8],
        ],
        data: [
          [T('15.000'), -1],
          [T('16.800'), 3],
        ],
      },
    },
    {
      name: 'DIFF of the timestamp is in database ticks',
      sql: 'select diff(ts) from d1001',
      expect: { data: [[Number(ticks(10000, p))], [Number(ticks(1800, p))]] },
    },
    {
      name: 'DIFF ignoring negative results and NULLs',
      sql: 'select diff(voltage, 3) from d1001',
      expect: { data: [[3]] },
    },
    {
      name: 'equal timestamps on the merged super-table timeline: 0x2805',
      sql: 'select diff(voltage) from meters',
      expect: { code: 0x2805, desc: 'Duplicate timestamps not allowed in function' },
    },
    {
      name: 'partitioned by tbname, equal timestamps of different tables are fine',
      sql: "select diff(voltage) from meters where location = 'California.LosAngeles' partition by tbname",
      expect: { data: [[2], [-2]] },
    },
    {
      name: 'DERIVATIVE per second',
      sql: 'select derivative(voltage, 1s, 0) d from d1001',
      expect: { meta: [['d', 'DOUBLE', 8]], data: [[near(-0.1)], [near(3 / 1.8)]] },
    },
    {
      name: 'CSUM per child table',
      sql: 'select tbname, csum(voltage) from meters partition by tbname',
      expect: {
        data: [
          ['d1001', 219],
          ['d1001', 437],
          ['d1001', 658],
          ['d1002', 218],
          ['d1003', 221],
          ['d1003', 444],
          ['d1004', 223],
          ['d1004', 444],
        ],
      },
    },
    {
      name: 'MAVG over two rows',
      sql: 'select ts, mavg(voltage, 2) from d1001',
      expect: {
        data: [
          [T('15.000'), 218.5],
          [T('16.800'), 219.5],
        ],
      },
    },
    {
      name: 'STATECOUNT and STATEDURATION',
      sql: "select statecount(voltage, 'GT', 218), stateduration(voltage, 'GE', 218, 1a) from d1001",
      expect: {
        meta: [
          ["statecount(voltage, 'GT', 218)", 'BIGINT', 8],
          ["stateduration(voltage, 'GE', 218, 1a)", 'BIGINT', 8],
        ],
        data: [
          [1, 0],
          [-1, 10000],
          [1, 11800],
        ],
      },
    },
    {
      name: 'ELAPSED, TWA and IRATE over a table',
      sql: 'select elapsed(ts, 1s), twa(voltage), irate(voltage) from d1001',
      expect: {
        meta: [
          ['elapsed(ts, 1s)', 'DOUBLE', 8],
          ['twa(voltage)', 'DOUBLE', 8],
          ['irate(voltage)', 'DOUBLE', 8],
        ],
        data: [[near(11.8), near((2185 + 395.1) / 11.8), near(3 / 1.8)]],
      },
    },
    {
      name: 'ELAPSED in INTERVAL windows spans to the window bounds where the timeline continues',
      sql: 'select _wstart, elapsed(ts, 1s) from d1001 interval(10s)',
      expect: {
        data: [
          [T('00.000'), near(5)],
          [T('10.000'), near(6.8)],
        ],
      },
    },
    {
      name: 'EVENT_WINDOW',
      sql: 'select _wstart, _wend, count(*) from d1001 event_window start with voltage < 219 end with voltage > 220',
      expect: { data: [[T('15.000'), T('16.800'), 2]] },
    },
    {
      name: 'TAIL returns the newest rows first',
      sql: 'select ts, tail(voltage, 2) from d1001',
      expect: {
        data: [
          [T('16.800'), 221],
          [T('15.000'), 218],
        ],
      },
    },
    {
      name: 'UNIQUE keeps the first row of each value',
      sql: 'select unique(voltage) from d1001',
      expect: { data: [[219], [218], [221]] },
    },
    {
      name: 'PERCENTILE with several percentiles, LEASTSQUARES, GROUP_CONCAT',
      sql: "select percentile(voltage, 0, 100), leastsquares(voltage, 1, 1), group_concat(location, ',') from d1001",
      expect: {
        data: [
          [
            '[218.000000, 221.000000]',
            '{slop:1.000000, intercept:217.333333}',
            'California.SanFrancisco,California.SanFrancisco,California.SanFrancisco',
          ],
        ],
      },
    },
  ];
}

runCases('time-series functions', { prefix: 'tsf', setupAll: SETUP }, cases);
