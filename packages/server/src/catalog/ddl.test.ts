import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code } from '@taosts/protocol';
import type { TaosEngine } from '../engine/engine.js';
import { errorCode, memoryEngine, query, run, session } from '../engine/test-helpers.js';

let engine: TaosEngine;
beforeAll(async () => {
  engine = await memoryEngine();
});
afterAll(async () => {
  await engine.close();
});

const BASE = [
  'create database d',
  'use d',
  'create stable st (ts timestamp, a int, b varchar(8)) tags (t1 int, t2 nchar(4))',
  "create table c1 using st tags (1, 'x')",
  'create table nt (ts timestamp, v double)',
];

let seq = 0;
/** A fresh database named uniquely; `d` in the SQL is replaced by it. */
async function fresh(extra: string[] = []): Promise<{ s: ReturnType<typeof session>; name: string }> {
  const name = `ddl${seq++}`;
  const s = session();
  await run(engine, s, ...[...BASE, ...extra].map((x) => x.replace(/\bd\b/, name)));
  return { s, name };
}

const errors: [string, number][] = [
  ['create database d', Code.DB_ALREADY_EXIST],
  ['create database information_schema', Code.DB_ALREADY_EXIST],
  ['drop database nosuchdb', Code.DB_NOT_EXIST],
  ['use nosuchdb', Code.DB_NOT_EXIST],
  ["create database x precision 'xs'", Code.INVALID_DB_OPTION],
  ['create database x keep 0', Code.INVALID_DB_OPTION],
  ['create database x keep 10,5', Code.INVALID_DB_OPTION],
  ['create database x vgroups 5000', Code.INVALID_DB_OPTION],
  ["alter database d precision 'us'", Code.INVALID_DB_OPTION],
  ['create stable st (ts timestamp, a int) tags (t int)', Code.STB_ALREADY_EXIST],
  ['create table nt (ts timestamp, a int)', Code.TABLE_ALREADY_EXIST],
  ["create table c1 using st tags (1, 'x')", Code.TABLE_ALREADY_EXIST],
  ['create stable s2 (a int, ts timestamp) tags (t int)', Code.INVALID_FIRST_COLUMN],
  ['create table n2 (a int, ts timestamp)', Code.INVALID_FIRST_COLUMN],
  ['create stable s2 (ts timestamp, a int, a int) tags (t int)', Code.DUPLICATED_COLUMN],
  ['create stable s2 (ts timestamp, a int) tags (a int)', Code.DUPLICATED_COLUMN],
  ['create stable s2 (ts timestamp, a int) tags (j json, t int)', 0x2633],
  ['create stable s2 (ts timestamp, a json) tags (t int)', Code.INVALID_COL_JSON],
  ['create table n2 (ts timestamp, a varchar(70000))', Code.INVALID_VAR_COLUMN_LEN],
  ['create stable s2 (ts timestamp, a int) tags (t varchar(20000))', Code.INVALID_VAR_COLUMN_LEN],
  ['create table n2 (ts timestamp)', Code.INVALID_COLUMNS_NUM],
  ["create table c2 using nost tags (1, 'x')", Code.TABLE_NOT_EXIST],
  ["create table c2 using nt tags (1, 'x')", Code.STB_NOT_EXIST],
  ['create table c2 using st tags (1)', Code.TAGS_NOT_MATCHED],
  ["create table c2 using st (t1, zz) tags (1, 'x')", Code.INVALID_TAG_NAME],
  ['drop table nosuch', Code.TABLE_NOT_EXIST],
  ['drop stable nosuch', Code.STB_NOT_EXIST],
  ['drop stable nt', Code.STB_NOT_EXIST],
  ['alter table st add column a int', Code.COLUMN_ALREADY_EXIST],
  ['alter table st drop column zz', Code.COLUMN_NOT_EXIST],
  ['alter table st drop column ts', Code.CANNOT_DROP_PRIMARY_KEY],
  ['alter table nt drop column v', Code.INVALID_DROP_COL],
  ['alter table st modify column a bigint', Code.INVALID_MODIFY_COL],
  ['alter table st modify column b varchar(4)', Code.INVALID_MODIFY_COL],
  ['alter stable st add tag t1 int', Code.TAG_ALREADY_EXIST],
  ['alter stable st drop tag zz', Code.TAG_NOT_EXIST],
  ['alter stable st rename tag zz yy', Code.TAG_NOT_EXIST],
  ['alter table c1 add column z int', Code.INVALID_ALTER_TABLE],
  ['alter table nt set tag t1 = 3', Code.INVALID_ALTER_TABLE],
  ['alter table c1 set tag zz = 3', Code.INVALID_TAG_NAME],
  ['alter table nt add tag t int', Code.INVALID_ALTER_TABLE],
  ['create table information_schema.x (ts timestamp, a int)', Code.SYSTABLE_NOT_ALLOWED],
  ['describe nosuch', Code.TABLE_NOT_EXIST],
  ["create user u1 pass 'weak'", Code.INVALID_PASS_FORMAT],
  ['drop user nosuch', Code.USER_NOT_EXIST],
];

describe('DDL errors', () => {
  for (const [sql, code] of errors) {
    it(`0x${code.toString(16)}: ${sql}`, async () => {
      const { s, name } = await fresh();
      expect(await errorCode(engine, s, sql.replace(/\bd\b/, name))).toBe(code);
      // Nothing changed and the engine still works.
      expect(await query(engine, s, 'describe st')).toHaveLength(5);
      expect(await run(engine, s, "insert into c1 values (1626164208000, 1, 'a')")).toBe(1);
    });
  }

  it('no current database → 0x2616', async () => {
    expect(await errorCode(engine, session(), 'create table t (ts timestamp, a int)')).toBe(
      Code.DB_NOT_SPECIFIED,
    );
  });
});

