/** DDL, metadata (SHOW, DESCRIBE, information_schema) and the common errors (sql.md §6, §8). */
import { runCases, type Case } from './sql/harness.js';

const SETUP = [
  'create stable meters (ts timestamp, current float, voltage int, phase float) tags (location varchar(64), groupid int)',
  "create table d1 using meters tags ('California.SanFrancisco', 2)",
  'create table if not exists d2 using meters (groupid) tags (3) d3 using meters tags (null, 4)',
  'create table plain (ts timestamp, v int, s nchar(8))',
];

function cases(): Case[] {
  return [
    {
      name: 'the database is listed',
      sql: "select name, `precision` from information_schema.ins_databases where name = '{db}'",
      expect: { data: [['ddl_ms', 'ms']] },
    },
    {
      name: 'SHOW DATABASES has one column and the system databases',
      sql: 'show databases',
      expect: { names: ['name'] },
    },
    {
      name: 'system databases exist',
      sql: "select count(*) from information_schema.ins_databases where name in ('information_schema', 'performance_schema')",
      expect: { data: [[2]] },
    },
    {
      name: 'SHOW STABLES',
      sql: 'show stables',
      expect: { names: ['stable_name'], data: [['meters']] },
    },
    {
      name: 'SHOW TABLES lists child and normal tables',
      sql: 'show tables',
      expect: { names: ['table_name'], rows: 4 },
    },
    {
      name: 'ins_tables knows the kinds',
      sql: "select table_name, stable_name, type from information_schema.ins_tables where db_name = '{db}' order by table_name",
      expect: {
        data: [
          ['d1', 'meters', 'CHILD_TABLE'],
          ['d2', 'meters', 'CHILD_TABLE'],
          ['d3', 'meters', 'CHILD_TABLE'],
          ['plain', null, 'NORMAL_TABLE'],
        ],
      },
    },
    {
      name: 'ins_stables counts columns and tags',
      sql: "select stable_name, db_name, `columns`, `tags` from information_schema.ins_stables where db_name = '{db}'",
      expect: { data: [['meters', 'ddl_ms', 4, 2]] },
    },
    {
      name: 'ins_tags renders tag values as text',
      sql: "select table_name, tag_name, tag_type, tag_value from information_schema.ins_tags where db_name = '{db}' and stable_name = 'meters' order by table_name, tag_name",
      expect: {
        data: [
          ['d1', 'groupid', 'INT', '2'],
          ['d1', 'location', 'VARCHAR(64)', 'California.SanFrancisco'],
          ['d2', 'groupid', 'INT', '3'],
          ['d2', 'location', 'VARCHAR(64)', null],
          ['d3', 'groupid', 'INT', '4'],
          ['d3', 'location', 'VARCHAR(64)', null],
        ],
      },
    },
    {
      name: 'DESCRIBE a super table',
      sql: 'describe meters',
      expect: {
        pick: [0, 1, 2, 3],
        data: [
          ['ts', 'TIMESTAMP', 8, ''],
          ['current', 'FLOAT', 4, ''],
          ['voltage', 'INT', 4, ''],
          ['phase', 'FLOAT', 4, ''],
          ['location', 'VARCHAR', 64, 'TAG'],
          ['groupid', 'INT', 4, 'TAG'],
        ],
      },
    },
    {
      name: 'DESCRIBE a normal table reports NCHAR length in characters',
      sql: 'desc plain',
      expect: {
        pick: [0, 1, 2, 3],
        data: [
          ['ts', 'TIMESTAMP', 8, ''],
          ['v', 'INT', 4, ''],
          ['s', 'NCHAR', 8, ''],
        ],
      },
    },
    {
      name: 'SHOW CREATE TABLE has TDengine column names',
      sql: 'show create table d1',
      expect: { names: ['Table', 'Create Table'], pick: [0], data: [['d1']] },
    },
    {
      name: 'SHOW CREATE DATABASE',
      sql: 'show create database {db}',
      expect: { names: ['Database', 'Create Database'], pick: [0], data: [['ddl_ms']] },
    },
    {
      name: 'SHOW TAGS FROM a child table',
      sql: 'show tags from d1',
      expect: {
        names: ['table_name', 'db_name', 'stable_name', 'tag_name', 'tag_type', 'tag_value'],
        pick: [3, 5],
        data: [
          ['location', 'California.SanFrancisco'],
          ['groupid', '2'],
        ],
      },
    },
    {
      name: 'ALTER TABLE … SET TAG changes a child table tag',
      setup: ["alter table d2 set tag location = 'Nowhere'"],
      sql: "select tags tbname, location from meters where tbname = 'd2'",
      expect: { data: [['d2', 'Nowhere']] },
    },
    {
      name: 'ALTER STABLE ADD COLUMN shows up in DESCRIBE',
      setup: ['alter stable meters add column extra double'],
      sql: 'describe meters',
      expect: {
        pick: [0],
        data: [['ts'], ['current'], ['voltage'], ['phase'], ['extra'], ['location'], ['groupid']],
      },
    },
    {
      name: 'ALTER STABLE ADD TAG',
      setup: ['alter stable meters add tag region nchar(10)'],
      sql: "select tag_name from information_schema.ins_tags where db_name = '{db}' and table_name = 'd1' order by tag_name",
      expect: { data: [['groupid'], ['location'], ['region']] },
    },
    {
      name: 'DROP TABLE then the table is gone',
      setup: ['drop table d3'],
      sql: 'select * from d3',
      expect: { code: 0x2603 },
    },
    // --- errors ---
    { name: 'duplicate database', sql: 'create database {db}', expect: { code: 0x0381 } },
    { name: 'missing database', sql: 'drop database no_such_db', expect: { code: 0x0388 } },
    { name: 'USE a missing database', sql: 'use no_such_db', expect: { code: 0x0388 } },
    {
      name: 'duplicate super table',
      sql: 'create stable meters (ts timestamp, v int) tags (t int)',
      expect: { code: 0x0360 },
    },
    { name: 'duplicate table', sql: 'create table plain (ts timestamp, v int)', expect: { code: 0x0603 } },
    {
      name: 'IF NOT EXISTS is fine',
      sql: 'create table if not exists plain (ts timestamp, v int)',
      expect: { data: [[0]] },
    },
    { name: 'tag count mismatch', sql: "create table d9 using meters tags ('x')", expect: { code: 0x260d } },
    {
      name: 'first column must be a timestamp',
      sql: 'create table bad (v int, ts timestamp)',
      expect: { code: 0x2641 },
    },
    { name: 'missing table', sql: 'select * from no_such_table', expect: { code: 0x2603 } },
    { name: 'unknown column', sql: 'select nope from plain', expect: { code: 0x2602 } },
    { name: 'no database selected', sql: 'select * from plain', nodb: true, expect: { code: 0x2616 } },
    { name: 'syntax error', sql: 'selec * from plain', expect: { code: 0x2600, desc: 'syntax error' } },
    {
      name: 'missing super table in USING',
      sql: 'create table x1 using no_stable tags (1)',
      expect: { code: 0x2603 },
    },
    {
      name: 'information_schema is read-only',
      sql: 'insert into information_schema.ins_tables values (now, 1)',
      expect: { code: 0x2669 },
    },
  ];
}

runCases('ddl and metadata', { prefix: 'ddl', precisions: ['ms'], setupAll: SETUP }, cases);
