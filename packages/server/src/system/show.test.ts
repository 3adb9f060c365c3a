import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code, TypeCode } from '@taosts/protocol';
import type { TaosEngine } from '../engine/engine.js';
import { errorCode, memoryEngine, query, run, session } from '../engine/test-helpers.js';

let engine: TaosEngine;
const s = session();
beforeAll(async () => {
  engine = await memoryEngine();
  await run(
    engine,
    s,
    "create database power precision 'us' keep 365 duration 10d vgroups 4 cachemodel 'last_row' comp 1",
    'use power',
    "create stable meters (ts timestamp, current float, voltage int, phase float) tags (location varchar(64), groupid int) comment 'm'",
    "create table d1001 using meters tags ('California.SanFrancisco', 2)",
    'create table d1002 using meters (groupid) tags (3)',
    'create table nt (ts timestamp, v nchar(10), b varbinary(16))',
    'insert into d1001 values (now, 10.3, 219, 0.31)',
  );
});
afterAll(async () => {
  await engine.close();
});

/** (statement, expected column names, expected rows). */
const shows: [string, string[], unknown[][]][] = [
  ['show databases', ['name'], [['information_schema'], ['performance_schema'], ['power']]],
  ['show user databases', ['name'], [['power']]],
  ['show system databases', ['name'], [['information_schema'], ['performance_schema']]],
  ['show stables', ['stable_name'], [['meters']]],
  ['show power.stables', ['stable_name'], [['meters']]],
  ['show tables', ['table_name'], [['d1001'], ['d1002'], ['nt']]],
  ['show normal tables', ['table_name'], [['nt']]],
  ['show child tables', ['table_name'], [['d1001'], ['d1002']]],
  ["show tables like 'd%1'", ['table_name'], [['d1001']]],
  [
    'show tags from d1001',
    ['table_name', 'db_name', 'stable_name', 'tag_name', 'tag_type', 'tag_value'],
    [
      ['d1001', 'power', 'meters', 'location', 'VARCHAR(64)', 'California.SanFrancisco'],
      ['d1001', 'power', 'meters', 'groupid', 'INT', '2'],
    ],
  ],
  [
    'show table tags from meters',
    ['tbname', 'location', 'groupid'],
    [
      ['d1001', 'California.SanFrancisco', 2],
      ['d1002', null, 3],
    ],
  ],
  [
    'show create table d1001',
    ['Table', 'Create Table'],
    [
      [
        'd1001',
        'CREATE TABLE `d1001` USING `meters` (`location`, `groupid`) TAGS ("California.SanFrancisco", 2)',
      ],
    ],
  ],
  [
    'show create stable meters',
    ['Table', 'Create Table'],
    [
      [
        'meters',
        "CREATE STABLE `meters` (`ts` TIMESTAMP ENCODE 'delta-i' COMPRESS 'lz4' LEVEL 'medium', `current` FLOAT ENCODE 'delta-d' COMPRESS 'lz4' LEVEL 'medium', " +
          "`voltage` INT ENCODE 'simple8b' COMPRESS 'lz4' LEVEL 'medium', `phase` FLOAT ENCODE 'delta-d' COMPRESS 'lz4' LEVEL 'medium') " +
          "TAGS (`location` VARCHAR(64), `groupid` INT) COMMENT 'm'",
      ],
    ],
  ],
  [
    'describe meters',
    ['field', 'type', 'length', 'note', 'encode', 'compress', 'level'],
    [
      ['ts', 'TIMESTAMP', 8, '', 'delta-i', 'lz4', 'medium'],
      ['current', 'FLOAT', 4, '', 'delta-d', 'lz4', 'medium'],
      ['voltage', 'INT', 4, '', 'simple8b', 'lz4', 'medium'],
      ['phase', 'FLOAT', 4, '', 'delta-d', 'lz4', 'medium'],
      ['location', 'VARCHAR', 64, 'TAG', 'disabled', 'disabled', 'disabled'],
      ['groupid', 'INT', 4, 'TAG', 'disabled', 'disabled', 'disabled'],
    ],
  ],
  [
    'describe nt',
    ['field', 'type', 'length', 'note', 'encode', 'compress', 'level'],
    [
      ['ts', 'TIMESTAMP', 8, '', 'delta-i', 'lz4', 'medium'],
      ['v', 'NCHAR', 10, '', 'disabled', 'zstd', 'medium'],
      ['b', 'VARBINARY', 16, '', 'disabled', 'zstd', 'medium'],
    ],
  ],
  [
    "select name, `precision`, `keep`, duration, `vgroups`, ntables, cachemodel, comp from information_schema.ins_databases where name = 'power'",
    ['name', 'precision', 'keep', 'duration', 'vgroups', 'ntables', 'cachemodel', 'comp'],
    [['power', 'us', '365d,365d,365d', '10d', 4, 3n, 'last_row', 1]],
  ],
  [
    'select stable_name, db_name, `columns`, `tags`, table_comment from information_schema.ins_stables',
    ['stable_name', 'db_name', 'columns', 'tags', 'table_comment'],
    [['meters', 'power', 4, 2, 'm']],
  ],
  [
    "select table_name, stable_name, `type`, `columns` from information_schema.ins_tables where db_name = 'power' order by table_name",
    ['table_name', 'stable_name', 'type', 'columns'],
    [
      ['d1001', 'meters', 'CHILD_TABLE', 4],
      ['d1002', 'meters', 'CHILD_TABLE', 4],
      ['nt', null, 'NORMAL_TABLE', 3],
    ],
  ],
  [
    "select count(*) from information_schema.ins_tables where db_name = 'power' and stable_name = 'meters'",
    ['count(*)'],
    [[2n]],
  ],
  [
    "select table_name, tag_name, tag_type, tag_value from information_schema.ins_tags where stable_name = 'meters' order by table_name, tag_name",
    ['table_name', 'tag_name', 'tag_type', 'tag_value'],
    [
      ['d1001', 'groupid', 'INT', '2'],
      ['d1001', 'location', 'VARCHAR(64)', 'California.SanFrancisco'],
      ['d1002', 'groupid', 'INT', '3'],
      ['d1002', 'location', 'VARCHAR(64)', null],
    ],
  ],
  [
    "select col_name, col_type, col_length, table_type from information_schema.ins_columns where db_name = 'power' and table_name = 'nt' order by col_length",
    ['col_name', 'col_type', 'col_length', 'table_type'],
    [
      ['ts', 'TIMESTAMP', 8, 'NORMAL_TABLE'],
      ['v', 'NCHAR(10)', 10, 'NORMAL_TABLE'],
      ['b', 'VARBINARY(16)', 16, 'NORMAL_TABLE'],
    ],
  ],
  ['select name, super from information_schema.ins_users', ['name', 'super'], [['root', 1]]],
  [
    'show dnodes',
    ['id', 'endpoint', 'vnodes', 'support_vnodes', 'status', 'create_time', 'reboot_time', 'note'],
    [[1, 'localhost:6030', 4, 256, 'ready', expect.any(BigInt), expect.any(BigInt), '']],
  ],
];

