/**
 * Durable catalog: rows in schema `taosts_meta`, written in the same DuckDB transaction as the
 * DDL they describe. Child tables live only in their super table's tag relation
 * `(tid, tbname, _ctime, _opts, t…)`, so creating one is a single append.
 */
import type { StorageConnection } from '../storage/storage.js';
import type { DbOptions } from './db-options.js';
import { DEFAULT_DB_OPTIONS } from './db-options.js';
import { colName, dataRelation, physTypeOf, quoteIdent, sqlString, tagName, tagRelation } from './model.js';
import type { CatColumn, DataOwner, DbEntry, NormalEntry, SuperEntry, TableOptions } from './model.js';

export const META_SCHEMA = 'taosts_meta';

export const META_DDL = [
  `CREATE SCHEMA IF NOT EXISTS ${META_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.databases (id INTEGER, name VARCHAR, ctime BIGINT, options VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.tables (id INTEGER, db_id INTEGER, kind VARCHAR, name VARCHAR, ctime BIGINT, def VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.users (name VARCHAR, pass VARCHAR, ctime BIGINT, options VARCHAR)`,
  // Highest redo-log record committed to DuckDB (ingest/redo-log.ts).
  `CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.redo (lsn BIGINT)`,
  // Which tables' rows are stored in ts order (ingest/relation-writer.ts `IngestState`): a
  // (table, -1) row says the table has been tracked since it was created; (table, tid) rows name
  // the child tables (tid 0: the normal table) whose rows may be out of order. Written in the
  // same transaction as the DDL or the write that changes it.
  `CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.time_order (table_id INTEGER, tid INTEGER)`,
  `INSERT INTO ${META_SCHEMA}.redo SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM ${META_SCHEMA}.redo)`,
].join(';\n');

export async function loadAppliedLsn(c: StorageConnection): Promise<number> {
  const { rows } = await c.query(`SELECT max(lsn) FROM ${META_SCHEMA}.redo`);
  return Number(rows[0]?.[0] ?? 0);
}

export function appliedLsnSql(lsn: number): string {
  return `UPDATE ${META_SCHEMA}.redo SET lsn = ${lsn}`;
}

/** Tag relation bookkeeping columns before the tags. */
export const TAG_REL_PREFIX = ['tid', 'tbname', '_ctime', '_opts'] as const;

interface TableDef {
  columns: CatColumn[];
  tags?: CatColumn[];
  nextKey: number;
  options: TableOptions;
}

export function createDatabaseSql(db: DbEntry): string {
  return [
    `CREATE SCHEMA ${quoteIdent(db.schema)}`,
    `INSERT INTO ${META_SCHEMA}.databases VALUES (${db.id}, ${sqlString(db.name)}, ${db.ctime}, ${sqlString(JSON.stringify(db.options))})`,
  ].join(';\n');
}

export function updateDatabaseSql(db: DbEntry, options: DbOptions): string {
  return `UPDATE ${META_SCHEMA}.databases SET options = ${sqlString(JSON.stringify(options))} WHERE id = ${db.id}`;
}

export function dropDatabaseSql(db: DbEntry): string {
  return [
    `DROP SCHEMA IF EXISTS ${quoteIdent(db.schema)} CASCADE`,
    `DELETE FROM ${META_SCHEMA}.databases WHERE id = ${db.id}`,
    `DELETE FROM ${META_SCHEMA}.time_order WHERE table_id IN (SELECT id FROM ${META_SCHEMA}.tables WHERE db_id = ${db.id})`,
    `DELETE FROM ${META_SCHEMA}.tables WHERE db_id = ${db.id}`,
  ].join(';\n');
}

function columnList(cols: readonly CatColumn[], name: (k: number) => string): string {
  return cols.map((c) => `${quoteIdent(name(c.key))} ${physTypeOf(c)}`).join(', ');
}

function defJson(t: DataOwner): string {
  const def: TableDef =
    t.kind === 'super'
      ? { columns: t.columns, tags: t.tags, nextKey: t.nextKey, options: t.options }
      : { columns: t.columns, nextKey: t.nextKey, options: t.options };
  return sqlString(JSON.stringify(def));
}

