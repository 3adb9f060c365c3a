/** Every data type written and read back through REST, in ms, us and ns databases (sql.md §2). */
import { runCases, ts, type Case, type Precision } from './sql/harness.js';

const SETUP = [
  'create table alltypes (ts timestamp, c_bool bool, c_ti tinyint, c_si smallint, c_int int, c_bi bigint, ' +
    'c_uti tinyint unsigned, c_usi smallint unsigned, c_ui int unsigned, c_ubi bigint unsigned, c_f float, ' +
    'c_d double, c_vc varchar(20), c_nc nchar(10), c_vb varbinary(10), c_geo geometry(100))',
  "insert into alltypes values ('2022-01-01 00:00:00.000', true, -128, -32768, -2147483648, -9223372036854775808, " +
    "255, 65535, 4294967295, 18446744073709551615, 1.5, 3.141592653589793, 'hello \"world\"', '中文ü', '\\x7f8290', 'POINT(1.0 1.0)')",
  "insert into alltypes values ('2022-01-01 00:00:00.001', false, 127, 32767, 2147483647, 9223372036854775807, " +
    "0, 0, 0, 0, -0.25, -1e-7, '', 'a', 'ab', 'POINT(0 0)')",
  "insert into alltypes values ('2022-01-01 00:00:00.002', null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)",
  'create stable js (ts timestamp, v int) tags (info json)',
  'insert into j1 using js tags (\'{"k":"v1"}\') values (\'2022-01-01 00:00:00.000\', 1)',
  'insert into j2 using js tags (\'{"k":"v2","n":2}\') values (\'2022-01-01 00:00:00.000\', 2)',
];

function cases(p: Precision): Case[] {
  const T = (s: string) => ts(`2022-01-01T00:00:00.${s}Z`, p);
  return [
    {
      name: 'column_meta names and lengths for every type',
      sql: 'select * from alltypes limit 0',
      expect: {
        meta: [
          ['ts', 'TIMESTAMP', 8],
          ['c_bool', 'BOOL', 1],
          ['c_ti', 'TINYINT', 1],
          ['c_si', 'SMALLINT', 2],
          ['c_int', 'INT', 4],
          ['c_bi', 'BIGINT', 8],
          ['c_uti', 'TINYINT UNSIGNED', 1],
          ['c_usi', 'SMALLINT UNSIGNED', 2],
          ['c_ui', 'INT UNSIGNED', 4],
          ['c_ubi', 'BIGINT UNSIGNED', 8],
          ['c_f', 'FLOAT', 4],
          ['c_d', 'DOUBLE', 8],
          ['c_vc', 'VARCHAR', 20],
          ['c_nc', 'NCHAR', 10],
          ['c_vb', 'VARBINARY', 10],
          ['c_geo', 'GEOMETRY', 100],
        ],
        data: [],
      },
    },
    {
      name: 'extremes, unicode, hex binary and WKB geometry round-trip exactly',
      sql: 'select * from alltypes',
      expect: {
        data: [
          [
            T('000'),
            true,
            -128,
            -32768,
            -2147483648,
            '-9223372036854775808',
            255,
            65535,
            4294967295,
            '18446744073709551615',
            1.5,
            3.141592653589793,
            'hello "world"',
            '中文ü',
            '7f8290',
            '0101000000000000000000f03f000000000000f03f',
          ],
          [
            T('001'),
            false,
            127,
            32767,
            2147483647,
            '9223372036854775807',
            0,
            0,
            0,
            0,
            -0.25,
            -1e-7,
            '',
            'a',
            '6162',
            '010100000000000000000000000000000000000000',
          ],
          [
            T('002'),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
          ],
        ],
      },
    },
    {
      name: 'JSON tags are inlined objects',
      sql: 'select tbname, info from js order by tbname',
      expect: {
        meta: [
          ['tbname', 'VARCHAR', 192],
          ['info', 'JSON', 4095],
        ],
        data: [
          ['j1', { k: 'v1' }],
          ['j2', { k: 'v2', n: 2 }],
        ],
      },
    },
    {
      name: 'JSON tag access with -> and CONTAINS',
      sql: "select tbname from js where info contains 'n'",
      expect: { data: [['j2']] },
    },
    {
      name: 'TINYINT overflow is an insert error',
      sql: 'insert into alltypes (ts, c_ti) values (now, 128)',
      expect: { code: 0x0216 },
    },
    {
      name: 'unsigned overflow',
      sql: 'insert into alltypes (ts, c_uti) values (now, -1)',
      expect: { code: 0x0216 },
    },
    {
      name: 'BIGINT overflow',
      sql: 'insert into alltypes (ts, c_bi) values (now, 9223372036854775808)',
      expect: { code: 0x0216 },
    },
    {
      name: 'VARCHAR longer than declared',
      sql: "insert into alltypes (ts, c_vc) values (now, '123456789012345678901')",
      expect: { code: 0x2653 },
    },
    {
      name: 'NCHAR counts characters, not bytes',
      setup: ["insert into alltypes (ts, c_nc) values ('2022-01-02 00:00:00', '中文中文中文中文中文')"],
      sql: "select c_nc from alltypes where ts = '2022-01-02 00:00:00'",
      expect: { data: [['中文中文中文中文中文']] },
    },
    {
      name: 'NCHAR too long',
      sql: "insert into alltypes (ts, c_nc) values (now, '中文中文中文中文中文中')",
      expect: { code: 0x2653 },
    },
    {
      name: 'NULL timestamp',
      sql: 'insert into alltypes (ts, c_int) values (null, 1)',
      expect: { code: 0x0216 },
    },
    {
      name: 'bad timestamp string',
      sql: "insert into alltypes (ts, c_int) values ('yesterday', 1)",
      expect: { code: 0x0216 },
    },
  ];
}

runCases('data types', { prefix: 'types', setupAll: SETUP }, cases);