describe('SHOW, DESCRIBE and information_schema shapes', () => {
  for (const [sql, names, rows] of shows) {
    it(sql, async () => {
      const r = await engine.execute(sql, s);
      expect(r.kind).toBe('query');
      if (r.kind !== 'query') return;
      expect(r.columns.map((c) => c.name)).toEqual(names);
      expect(await query(engine, s, sql)).toEqual(rows);
      r.close();
    });
  }

  it('column metadata: types and declared lengths', async () => {
    const r = await engine.execute('describe meters', s);
    if (r.kind !== 'query') throw new Error('query expected');
    expect(r.columns.map((c) => [c.type, c.length])).toEqual([
      [TypeCode.VARCHAR, 64],
      [TypeCode.VARCHAR, 20],
      [TypeCode.INT, 4],
      [TypeCode.VARCHAR, 16],
      [TypeCode.VARCHAR, 8],
      [TypeCode.VARCHAR, 8],
      [TypeCode.VARCHAR, 8],
    ]);
    r.close();
    const t = await engine.execute('show table tags from meters', s);
    if (t.kind !== 'query') throw new Error('query expected');
    expect(t.columns.map((c) => [c.name, c.type, c.length])).toEqual([
      ['tbname', TypeCode.VARCHAR, 192],
      ['location', TypeCode.VARCHAR, 64],
      ['groupid', TypeCode.INT, 4],
    ]);
    t.close();
  });

  it('SHOW CREATE DATABASE echoes the options', async () => {
    const [[name, text]] = (await query(engine, s, 'show create database power')) as [[string, string]];
    expect(name).toBe('power');
    expect(text).toContain(
      "CREATE DATABASE `power` BUFFER 256 CACHESIZE 1 CACHEMODEL 'last_row' COMP 1 DURATION 10d",
    );
    expect(text).toContain(
      "KEEP 365d,365d,365d PAGES 256 PAGESIZE 4 PRECISION 'us' REPLICA 1 WAL_LEVEL 1 VGROUPS 4",
    );
  });

  it('system tables are read-only and USE information_schema works', async () => {
    expect(await errorCode(engine, s, 'drop table information_schema.ins_tables')).toBe(
      Code.SYSTABLE_NOT_ALLOWED,
    );
    expect(await errorCode(engine, s, 'delete from information_schema.ins_tables')).toBe(
      Code.SYSTABLE_NOT_ALLOWED,
    );
    const s2 = session();
    await run(engine, s2, 'use information_schema');
    expect(await query(engine, s2, "select `vgroups` from ins_databases where name = 'power'")).toEqual([
      [4],
    ]);
    expect((await query(engine, s2, 'show tables')).map((r) => r[0])).toContain('ins_tables');
  });

  it('SHOW without a current database → 0x2616; unknown names → their codes', async () => {
    expect(await errorCode(engine, session(), 'show stables')).toBe(Code.DB_NOT_SPECIFIED);
    expect(await errorCode(engine, s, 'show nosuch.tables')).toBe(Code.DB_NOT_EXIST);
    expect(await errorCode(engine, s, 'show create table nosuch')).toBe(Code.TABLE_NOT_EXIST);
    expect(await errorCode(engine, s, 'show create database nosuch')).toBe(Code.DB_NOT_EXIST);
  });
});
