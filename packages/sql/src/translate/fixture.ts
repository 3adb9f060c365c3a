/**
 * Test-only fixture (pure data, no DuckDB import): the docs' `power.meters` model plus a normal
 * table, a us and an ns database, and one system table — as a SchemaProvider and as the DuckDB
 * DDL/rows that back it. Used by the translator's *.test.ts files.
 */
import { TypeCode, fixedWidth, type Precision } from '@taosts/protocol';
import type { Query } from '../ast/index.js';
import { parse } from '../parse/index.js';
import type { ColumnSchema, DatabaseSchema, ResultColumn, SchemaProvider, TableSchema } from '../schema.js';
import { translateQuery } from './index.js';
import { duckType } from './sql-type.js';
import type { TranslateContext } from './types.js';

const col = (name: string, type: TypeCode, k: number, length?: number, prefix = 'c'): ColumnSchema => ({
  name,
  type,
  length: length ?? fixedWidth(type),
  phys: `"${prefix}${k}"`,
});

const METERS_COLS = [
  col('ts', TypeCode.TIMESTAMP, 0),
  col('current', TypeCode.FLOAT, 1),
  col('voltage', TypeCode.INT, 2),
  col('phase', TypeCode.FLOAT, 3),
];
const METERS_TAGS = [
  col('location', TypeCode.VARCHAR, 0, 64, 't'),
  col('groupid', TypeCode.INT, 1, undefined, 't'),
];

const superTable = (
  db: string,
  name: string,
  rel: string,
  cols: ColumnSchema[],
  tags: ColumnSchema[],
): TableSchema => ({
  kind: 'super',
  db,
  name,
  columns: cols,
  tags,
  dataRelation: `"${db}"."${rel}_data"`,
  tagRelation: `"${db}"."${rel}_tags"`,
});
const child = (st: TableSchema, name: string, tid: number): TableSchema => ({
  ...st,
  kind: 'child',
  name,
  stable: st.name,
  tid,
});
const normal = (db: string, name: string, rel: string, cols: ColumnSchema[]): TableSchema => ({
  kind: 'normal',
  db,
  name,
  columns: cols,
  tags: [],
  dataRelation: `"${db}"."${rel}"`,
});

export const METERS = superTable('power', 'meters', 's1', METERS_COLS, METERS_TAGS);
const JMETERS = superTable(
  'power',
  'jmeters',
  's2',
  [col('ts', TypeCode.TIMESTAMP, 0), col('v', TypeCode.INT, 1)],
  [col('info', TypeCode.JSON, 0, 4095, 't')],
);
const NORMAL_COLS = [
  col('ts', TypeCode.TIMESTAMP, 0),
  col('ci', TypeCode.INT, 1),
  col('cb', TypeCode.BIGINT, 2),
  col('cu', TypeCode.UINT, 3),
  col('cd', TypeCode.DOUBLE, 4),
  col('cs', TypeCode.VARCHAR, 5, 20),
  col('cn', TypeCode.NCHAR, 6, 10),
  col('cbool', TypeCode.BOOL, 7),
  col('Mixed', TypeCode.INT, 8),
];
const TABLES: TableSchema[] = [
  METERS,
  child(METERS, 'd1001', 1),
  child(METERS, 'd1002', 2),
  child(METERS, 'd1003', 3),
  child(METERS, 'd1004', 4),
  JMETERS,
  child(JMETERS, 'j1', 1),
  child(JMETERS, 'j2', 2),
  child(JMETERS, 'j3', 3),
  normal('power', 'tn', 'n1', NORMAL_COLS),
  normal('power', 'ja', 'ja', [
    col('ts', TypeCode.TIMESTAMP, 0),
    col('v', TypeCode.INT, 1),
    col('s', TypeCode.VARCHAR, 2, 8),
  ]),
  normal('power', 'jb', 'jb', [
    col('ts', TypeCode.TIMESTAMP, 0),
    col('v', TypeCode.INT, 1),
    col('w', TypeCode.DOUBLE, 2),
  ]),
  normal('pus', 'tu', 'n1', [col('ts', TypeCode.TIMESTAMP, 0), col('v', TypeCode.INT, 1)]),
  normal('pns', 'tns', 'n1', [col('ts', TypeCode.TIMESTAMP, 0), col('v', TypeCode.INT, 1)]),
  {
    kind: 'system',
    db: 'information_schema',
    name: 'ins_databases',
    columns: [col('name', TypeCode.VARCHAR, 0, 64), col('precision', TypeCode.VARCHAR, 1, 2)],
    tags: [],
    dataRelation: '"sys"."ins_databases"',
  },
];
const DBS: DatabaseSchema[] = [
  { name: 'power', precision: 'ms', system: false },
  { name: 'pus', precision: 'us', system: false },
  { name: 'pns', precision: 'ns', system: false },
  { name: 'information_schema', precision: 'ms', system: true },
];

