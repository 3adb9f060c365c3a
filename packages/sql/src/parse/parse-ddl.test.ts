import { describe, expect, it } from 'vitest';
import { TypeCode } from '@taosts/protocol';
import type { ColumnDef, OptionValue, Statement } from '../ast/index.js';
import { parse } from './parse.js';
import { bin, col, fn, num, str } from './test-helpers.js';

const opts = (...entries: [string, OptionValue][]) => new Map(entries);
const c = (name: string, code: number, extra: Partial<ColumnDef> = {}): ColumnDef => ({
  name,
  type: { code: code as TypeCode },
  ...extra,
});
const sized = (name: string, code: number, length: number): ColumnDef => ({
  name,
  type: { code: code as TypeCode, length },
});

const meterCols = [
  c('ts', TypeCode.TIMESTAMP),
  c('current', TypeCode.FLOAT),
  c('voltage', TypeCode.INT),
  c('phase', TypeCode.FLOAT),
];
const meterTags = [sized('location', TypeCode.VARCHAR, 64), c('groupid', TypeCode.INT)];

/** (SQL, expected statement). */
const cases: [string, Statement][] = [
  // databases
  ['CREATE DATABASE power', { kind: 'CreateDatabase', name: 'power', ifNotExists: false, options: opts() }],
  [
    "CREATE DATABASE IF NOT EXISTS Power PRECISION 'us' KEEP 365 DURATION 10d VGROUPS 2 BUFFER 256 CACHEMODEL 'last_row' COMP 2 WAL_LEVEL 1 WAL_RETENTION_PERIOD -1 SINGLE_STABLE 0",
    {
      kind: 'CreateDatabase',
      name: 'power',
      ifNotExists: true,
      options: opts(
        ['precision', 'us'],
        ['keep', 365],
        ['duration', '10d'],
        ['vgroups', 2],
        ['buffer', 256],
        ['cachemodel', 'last_row'],
        ['comp', 2],
        ['wal_level', 1],
        ['wal_retention_period', -1],
        ['single_stable', 0],
      ),
    },
  ],
  [
    'CREATE DATABASE d KEEP 10d,20d,30d RETENTIONS 1s:10d,1m:30d',
    {
      kind: 'CreateDatabase',
      name: 'd',
      ifNotExists: false,
      options: opts(['keep', ['10d', '20d', '30d']], ['retentions', ['1s:10d', '1m:30d']]),
    },
  ],
  [
    'CREATE DATABASE d KEEP 100H',
    { kind: 'CreateDatabase', name: 'd', ifNotExists: false, options: opts(['keep', '100h']) },
  ],
  ['DROP DATABASE power', { kind: 'DropDatabase', name: 'power', ifExists: false }],
  ['DROP DATABASE IF EXISTS `Power`', { kind: 'DropDatabase', name: 'Power', ifExists: true }],
  [
    "ALTER DATABASE power CACHEMODEL 'both' KEEP 3650",
    { kind: 'AlterDatabase', name: 'power', options: opts(['cachemodel', 'both'], ['keep', 3650]) },
  ],
  ['USE Power', { kind: 'Use', name: 'power' }],
  // super tables
  [
    'CREATE STABLE meters (ts TIMESTAMP, current FLOAT, voltage INT, phase FLOAT) TAGS (location VARCHAR(64), groupId INT)',
    {
      kind: 'CreateSTable',
      table: { name: 'meters' },
      ifNotExists: false,
      columns: meterCols,
      tags: meterTags,
      options: opts(),
    },
  ],
  [
    "CREATE TABLE IF NOT EXISTS db.meters (ts TIMESTAMP, current FLOAT, voltage INT, phase FLOAT) TAGS (location BINARY(64), groupid INTEGER) COMMENT 'm' KEEP 10d",
    {
      kind: 'CreateSTable',
      table: { db: 'db', name: 'meters' },
      ifNotExists: true,
      columns: meterCols,
      tags: meterTags,
      options: opts(['comment', 'm'], ['keep', '10d']),
    },
  ],
  [
    "CREATE STABLE st (ts TIMESTAMP, id INT COMPOSITE KEY, v DOUBLE ENCODE 'delta-d' COMPRESS 'lz4' LEVEL 'high', n NCHAR(10) COMMENT 'x') TAGS (j JSON)",
    {
      kind: 'CreateSTable',
      table: { name: 'st' },
      ifNotExists: false,
      columns: [
        c('ts', TypeCode.TIMESTAMP),
        c('id', TypeCode.INT, { primaryKey: true }),
        c('v', TypeCode.DOUBLE, {
          options: new Map([
            ['encode', 'delta-d'],
            ['compress', 'lz4'],
            ['level', 'high'],
          ]),
        }),
        { ...sized('n', TypeCode.NCHAR, 10), comment: 'x' },
      ],
      tags: [c('j', TypeCode.JSON)],
      options: opts(),
    },
  ],
  // every type
  [
    'CREATE TABLE t (ts TIMESTAMP, a BOOL, b TINYINT, c TINYINT UNSIGNED, d SMALLINT, e SMALLINT UNSIGNED, f INT UNSIGNED, g BIGINT, h BIGINT UNSIGNED, i DOUBLE, j VARBINARY(8), k GEOMETRY(100), l DECIMAL(10,2), m DECIMAL(20), n BLOB, `Value` VARCHAR(5)) TTL 10 SMA(a, b)',
    {
      kind: 'CreateTable',
      table: { name: 't' },
      ifNotExists: false,
      columns: [
        c('ts', TypeCode.TIMESTAMP),
        c('a', TypeCode.BOOL),
        c('b', TypeCode.TINYINT),
        c('c', TypeCode.UTINYINT),
        c('d', TypeCode.SMALLINT),
        c('e', TypeCode.USMALLINT),
        c('f', TypeCode.UINT),
        c('g', TypeCode.BIGINT),
        c('h', TypeCode.UBIGINT),
        c('i', TypeCode.DOUBLE),
        sized('j', TypeCode.VARBINARY, 8),
        sized('k', TypeCode.GEOMETRY, 100),
        { name: 'l', type: { code: TypeCode.DECIMAL64, precision: 10, scale: 2 } },
        { name: 'm', type: { code: TypeCode.DECIMAL, precision: 20, scale: 0 } },
        c('n', TypeCode.BLOB),
        sized('Value', TypeCode.VARCHAR, 5),
      ],
      options: opts(['ttl', 10], ['sma', ['a', 'b']]),
    },
  ],
  [
    'CREATE TABLE t (ts TIMESTAMP, id BIGINT PRIMARY KEY, value INT, status INT)',
    {
      kind: 'CreateTable',
      table: { name: 't' },
      ifNotExists: false,
      columns: [
        c('ts', TypeCode.TIMESTAMP),
        c('id', TypeCode.BIGINT, { primaryKey: true }),
        c('value', TypeCode.INT),
        c('status', TypeCode.INT),
      ],
      options: opts(),
    },
  ],
  // child tables
  [
    "CREATE TABLE d1001 USING meters TAGS ('California.SanFrancisco', 2)",
    {
      kind: 'CreateChildTables',
      tables: [
        {
          table: { name: 'd1001' },
          ifNotExists: false,
          stable: { name: 'meters' },
          tags: [str('California.SanFrancisco'), num('2')],
          options: opts(),
        },
      ],
    },
  ],
  [
    "CREATE TABLE IF NOT EXISTS d1 USING db.meters (groupId) TAGS (2) TTL 5 IF NOT EXISTS d2 USING meters TAGS ('x', NOW) d3 USING meters TAGS (-1, 'y')",
    {
      kind: 'CreateChildTables',
      tables: [
        {
          table: { name: 'd1' },
          ifNotExists: true,
          stable: { db: 'db', name: 'meters' },
          tagNames: ['groupid'],
          tags: [num('2')],
          options: opts(['ttl', 5]),
        },
        {
          table: { name: 'd2' },
          ifNotExists: true,
          stable: { name: 'meters' },
          tags: [str('x'), fn('now')],
          options: opts(),
        },
        {
          table: { name: 'd3' },
          ifNotExists: false,
          stable: { name: 'meters' },
          tags: [num('-1'), str('y')],
          options: opts(),
        },
      ],
    },
  ],
  // drop
  [
    'DROP TABLE d1',
    { kind: 'DropTable', stable: false, tables: [{ table: { name: 'd1' }, ifExists: false }] },
  ],
  [
    'DROP TABLE IF EXISTS db.a, IF EXISTS b, c',
    {
      kind: 'DropTable',
      stable: false,
      tables: [
        { table: { db: 'db', name: 'a' }, ifExists: true },
        { table: { name: 'b' }, ifExists: true },
        { table: { name: 'c' }, ifExists: false },
      ],
    },
  ],
  [
    'DROP STABLE IF EXISTS meters',
    { kind: 'DropTable', stable: true, tables: [{ table: { name: 'meters' }, ifExists: true }] },
  ],
  // alter
  [
    'ALTER TABLE t ADD COLUMN c2 NCHAR(20)',
    {
      kind: 'AlterTable',
      stable: false,
      table: { name: 't' },
      action: { kind: 'AddColumn', column: sized('c2', TypeCode.NCHAR, 20) },
    },
  ],
  [
    'ALTER STABLE st DROP COLUMN c2',
    { kind: 'AlterTable', stable: true, table: { name: 'st' }, action: { kind: 'DropColumn', name: 'c2' } },
  ],
  [
    'ALTER TABLE t MODIFY COLUMN c VARCHAR(100)',
    {
      kind: 'AlterTable',
      stable: false,
      table: { name: 't' },
      action: { kind: 'ModifyColumn', column: sized('c', TypeCode.VARCHAR, 100) },
    },
  ],
  [
    'ALTER TABLE t RENAME COLUMN a b',
    {
      kind: 'AlterTable',
      stable: false,
      table: { name: 't' },
      action: { kind: 'RenameColumn', from: 'a', to: 'b' },
    },
  ],
  [
    'ALTER STABLE st ADD TAG t3 INT',
    {
      kind: 'AlterTable',
      stable: true,
      table: { name: 'st' },
      action: { kind: 'AddTag', column: c('t3', TypeCode.INT) },
    },
  ],
  [
    'ALTER STABLE st DROP TAG t3',
    { kind: 'AlterTable', stable: true, table: { name: 'st' }, action: { kind: 'DropTag', name: 't3' } },
  ],
  [
    'ALTER STABLE st MODIFY TAG loc BINARY(128)',
    {
      kind: 'AlterTable',
      stable: true,
      table: { name: 'st' },
      action: { kind: 'ModifyTag', column: sized('loc', TypeCode.VARCHAR, 128) },
    },
  ],
  [
    'ALTER STABLE st RENAME TAG a b',
    {
      kind: 'AlterTable',
      stable: true,
      table: { name: 'st' },
      action: { kind: 'RenameTag', from: 'a', to: 'b' },
    },
  ],
  [
    "ALTER TABLE d1 SET TAG location = 'x', groupId = -2",
    {
      kind: 'AlterTable',
      stable: false,
      table: { name: 'd1' },
      action: {
        kind: 'SetTag',
        values: [
          { name: 'location', value: str('x') },
          { name: 'groupid', value: num('-2') },
        ],
      },
    },
  ],
  [
    'ALTER TABLE t TTL 10',
    {
      kind: 'AlterTable',
      stable: false,
      table: { name: 't' },
      action: { kind: 'SetOptions', options: opts(['ttl', 10]) },
    },
  ],
  [
    "ALTER STABLE st COMMENT 'hi' KEEP 30d",
    {
      kind: 'AlterTable',
      stable: true,
      table: { name: 'st' },
      action: { kind: 'SetOptions', options: opts(['comment', 'hi'], ['keep', '30d']) },
    },
  ],
  // show
  ['SHOW DATABASES', { kind: 'Show', what: 'databases' }],
  ['SHOW USER DATABASES', { kind: 'Show', what: 'databases', filter: 'user' }],
  ['SHOW SYSTEM DATABASES', { kind: 'Show', what: 'databases', filter: 'system' }],
  ['SHOW STABLES', { kind: 'Show', what: 'stables' }],
  ["SHOW db.STABLES LIKE 'x%'", { kind: 'Show', what: 'stables', db: 'db', like: 'x%' }],
  ['SHOW TABLES', { kind: 'Show', what: 'tables' }],
  ["SHOW NORMAL TABLES LIKE 'd%'", { kind: 'Show', what: 'tables', filter: 'normal', like: 'd%' }],
  ['SHOW CHILD power.TABLES', { kind: 'Show', what: 'tables', filter: 'child', db: 'power' }],
  ['SHOW VGROUPS', { kind: 'Show', what: 'vgroups' }],
  ['SHOW db.VGROUPS', { kind: 'Show', what: 'vgroups', db: 'db' }],
  ['SHOW db.VIEWS', { kind: 'Show', what: 'views', db: 'db' }],
  ['SHOW CREATE DATABASE power', { kind: 'Show', what: 'create database', db: 'power' }],
  [
    'SHOW CREATE STABLE power.meters',
    { kind: 'Show', what: 'create stable', table: { db: 'power', name: 'meters' } },
  ],
  ['SHOW CREATE TABLE d1001', { kind: 'Show', what: 'create table', table: { name: 'd1001' } }],
  ['SHOW TAGS FROM d1001', { kind: 'Show', what: 'tags', table: { name: 'd1001' } }],
  ['SHOW TAGS FROM d1001 FROM power', { kind: 'Show', what: 'tags', table: { name: 'd1001' }, db: 'power' }],
  ['SHOW TAGS FROM power.d1001', { kind: 'Show', what: 'tags', table: { db: 'power', name: 'd1001' } }],
  ['SHOW TABLE TAGS FROM meters', { kind: 'Show', what: 'table tags', table: { name: 'meters' } }],
  [
    'SHOW INDEXES FROM meters FROM power',
    { kind: 'Show', what: 'indexes', table: { name: 'meters' }, db: 'power' },
  ],
  ...(
    [
      'users',
      'dnodes',
      'mnodes',
      'cluster',
      'variables',
      'functions',
      'topics',
      'streams',
      'consumers',
      'subscriptions',
      'connections',
      'queries',
      'grants',
    ] as const
  ).map((what): [string, Statement] => [`SHOW ${what.toUpperCase()}`, { kind: 'Show', what }]),
  ['SHOW CLUSTER VARIABLES', { kind: 'Show', what: 'variables' }],
  ['SHOW LOCAL VARIABLES', { kind: 'Show', what: 'variables' }],
  ["SHOW VARIABLES LIKE 'debug%'", { kind: 'Show', what: 'variables', like: 'debug%' }],
  // describe, delete
  ['DESCRIBE meters', { kind: 'Describe', table: { name: 'meters' } }],
  ['DESC power.meters', { kind: 'Describe', table: { db: 'power', name: 'meters' } }],
  ['DELETE FROM d1', { kind: 'Delete', table: { name: 'd1' } }],
  [
    "DELETE FROM db.d1 WHERE ts < '2021-01-01'",
    { kind: 'Delete', table: { db: 'db', name: 'd1' }, where: bin('<', col('ts'), str('2021-01-01')) },
  ],
  // users
  [
    "CREATE USER u1 PASS 'Passw0rd!'",
    { kind: 'CreateUser', name: 'u1', password: 'Passw0rd!', options: opts() },
  ],
  [
    "CREATE USER u1 PASS 'Passw0rd!' SYSINFO 0 CREATEDB 1",
    { kind: 'CreateUser', name: 'u1', password: 'Passw0rd!', options: opts(['sysinfo', 0], ['createdb', 1]) },
  ],
  ["ALTER USER u1 PASS 'N3w!pass'", { kind: 'AlterUser', name: 'u1', options: opts(['pass', 'N3w!pass']) }],
  [
    'ALTER USER u1 ENABLE 0 SYSINFO 1',
    { kind: 'AlterUser', name: 'u1', options: opts(['enable', 0], ['sysinfo', 1]) },
  ],
  ['DROP USER u1', { kind: 'DropUser', name: 'u1' }],
  // statements with no effect on an embedded node
  ['FLUSH DATABASE power', { kind: 'NoOp', what: 'flush' }],
  ['TRIM DATABASE power', { kind: 'NoOp', what: 'trim' }],
  ["COMPACT DATABASE power START WITH '2024-01-01'", { kind: 'NoOp', what: 'compact' }],
  ['BALANCE VGROUP', { kind: 'NoOp', what: 'balance vgroup' }],
  ['REDISTRIBUTE VGROUP 2 DNODE 1', { kind: 'NoOp', what: 'redistribute vgroup' }],
  ['CREATE INDEX idx ON meters (location)', { kind: 'NoOp', what: 'create index' }],
  ['DROP INDEX idx', { kind: 'NoOp', what: 'drop index' }],
  ['GRANT READ ON power.* TO u1', { kind: 'NoOp', what: 'grant' }],
  ['REVOKE ALL ON power.* FROM u1', { kind: 'NoOp', what: 'revoke' }],
  ["KILL QUERY '1:2'", { kind: 'NoOp', what: 'kill' }],
  ['KILL CONNECTION 12', { kind: 'NoOp', what: 'kill' }],
  ['RESET QUERY CACHE', { kind: 'NoOp', what: 'reset query cache' }],
  ["ALTER LOCAL 'debugFlag' '143'", { kind: 'NoOp', what: 'alter local' }],
  ["ALTER DNODE 1 'resetlog'", { kind: 'NoOp', what: 'alter dnode' }],
];

describe('DDL and other statements', () => {
  it.each(cases)('%s', (sql, expected) => {
    expect(parse(sql)).toEqual(expected);
  });

  it('keeps options in source order', () => {
    const stmt = parse("CREATE DATABASE d VGROUPS 1 PRECISION 'ns' BUFFER 3");
    expect(stmt.kind === 'CreateDatabase' && [...stmt.options.keys()]).toEqual([
      'vgroups',
      'precision',
      'buffer',
    ]);
  });
});