/** (statements, check query, rows). */
const effects: [string[], string, unknown[][]][] = [
  [['create database if not exists d'], 'show tables', [['c1'], ['nt']]],
  [
    ['create stable if not exists st (ts timestamp, z int) tags (q int)'],
    "select count(*) from information_schema.ins_columns where table_name = 'st' and db_name = 'd'",
    [[5n]],
  ],
  [
    [
      "create table c2 using st tags (2, 'y') c3 using st (t2) tags ('z') if not exists c1 using st tags (9, 'q')",
    ],
    'show table tags from st',
    [
      ['c1', 1, 'x'],
      ['c2', 2, 'y'],
      ['c3', null, 'z'],
    ],
  ],
  [['drop table c1, nt'], 'show tables', []],
  [['drop table if exists nosuch, nt'], 'show tables', [['c1']]],
  [['drop stable st'], 'show tables', [['nt']]],
  [['drop table st'], 'show stables', []],
  [
    ['alter table nt add column w int', 'insert into nt values (1626164208000, 1.5, 7)'],
    'select * from nt',
    [[1626164208000n, 1.5, 7]],
  ],
  [
    ['insert into nt values (1626164208000, 1.5)', 'alter table nt add column w int'],
    'select * from nt',
    [[1626164208000n, 1.5, null]],
  ],
  [
    ['alter table nt add column w int', 'alter table nt drop column v'],
    'describe nt',
    [
      ['ts', 'TIMESTAMP', 8, '', 'delta-i', 'lz4', 'medium'],
      ['w', 'INT', 4, '', 'simple8b', 'lz4', 'medium'],
    ],
  ],
  [
    ['alter table nt rename column v vv'],
    "select count(*) from information_schema.ins_columns where col_name = 'vv'",
    [[1n]],
  ],
  [
    [
      'alter table st modify column b varchar(100)',
      "insert into c1 values (1626164208000, 1, '" + 'x'.repeat(100) + "')",
    ],
    'select length(b) from st',
    [[100n]],
  ],
  [['alter stable st add tag t3 double'], 'show table tags from st', [['c1', 1, 'x', null]]],
  [
    ['alter stable st drop tag t2'],
    'describe st',
    [
      ['ts', 'TIMESTAMP', 8, '', 'delta-i', 'lz4', 'medium'],
      ['a', 'INT', 4, '', 'simple8b', 'lz4', 'medium'],
      ['b', 'VARCHAR', 8, '', 'disabled', 'zstd', 'medium'],
      ['t1', 'INT', 4, 'TAG', 'disabled', 'disabled', 'disabled'],
    ],
  ],
  [['alter stable st rename tag t1 tt'], 'select tags tbname, tt from st', [['c1', 1]]],
  [["alter table c1 set tag t1 = 42, t2 = 'qq'"], 'show table tags from st', [['c1', 42, 'qq']]],
  [['alter table c1 set tag t2 = null'], 'show table tags from st', [['c1', 1, null]]],
  [
    ["alter table nt comment 'hello'"],
    "select table_comment from information_schema.ins_tables where table_name = 'nt' and db_name = 'd'",
    [['hello']],
  ],
  [
    ['alter table c1 ttl 5'],
    "select ttl from information_schema.ins_tables where table_name = 'c1' and db_name = 'd'",
    [[5]],
  ],
  [
    ["alter database d cachemodel 'last_row' keep 365"],
    "select cachemodel, `keep` from information_schema.ins_databases where name = 'd'",
    [['last_row', '365d,365d,365d']],
  ],
  [['drop database d'], 'show databases', [['information_schema'], ['performance_schema']]],
];

describe('DDL effects', () => {
  for (const [sqls, check, rows] of effects) {
    it(sqls.join('; '), async () => {
      const { s, name } = await fresh();
      await run(engine, s, ...sqls.map((x) => x.replace(/\bd\b/, name)));
      const got = await query(engine, s, check.replace(/'d'/, `'${name}'`));
      if (check === 'show databases')
        expect(got.filter((r) => !String(r[0]).startsWith('ddl'))).toEqual(rows);
      else expect(got).toEqual(rows);
    });
  }
});

describe('users', () => {
  it('create, authenticate, alter, drop', async () => {
    const s = session();
    expect(engine.authenticate('root', 'taosdata')).toBe(true);
    expect(engine.authenticate('root', 'nope')).toBe(false);
    await run(engine, s, "create user alice pass 'Secr3t!pw' sysinfo 0");
    expect(engine.authenticate('alice', 'Secr3t!pw')).toBe(true);
    expect(await errorCode(engine, s, "create user alice pass 'Secr3t!pw'")).toBe(Code.USER_ALREADY_EXIST);
    await run(engine, s, "alter user alice pass 'An0ther!pw'");
    expect(engine.authenticate('alice', 'Secr3t!pw')).toBe(false);
    expect(engine.authenticate('alice', 'An0ther!pw')).toBe(true);
    await run(engine, s, 'alter user alice enable 0');
    expect(engine.authenticate('alice', 'An0ther!pw')).toBe(false);
    const users = await query(engine, s, 'show users');
    expect(users.map((r) => [r[0], r[1], r[2], r[3]])).toEqual([
      ['root', 1, 1, 1],
      ['alice', 0, 0, 0],
    ]);
    await run(engine, s, 'drop user alice');
    expect(engine.authenticate('alice', 'An0ther!pw')).toBe(false);
    expect(await errorCode(engine, s, 'drop user root')).toBe(Code.PERMISSION_DENIED);
  });
});
