/**
 * The TDengine docs' `power.meters` demo, queried the ways dashboards and tutorials do,
 * in ms, us and ns databases. Expected values follow TDengine 3.x semantics (sql.md §4–5).
 */
import { runCases, ts, ticks, type Case, type Precision } from './sql/harness.js';

const SETUP = [
  'create stable meters (ts timestamp, current float, voltage int, phase float) tags (location varchar(64), groupid int)',
  "insert into d1001 using meters tags ('California.SanFrancisco', 2) values ('2018-10-03 14:38:05.000', 10.3, 219, 0.31) ('2018-10-03 14:38:15.000', 12.6, 218, 0.33) ('2018-10-03 14:38:16.800', 12.3, 221, 0.31)",
  "insert into d1002 using meters tags ('California.SanFrancisco', 3) values ('2018-10-03 14:38:16.650', 10.3, 218, 0.25)",
  "insert into d1003 using meters tags ('California.LosAngeles', 2) values ('2018-10-03 14:38:05.500', 11.8, 221, 0.28) ('2018-10-03 14:38:16.600', 13.4, 223, 0.29)",
  "insert into d1004 using meters tags ('California.LosAngeles', 3) values ('2018-10-03 14:38:05.000', 10.8, 223, 0.29) ('2018-10-03 14:38:06.500', 11.5, 221, 0.35)",
];

const RANGE = "ts >= '2018-10-03 14:38:05' and ts < '2018-10-03 14:38:20'";