export const SCHEMA: SchemaProvider = {
  database: (name) => DBS.find((d) => d.name === name),
  table: (db, name) => TABLES.find((t) => t.db === db && t.name === name),
};

/** 2024-01-01T00:00:00Z in ms. */
export const T0 = 1704067200000n;
const s = (sec: number): bigint => T0 + BigInt(sec * 1000);

/** Statement time: 2024-01-01T00:10:00Z. */
export const NOW_NS = (T0 + 600_000n) * 1_000_000n;

export function context(over: Partial<TranslateContext> = {}): TranslateContext {
  return {
    schema: SCHEMA,
    db: 'power',
    timezone: 'UTC',
    now: NOW_NS,
    user: 'root',
    serverVersion: '3.3.6.0',
    ...over,
  };
}

/** Rows of meters: [tid, ts, current, voltage, phase]. d1004 has no rows. */
export const METER_ROWS: [number, bigint, number | null, number | null, number | null][] = [
  [1, s(0), 10, 219, 0.25],
  [1, s(10), 12, 220, 0.5],
  [1, s(20), null, 221, 0.75],
  [1, s(70), 11, null, 0.125],
  [2, s(5), 9, 218, 0.375],
  [2, s(65), 13.5, 222, null],
  [3, s(15), 10.5, 230, 0.25],
  [3, s(125), null, 231, 0.5],
];
export const TAG_ROWS: [number, string, string | null, number | null][] = [
  [1, 'd1001', 'California.SanFrancisco', 2],
  [2, 'd1002', 'California.SanFrancisco', 3],
  [3, 'd1003', 'California.LosAngeles', 2],
  [4, 'd1004', 'California.LosAngeles', null],
];

const lit = (v: unknown): string =>
  v === null
    ? 'NULL'
    : typeof v === 'string'
      ? `'${v.replaceAll("'", "''")}'`
      : typeof v === 'boolean'
        ? String(v).toUpperCase()
        : String(v);
const values = (rows: unknown[][]): string => rows.map((r) => `(${r.map(lit).join(', ')})`).join(', ');

