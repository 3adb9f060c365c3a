/**
 * Catalog entries: what the engine knows about databases and tables. Physical names come from
 * ids (schema `db_3`, relations `s_12`/`t_12`/`n_15`, columns `c0…`, tags `t0…`), never from
 * user names, because DuckDB folds identifier case even when quoted.
 */
import { TypeCode } from '@taosts/protocol';
import type { ColumnSchema } from '@taosts/sql';
import type { PhysType } from '../storage/storage.js';
import type { DbOptions } from './db-options.js';

/** A data column or tag. `key` is the number in its physical name (`c7`, `t2`); never reused. */
export interface CatColumn extends ColumnSchema {
  readonly key: number;
  readonly encode?: string;
  readonly compress?: string;
  readonly level?: string;
  readonly primaryKey?: boolean;
}

export interface DbEntry {
  readonly id: number;
  readonly name: string;
  options: DbOptions;
  /** Creation time, ms since the epoch. */
  readonly ctime: bigint;
  /** Unquoted DuckDB schema name. */
  readonly schema: string;
  /** Super, child and normal tables share one namespace per database. */
  readonly tables: Map<string, TableEntry>;
}

export interface TableOptions {
  comment?: string;
  ttl?: number;
  /** Options stored and echoed, never interpreted (SMA, KEEP, DELETE_MARK…). */
  extra?: Record<string, string>;
}

export interface SuperEntry {
  readonly kind: 'super';
  readonly id: number;
  readonly db: DbEntry;
  name: string;
  columns: CatColumn[];
  tags: CatColumn[];
  nextKey: number;
  nextTid: number;
  readonly ctime: bigint;
  options: TableOptions;
  /** Children by tid. */
  readonly children: Map<number, ChildEntry>;
}

export interface ChildEntry {
  readonly kind: 'child';
  readonly db: DbEntry;
  readonly name: string;
  readonly stable: SuperEntry;
  readonly tid: number;
  readonly ctime: bigint;
  options: TableOptions;
}

export interface NormalEntry {
  readonly kind: 'normal';
  readonly id: number;
  readonly db: DbEntry;
  name: string;
  columns: CatColumn[];
  nextKey: number;
  readonly ctime: bigint;
  options: TableOptions;
}

export type TableEntry = SuperEntry | ChildEntry | NormalEntry;
/** A table that owns a data relation. */
export type DataOwner = SuperEntry | NormalEntry;

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export function dataTableName(t: DataOwner): string {
  return t.kind === 'super' ? `s_${t.id}` : `n_${t.id}`;
}

export function tagTableName(t: SuperEntry): string {
  return `t_${t.id}`;
}

/** Quoted, qualified data relation. */
export function dataRelation(t: DataOwner): string {
  return `${quoteIdent(t.db.schema)}.${quoteIdent(dataTableName(t))}`;
}

export function tagRelation(t: SuperEntry): string {
  return `${quoteIdent(t.db.schema)}.${quoteIdent(tagTableName(t))}`;
}

/** The table whose data relation holds this table's rows. */
export function ownerOf(t: TableEntry): DataOwner {
  return t.kind === 'child' ? t.stable : t;
}

export function columnsOf(t: TableEntry): readonly CatColumn[] {
  return t.kind === 'child' ? t.stable.columns : t.columns;
}

/** Unquoted physical column name for a key. */
export function colName(key: number): string {
  return `c${key}`;
}
export function tagName(key: number): string {
  return `t${key}`;
}

/** DuckDB type storing a TDengine type (sql.md §10). */
export function physTypeOf(c: {
  readonly type: TypeCode;
  readonly precision?: number;
  readonly scale?: number;
}): PhysType {
  switch (c.type) {
    case TypeCode.BOOL:
      return 'BOOLEAN';
    case TypeCode.TINYINT:
      return 'TINYINT';
    case TypeCode.SMALLINT:
      return 'SMALLINT';
    case TypeCode.INT:
      return 'INTEGER';
    case TypeCode.BIGINT:
    case TypeCode.TIMESTAMP:
      return 'BIGINT';
    case TypeCode.UTINYINT:
      return 'UTINYINT';
    case TypeCode.USMALLINT:
      return 'USMALLINT';
    case TypeCode.UINT:
      return 'UINTEGER';
    case TypeCode.UBIGINT:
      return 'UBIGINT';
    case TypeCode.FLOAT:
      return 'FLOAT';
    case TypeCode.DOUBLE:
      return 'DOUBLE';
    case TypeCode.VARCHAR:
    case TypeCode.NCHAR:
    case TypeCode.JSON:
      return 'VARCHAR';
    case TypeCode.VARBINARY:
    case TypeCode.GEOMETRY:
    case TypeCode.BLOB:
    case TypeCode.MEDIUMBLOB:
      return 'BLOB';
    case TypeCode.DECIMAL:
    case TypeCode.DECIMAL64:
      return `DECIMAL(${c.precision ?? 18},${c.scale ?? 0})`;
    case TypeCode.NULL:
      return 'VARCHAR';
  }
}
