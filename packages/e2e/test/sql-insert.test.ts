/** INSERT in all its forms, merge-on-duplicate-timestamp, DELETE, KEEP (sql.md §1.6, §3, §7.1). */
import { runCases, ts, ticks, type Case, type Precision } from './sql/harness.js';

const SETUP = [
  'create stable meters (ts timestamp, current float, voltage int, phase float) tags (location varchar(64), groupid int)',
  'create table m1 (ts timestamp, a int, b int, c varchar(10))',
];

function cases(p: Precision): Case[] {
  const T = (s: string) => ts(`2021-07-13T14:06:${s}Z`, p);
  const AFFECTED = (n: number) => ({
    meta: [['affected_rows', 'INT', 4]] as [string, string, number][],
    data: [[n]],
  });
  return [
    {
      name: 'multi-row insert reports affected rows',
      sql: "insert into m1 values ('2021-07-13 14:06:32.000', 1, 1, 'x') ('2021-07-13 14:06:33.000', 2, 2, 'y'), ('2021-07-13 14:06:34.000', 3, 3, 'z')",
      expect: AFFECTED(3),
    },
    {
      name: 'a later write to an existing timestamp merges: listed columns overwrite, others keep',
      setup: ["insert into m1 (ts, a) values ('2021-07-13 14:06:32.000', 10)"],
      sql: "select a, b, c from m1 where ts = '2021-07-13 14:06:32.000'",
      expect: { data: [[10, 1, 'x']] },
    },
    {
      name: 'an explicit NULL overwrites',
      setup: ["insert into m1 (ts, b) values ('2021-07-13 14:06:33.000', null)"],
      sql: "select a, b, c from m1 where ts = '2021-07-13 14:06:33.000'",
      expect: { data: [[2, null, 'y']] },
    },
    {
      name: 'within one statement the later row wins',
      setup: [
        "insert into m1 values ('2021-07-13 14:06:40.000', 1, 1, 'first') ('2021-07-13 14:06:40.000', 2, 2, 'second')",
      ],
      sql: "select a, c from m1 where ts = '2021-07-13 14:06:40.000'",
      expect: { data: [[2, 'second']] },
    },
    {
      name: 'out-of-order rows land in ts order',
      setup: ["insert into m1 values ('2021-07-13 14:06:31.000', 0, 0, 'early')"],
      sql: 'select ts, c from m1 limit 2',
      expect: {
        data: [
          [T('31.000'), 'early'],
          [T('32.000'), 'x'],
        ],
      },
    },
    {
      name: 'count after merges',
      sql: 'select count(*) from m1',
      expect: { data: [[5]] },
    },
    {
      name: 'many tables, USING auto-create with partial tags, column lists',
      sql:
        "insert into d1 using meters tags ('California.SanFrancisco', 2) values ('2021-07-13 14:06:32.000', 10.2, 219, 0.32) " +
        "d2 using meters (groupid) tags (3) (ts, current) values ('2021-07-13 14:06:33.000', 10.3) " +
        "d1 values ('2021-07-13 14:06:34.000', 10.4, 220, 0.33)",
      expect: AFFECTED(3),
    },
    {
      name: 'auto-created child tables got their tags, missing tags are NULL',
      sql: 'select tbname, location, groupid, current, voltage from meters order by ts',
      expect: {
        data: [
          ['d1', 'California.SanFrancisco', 2, 10.2, 219],
          ['d2', null, 3, 10.3, null],
          ['d1', 'California.SanFrancisco', 2, 10.4, 220],
        ],
      },
    },
    {
      name: 'USING an existing table does not change its tags',
      setup: [
        "insert into d1 using meters tags ('Elsewhere', 9) values ('2021-07-13 14:06:35.000', 1, 1, 1)",
      ],
      sql: "select distinct location, groupid from meters where tbname = 'd1'",
      expect: { data: [['California.SanFrancisco', 2]] },
    },
    {
      name: 'insert through the super table with tbname',
      sql:
        'insert into meters (tbname, location, groupid, ts, current, voltage, phase) values ' +
        "('d31001', 'California.SanFrancisco', 2, '2021-07-13 14:06:34.630', 10.2, 219, 0.32) " +
        "('d31002', 'California.LosAngeles', 3, '2021-07-13 14:06:34.630', 10.3, 218, 0.33)",
      expect: AFFECTED(2),
    },
    {
      name: 'super-table insert created the children',
      sql: "select tbname, location from meters where tbname like 'd3100%' order by tbname",
      expect: {
        data: [
          ['d31001', 'California.SanFrancisco'],
          ['d31002', 'California.LosAngeles'],
        ],
      },
    },
    {
      name: 'super-table insert without tbname',
      sql: "insert into meters (ts, current) values ('2021-07-13 14:06:34.630', 1)",
      expect: { code: 0x267d },
    },
    {
      name: 'db-qualified insert and integer timestamps in the database precision',
      setup: [`insert into {db}.m1 values (${ticks(1626185250000, p)}, 7, 7, 'int')`],
      sql: "select ts, a from m1 where c = 'int'",
      expect: { data: [[ts('2021-07-13T14:07:30.000Z', p), 7]] },
    },
    {
      name: 'NOW and NOW minus a duration',
      setup: ["insert into m1 values (now, 100, 100, 'now') (now - 10s, 101, 101, 'now-10s')"],
      sql: "select count(*) from m1 where ts > now - 1m and c like 'now%'",
      expect: { data: [[2]] },
    },
    {
      name: 'timestamp string plus a duration',
      setup: ["insert into m1 values ('2021-07-13 14:06:32.000' + 1h, 8, 8, 'plus1h')"],
      sql: "select ts from m1 where c = 'plus1h'",
      expect: { data: [[ts('2021-07-13T15:06:32.000Z', p)]] },
    },
    {
      name: 'RFC 3339 strings with an offset',
      setup: ["insert into m1 values ('2021-07-13T22:06:50.000+08:00', 9, 9, 'offset')"],
      sql: "select ts from m1 where c = 'offset'",
      expect: { data: [[T('50.000')]] },
    },
    {
      name: 'DELETE a time range reports deleted rows',
      sql: "delete from m1 where ts >= '2021-07-13 14:06:31.000' and ts < '2021-07-13 14:06:33.000'",
      expect: AFFECTED(2),
    },
    {
      name: 'deleted rows are gone',
      sql: "select count(*) from m1 where ts >= '2021-07-13 14:06:31.000' and ts < '2021-07-13 14:06:33.000'",
      expect: { data: [[0]] },
    },
    {
      name: 'DELETE on a super table deletes from every child',
      sql: "delete from meters where ts <= '2021-07-13 14:06:33.000'",
      expect: AFFECTED(2),
    },
    {
      name: 'insert into a missing table',
      sql: 'insert into nope values (now, 1)',
      expect: { code: 0x2603 },
    },
    { name: 'too many values', sql: "insert into m1 values (now, 1, 2, 'x', 4)", expect: { code: 0x0216 } },
    { name: 'too few values', sql: 'insert into m1 values (now, 1)', expect: { code: 0x263f } },
    {
      name: 'unknown column in the list',
      sql: 'insert into m1 (ts, zz) values (now, 1)',
      expect: { code: 0x2602 },
    },
    {
      name: 'a rejected statement writes nothing',
      setup: [],
      sql: "insert into m1 values ('2021-07-13 14:10:00.000', 1, 1, 'ok') ('2021-07-13 14:10:01.000', 'bad', 1, 'bad')",
      expect: { code: 0x0216 },
    },
    {
      name: 'nothing of the rejected statement landed',
      sql: "select count(*) from m1 where ts >= '2021-07-13 14:10:00.000' and ts < '2021-07-13 14:11:00.000'",
      expect: { data: [[0]] },
    },
    {
      name: 'timestamp older than KEEP is out of range',
      setup: [
        "create database if not exists {db}_keep keep 30 precision '{p}'",
        'create table if not exists {db}_keep.t (ts timestamp, v int)',
      ],
      sql: "insert into {db}_keep.t values ('2000-01-01 00:00:00', 1)",
      expect: { code: 0x060b },
    },
  ];
}

runCases('insert and delete', { prefix: 'ins', setupAll: SETUP }, cases);