function cases(p: Precision): Case[] {
  const T = (s: string) => ts(`2018-10-03T14:38:${s}Z`, p);
  return [
    {
      name: 'select * from a child table, default order by ts',
      sql: 'select * from d1001',
      expect: {
        meta: [
          ['ts', 'TIMESTAMP', 8],
          ['current', 'FLOAT', 4],
          ['voltage', 'INT', 4],
          ['phase', 'FLOAT', 4],
        ],
        data: [
          [T('05.000'), 10.3, 219, 0.31],
          [T('15.000'), 12.6, 218, 0.33],
          [T('16.800'), 12.3, 221, 0.31],
        ],
      },
    },
    {
      name: 'select * from a super table adds the tags',
      sql: "select * from meters where tbname = 'd1002'",
      expect: {
        meta: [
          ['ts', 'TIMESTAMP', 8],
          ['current', 'FLOAT', 4],
          ['voltage', 'INT', 4],
          ['phase', 'FLOAT', 4],
          ['location', 'VARCHAR', 64],
          ['groupid', 'INT', 4],
        ],
        data: [[T('16.650'), 10.3, 218, 0.25, 'California.SanFrancisco', 3]],
      },
    },
    {
      name: 'count(*) names its column like TDengine',
      sql: 'select count(*) from meters',
      expect: { meta: [['count(*)', 'BIGINT', 8]], data: [[8]] },
    },
    {
      name: 'average with a tag filter',
      sql: 'select avg(voltage) from meters where groupid = 2',
      expect: { meta: [['avg(voltage)', 'DOUBLE', 8]], data: [[220.4]] },
    },
    {
      name: 'count per child table',
      sql: 'select tbname, count(*) from meters group by tbname order by tbname',
      expect: {
        meta: [
          ['tbname', 'VARCHAR', 192],
          ['count(*)', 'BIGINT', 8],
        ],
        data: [
          ['d1001', 3],
          ['d1002', 1],
          ['d1003', 2],
          ['d1004', 2],
        ],
      },
    },
    {
      name: 'max per location keeps the FLOAT type',
      sql: 'select location, max(current) from meters group by location order by location',
      expect: {
        meta: [
          ['location', 'VARCHAR', 64],
          ['max(current)', 'FLOAT', 4],
        ],
        data: [
          ['California.LosAngeles', 13.4],
          ['California.SanFrancisco', 12.6],
        ],
      },
    },
    {
      name: 'last_row(*) expands into one column per data column',
      sql: 'select last_row(*) from d1001',
      expect: {
        meta: [
          ['last_row(ts)', 'TIMESTAMP', 8],
          ['last_row(current)', 'FLOAT', 4],
          ['last_row(voltage)', 'INT', 4],
          ['last_row(phase)', 'FLOAT', 4],
        ],
        data: [[T('16.800'), 12.3, 221, 0.31]],
      },
    },
    {
      name: 'latest reading per device',
      sql: 'select tbname, last_row(ts), last_row(current) from meters partition by tbname order by tbname',
      expect: {
        names: ['tbname', 'last_row(ts)', 'last_row(current)'],
        data: [
          ['d1001', T('16.800'), 12.3],
          ['d1002', T('16.650'), 10.3],
          ['d1003', T('16.600'), 13.4],
          ['d1004', T('06.500'), 11.5],
        ],
      },
    },
    {
      name: 'first and last skip nothing here, spread is max - min',
      sql: 'select first(voltage), last(voltage), min(voltage), max(voltage), spread(voltage), sum(voltage) from meters',
      expect: {
        meta: [
          ['first(voltage)', 'INT', 4],
          ['last(voltage)', 'INT', 4],
          ['min(voltage)', 'INT', 4],
          ['max(voltage)', 'INT', 4],
          ['spread(voltage)', 'DOUBLE', 8],
          ['sum(voltage)', 'BIGINT', 8],
        ],
        // first: earliest ts is 05.000 (d1001 219 and d1004 223 tie), so only check the others.
        pick: [1, 2, 3, 4, 5],
        data: [[221, 218, 223, 5, 1764]],
      },
    },
    {
      name: 'INTERVAL windows with _wstart',
      sql: `select _wstart, count(*), avg(voltage) from meters where ${RANGE} interval(5s)`,
      expect: {
        meta: [
          ['_wstart', 'TIMESTAMP', 8],
          ['count(*)', 'BIGINT', 8],
          ['avg(voltage)', 'DOUBLE', 8],
        ],
        data: [
          [T('05.000'), 4, 221],
          [T('15.000'), 4, 220],
        ],
      },
    },
    {
      name: 'INTERVAL with _wend and _wduration',
      sql: `select _wstart, _wend, _wduration, count(*) from meters where ${RANGE} interval(5s)`,
      expect: {
        names: ['_wstart', '_wend', '_wduration', 'count(*)'],
        data: [
          [T('05.000'), T('10.000'), Number(ticks(5000, p)), 4],
          [T('15.000'), T('20.000'), Number(ticks(5000, p)), 4],
        ],
      },
    },
    {
      name: 'FILL(NULL) over the WHERE range',
      sql: `select _wstart, avg(voltage) from meters where ${RANGE} interval(5s) fill(null)`,
      expect: {
        data: [
          [T('05.000'), 221],
          [T('10.000'), null],
          [T('15.000'), 220],
        ],
      },
    },
    {
      name: 'FILL(VALUE)',
      sql: `select _wstart, avg(voltage) from meters where ${RANGE} interval(5s) fill(value, 1)`,
      expect: {
        data: [
          [T('05.000'), 221],
          [T('10.000'), 1],
          [T('15.000'), 220],
        ],
      },
    },
    {
      name: 'FILL(PREV)',
      sql: `select _wstart, avg(voltage) from meters where ${RANGE} interval(5s) fill(prev)`,
      expect: {
        data: [
          [T('05.000'), 221],
          [T('10.000'), 221],
          [T('15.000'), 220],
        ],
      },
    },
    {
      name: 'FILL(NEXT)',
      sql: `select _wstart, avg(voltage) from meters where ${RANGE} interval(5s) fill(next)`,
      expect: {
        data: [
          [T('05.000'), 221],
          [T('10.000'), 220],
          [T('15.000'), 220],
        ],
      },
    },
    {
      name: 'FILL(LINEAR)',
      sql: `select _wstart, avg(voltage) from meters where ${RANGE} interval(5s) fill(linear)`,
      expect: {
        data: [
          [T('05.000'), 221],
          [T('10.000'), 220.5],
          [T('15.000'), 220],
        ],
      },
    },
    {
      name: 'INTERVAL with an offset',
      sql: `select _wstart, count(*) from meters where ${RANGE} interval(10s, 2s)`,
      expect: {
        data: [
          [ts('2018-10-03T14:38:02.000Z', p), 4],
          [T('12.000'), 4],
        ],
      },
    },
    {
      name: 'INTERVAL with SLIDING',
      sql: `select _wstart, count(*) from meters where ${RANGE} interval(10s) sliding(5s)`,
      expect: {
        data: [
          [ts('2018-10-03T14:38:00.000Z', p), 4],
          [T('05.000'), 4],
          [T('10.000'), 4],
          [T('15.000'), 4],
        ],
      },
    },
    {
      name: 'windows per device with PARTITION BY tbname',
      sql: 'select tbname, _wstart, count(*) from meters partition by tbname interval(10s) order by tbname, _wstart',
      expect: {
        data: [
          ['d1001', ts('2018-10-03T14:38:00.000Z', p), 1],
          ['d1001', T('10.000'), 2],
          ['d1002', T('10.000'), 1],
          ['d1003', ts('2018-10-03T14:38:00.000Z', p), 1],
          ['d1003', T('10.000'), 1],
          ['d1004', ts('2018-10-03T14:38:00.000Z', p), 2],
        ],
      },
    },
    {
      name: 'ORDER BY DESC with LIMIT and OFFSET',
      sql: 'select ts, current from meters order by ts desc limit 2 offset 1',
      expect: {
        data: [
          [T('16.650'), 10.3],
          [T('16.600'), 13.4],
        ],
      },
    },
    {
      name: 'LIMIT m, n is offset, count',
      sql: 'select ts from d1001 limit 1, 1',
      expect: { data: [[T('15.000')]] },
    },
    {
      name: 'DISTINCT tag values',
      sql: 'select distinct location from meters order by location',
      expect: { data: [['California.LosAngeles'], ['California.SanFrancisco']] },
    },
    {
      name: 'tags and tbname from a child table',
      sql: 'select tbname, location, groupid, voltage from d1003',
      expect: {
        data: [
          ['d1003', 'California.LosAngeles', 2, 221],
          ['d1003', 'California.LosAngeles', 2, 223],
        ],
      },
    },
    {
      name: 'aliases and arithmetic (DOUBLE results)',
      sql: 'select voltage * 2 as v2, voltage + 1 from d1002',
      expect: {
        meta: [
          ['v2', 'DOUBLE', 8],
          ['voltage + 1', 'DOUBLE', 8],
        ],
        data: [[436, 219]],
      },
    },
    {
      name: 'nested query referencing an aggregate column by name',
      sql: 'select max(`avg(voltage)`) from (select tbname, avg(voltage) from meters group by tbname)',
      expect: { data: [[222]] },
    },
    {
      name: 'WHERE with IN, LIKE, BETWEEN, IS NOT NULL',
      sql: "select tbname, voltage from meters where tbname in ('d1001', 'd1004') and location like 'California.%' and voltage between 219 and 223 and current is not null order by ts, tbname",
      expect: {
        data: [
          ['d1001', 219],
          ['d1004', 223],
          ['d1004', 221],
          ['d1001', 221],
        ],
      },
    },
    {
      name: 'integer timestamps are ticks in the database precision',
      setup: [`insert into d1002 values (${ticks(1538577500000, p)}, 9.5, 200, 0.1)`],
      sql: `select ts, voltage from d1002 where ts = ${ticks(1538577500000, p)}`,
      expect: { data: [[ts('2018-10-03T14:38:20.000Z', p), 200]] },
    },
    {
      name: 'HAVING filters groups',
      sql: 'select tbname, count(*) from meters group by tbname having count(*) > 2',
      expect: { data: [['d1001', 3]] },
    },
    {
      name: 'aggregate over no rows: COUNT gives one row',
      sql: "select count(*) from meters where location = 'nowhere'",
      expect: { data: [[0]] },
    },
    {
      name: 'aggregate over no rows without COUNT gives no rows',
      sql: "select max(voltage) from meters where location = 'nowhere'",
      expect: { rows: 0 },
    },
    {
      name: 'SELECT without FROM',
      sql: 'select 1 + 1, server_status()',
      expect: { data: [[2, 1]] },
    },
  ];
}

runCases('power demo', { prefix: 'power', setupAll: SETUP }, cases);