/** DuckDB statements creating and filling the fixture. */
export const SETUP: readonly string[] = [
  'CREATE SCHEMA "power"',
  'CREATE SCHEMA "pus"',
  'CREATE SCHEMA "pns"',
  'CREATE SCHEMA "sys"',
  'CREATE TABLE "sys"."ins_databases" ("c0" VARCHAR, "c1" VARCHAR)',
  `INSERT INTO "sys"."ins_databases" VALUES ('power', 'ms'), ('pus', 'us'), ('pns', 'ns'), ('information_schema', NULL)`,
  'CREATE TABLE "power"."s1_data" (tid INTEGER, "c0" BIGINT, "c1" FLOAT, "c2" INTEGER, "c3" FLOAT)',
  'CREATE TABLE "power"."s1_tags" (tid INTEGER, tbname VARCHAR, "t0" VARCHAR, "t1" INTEGER)',
  `INSERT INTO "power"."s1_data" VALUES ${values(METER_ROWS)}`,
  `INSERT INTO "power"."s1_tags" VALUES ${values(TAG_ROWS)}`,
  'CREATE TABLE "power"."s2_data" (tid INTEGER, "c0" BIGINT, "c1" INTEGER)',
  'CREATE TABLE "power"."s2_tags" (tid INTEGER, tbname VARCHAR, "t0" VARCHAR)',
  `INSERT INTO "power"."s2_data" VALUES (1, ${T0}, 1), (2, ${T0}, 2), (3, ${T0}, 3)`,
  `INSERT INTO "power"."s2_tags" VALUES (1, 'j1', '{"k":"a","n":1}'), (2, 'j2', '{"k":"b"}'), (3, 'j3', NULL)`,
  'CREATE TABLE "power"."n1" ("c0" BIGINT, "c1" INTEGER, "c2" BIGINT, "c3" UINTEGER, "c4" DOUBLE, "c5" VARCHAR, "c6" VARCHAR, "c7" BOOLEAN, "c8" INTEGER)',
  `INSERT INTO "power"."n1" VALUES ${values([
    [s(0), 1, 10, 100, 1.5, 'abc', 'héllo', true, 7],
    [s(1), -2, null, 200, -2.5, 'Hello World', '中文', false, 8],
    [s(2), null, 30, null, null, null, null, null, 9],
    [s(3), 4, -40, 4000000000, 0, '', 'x', true, null],
  ])}`,
  // join tables (join.test.ts): ja at 0, 1, 2, 4 s; jb at 1, 2, 3, 4 s
  'CREATE TABLE "power"."ja" ("c0" BIGINT, "c1" INTEGER, "c2" VARCHAR)',
  `INSERT INTO "power"."ja" VALUES ${values([
    [s(0), 1, 'a'],
    [s(1), 2, 'b'],
    [s(2), 3, null],
    [s(4), 4, 'd'],
  ])}`,
  'CREATE TABLE "power"."jb" ("c0" BIGINT, "c1" INTEGER, "c2" DOUBLE)',
  `INSERT INTO "power"."jb" VALUES ${values([
    [s(1), 10, 1.5],
    [s(2), 20, null],
    [s(3), 30, 3.5],
    [s(4), null, 4.5],
  ])}`,
  'CREATE TABLE "pus"."n1" ("c0" BIGINT, "c1" INTEGER)',
  `INSERT INTO "pus"."n1" VALUES ${values([
    [T0 * 1000n, 1],
    [T0 * 1000n + 1500n, 2],
    [T0 * 1000n + 2_000_000n, 3],
  ])}`,
  'CREATE TABLE "pns"."n1" ("c0" BIGINT, "c1" INTEGER)',
  `INSERT INTO "pns"."n1" VALUES ${values([
    [T0 * 1000000n, 1],
    [T0 * 1000000n + 1n, 2],
    [T0 * 1000000n + 1_000_000_001n, 3],
  ])}`,
];

/** The part of a DuckDB connection the runner needs (structural: no DuckDB import here). */
export interface Conn {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ getRowsJS(): unknown[][]; columnTypes(): { toString(): string }[] }>;
}

export interface RunResult {
  readonly sql: string;
  readonly rows: unknown[][];
  readonly columns: readonly ResultColumn[];
  readonly precision: Precision;
}

/**
 * Load the fixture into `conn` and return `run(tdengineSql, ctx?)`: parse, translate, execute,
 * and check that every DuckDB column has the DuckDB type of its TDengine type (translate/types.ts).
 */
export async function fixtureRunner(
  conn: Conn,
): Promise<(sql: string, over?: Partial<TranslateContext>) => Promise<RunResult>> {
  for (const stmt of SETUP) await conn.run(stmt);
  return async (sql, over) => {
    const t = translateQuery(parse(sql) as Query, context(over));
    let reader;
    try {
      reader = await conn.runAndReadAll(t.sql);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n  TDengine: ${sql}\n  DuckDB:   ${t.sql}`);
    }
    const types = reader.columnTypes().map(String);
    const want = t.columns.map((c) =>
      duckType({ code: c.type, length: c.length, precision: c.precision, scale: c.scale }),
    );
    if (types.join() !== want.join())
      throw new Error(
        `column types ${types.join()} != ${want.join()}\n  TDengine: ${sql}\n  DuckDB:   ${t.sql}`,
      );
    return { sql: t.sql, rows: reader.getRowsJS(), columns: t.columns, precision: t.precision };
  };
}