export function createTableSql(t: DataOwner): string {
  const stmts: string[] = [];
  if (t.kind === 'super') {
    // No PRIMARY KEY: an ART index costs ~4x the data and slows appends (perf.md §3b).
    stmts.push(`CREATE TABLE ${dataRelation(t)} (tid INTEGER, ${columnList(t.columns, colName)})`);
    stmts.push(
      `CREATE TABLE ${tagRelation(t)} (tid INTEGER, tbname VARCHAR, _ctime BIGINT, _opts VARCHAR, ${columnList(t.tags, tagName)})`,
    );
  } else {
    stmts.push(`CREATE TABLE ${dataRelation(t)} (${columnList(t.columns, colName)})`);
  }
  stmts.push(`INSERT INTO ${META_SCHEMA}.time_order VALUES (${t.id}, -1)`);
  stmts.push(
    `INSERT INTO ${META_SCHEMA}.tables VALUES (${t.id}, ${t.db.id}, '${t.kind}', ${sqlString(t.name)}, ${t.ctime}, ${defJson(t)})`,
  );
  return stmts.join(';\n');
}

/** Persist a changed definition (after ALTER). */
export function updateTableSql(t: DataOwner): string {
  return `UPDATE ${META_SCHEMA}.tables SET name = ${sqlString(t.name)}, def = ${defJson(t)} WHERE id = ${t.id}`;
}

export function dropTableSql(t: DataOwner): string {
  const stmts = [`DROP TABLE IF EXISTS ${dataRelation(t)}`];
  if (t.kind === 'super') stmts.push(`DROP TABLE IF EXISTS ${tagRelation(t)}`);
  stmts.push(`DELETE FROM ${META_SCHEMA}.time_order WHERE table_id = ${t.id}`);
  stmts.push(`DELETE FROM ${META_SCHEMA}.tables WHERE id = ${t.id}`);
  return stmts.join(';\n');
}

/** Tables whose rows may now be out of ts order (see `time_order` in META_DDL). */
export function timeOrderSql(tableId: number, tids: readonly number[]): string {
  return `INSERT INTO ${META_SCHEMA}.time_order VALUES ${tids.map((tid) => `(${tableId}, ${tid})`).join(', ')}`;
}

/** Per tracked table id, the tids whose rows may be out of ts order. */
export async function loadTimeOrder(c: StorageConnection): Promise<Map<number, Set<number>>> {
  const { rows } = await c.query(`SELECT table_id, tid FROM ${META_SCHEMA}.time_order`);
  const out = new Map<number, Set<number>>();
  for (const [id, tid] of rows) {
    let set = out.get(Number(id));
    if (!set) out.set(Number(id), (set = new Set()));
    if (Number(tid) >= 0) set.add(Number(tid));
  }
  return out;
}

export interface LoadedDb {
  id: number;
  name: string;
  ctime: bigint;
  options: DbOptions;
}
export interface LoadedTable {
  id: number;
  dbId: number;
  kind: 'super' | 'normal';
  name: string;
  ctime: bigint;
  def: TableDef;
}
export interface LoadedChild {
  tid: number;
  name: string;
  ctime: bigint;
  options: TableOptions;
}

export async function ensureMeta(c: StorageConnection): Promise<void> {
  await c.run(META_DDL);
}

export async function loadDatabases(c: StorageConnection): Promise<LoadedDb[]> {
  const { rows } = await c.query(`SELECT id, name, ctime, options FROM ${META_SCHEMA}.databases ORDER BY id`);
  return rows.map((r) => ({
    id: Number(r[0]),
    name: String(r[1]),
    ctime: BigInt(r[2] as bigint),
    options: { ...DEFAULT_DB_OPTIONS, ...(JSON.parse(String(r[3])) as Partial<DbOptions>) },
  }));
}

export async function loadTables(c: StorageConnection): Promise<LoadedTable[]> {
  const { rows } = await c.query(
    `SELECT id, db_id, kind, name, ctime, def FROM ${META_SCHEMA}.tables ORDER BY id`,
  );
  return rows.map((r) => ({
    id: Number(r[0]),
    dbId: Number(r[1]),
    kind: String(r[2]) as 'super' | 'normal',
    name: String(r[3]),
    ctime: BigInt(r[4] as bigint),
    def: JSON.parse(String(r[5])) as TableDef,
  }));
}

export async function loadChildren(c: StorageConnection, st: SuperEntry): Promise<LoadedChild[]> {
  const { rows } = await c.query(`SELECT tid, tbname, _ctime, _opts FROM ${tagRelation(st)} ORDER BY tid`);
  return rows.map((r) => ({
    tid: Number(r[0]),
    name: String(r[1]),
    ctime: BigInt(r[2] as bigint),
    options: r[3] === null ? {} : (JSON.parse(String(r[3])) as TableOptions),
  }));
}

export type { TableDef, NormalEntry };
