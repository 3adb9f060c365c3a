/** DDL, SHOW, DESCRIBE, DELETE and other statements (sql.md §1, §6, §7). */
import type { DataType, Expr } from './expr.js';
import type { TableName } from './select.js';

/** Option values as written: `KEEP 365`, `KEEP 100h,200d`, `PRECISION 'us'`, `COMMENT '…'`. */
export type OptionValue = string | number | bigint | readonly (string | number | bigint)[];
/** Option name lower-cased → value, in source order. */
export type Options = ReadonlyMap<string, OptionValue>;

export interface CreateDatabase {
  readonly kind: 'CreateDatabase';
  readonly name: string;
  readonly ifNotExists: boolean;
  readonly options: Options;
}
export interface DropDatabase {
  readonly kind: 'DropDatabase';
  readonly name: string;
  readonly ifExists: boolean;
}
export interface AlterDatabase {
  readonly kind: 'AlterDatabase';
  readonly name: string;
  readonly options: Options;
}
export interface UseDatabase {
  readonly kind: 'Use';
  readonly name: string;
}

export interface ColumnDef {
  readonly name: string;
  readonly type: DataType;
  /** `PRIMARY KEY` / `COMPOSITE KEY` on the second column. */
  readonly primaryKey?: boolean;
  /** ENCODE/COMPRESS/LEVEL, lower-cased keys. */
  readonly options?: ReadonlyMap<string, string>;
  readonly comment?: string;
}

/** CREATE STABLE, or CREATE TABLE with a TAGS clause. */
export interface CreateSTable {
  readonly kind: 'CreateSTable';
  readonly table: TableName;
  readonly ifNotExists: boolean;
  readonly columns: readonly ColumnDef[];
  readonly tags: readonly ColumnDef[];
  readonly options: Options;
}

/** CREATE TABLE t (…) — a normal table. */
export interface CreateTable {
  readonly kind: 'CreateTable';
  readonly table: TableName;
  readonly ifNotExists: boolean;
  readonly columns: readonly ColumnDef[];
  readonly options: Options;
}

/** CREATE TABLE [IF NOT EXISTS] t USING st [(tags)] TAGS (…) [more …]. */
export interface CreateChildTables {
  readonly kind: 'CreateChildTables';
  readonly tables: readonly ChildTableDef[];
}
export interface ChildTableDef {
  readonly table: TableName;
  readonly ifNotExists: boolean;
  readonly stable: TableName;
  readonly tagNames?: readonly string[];
  readonly tags: readonly Expr[];
  readonly options: Options;
}

/** DROP TABLE [IF EXISTS] a [, [IF EXISTS] b …] and DROP STABLE. */
export interface DropTable {
  readonly kind: 'DropTable';
  readonly stable: boolean;
  readonly tables: readonly { readonly table: TableName; readonly ifExists: boolean }[];
}

export type AlterAction =
  | { readonly kind: 'AddColumn'; readonly column: ColumnDef }
  | { readonly kind: 'DropColumn'; readonly name: string }
  | { readonly kind: 'ModifyColumn'; readonly column: ColumnDef }
  | { readonly kind: 'RenameColumn'; readonly from: string; readonly to: string }
  | { readonly kind: 'AddTag'; readonly column: ColumnDef }
  | { readonly kind: 'DropTag'; readonly name: string }
  | { readonly kind: 'ModifyTag'; readonly column: ColumnDef }
  | { readonly kind: 'RenameTag'; readonly from: string; readonly to: string }
  | { readonly kind: 'SetTag'; readonly values: readonly { readonly name: string; readonly value: Expr }[] }
  | { readonly kind: 'SetOptions'; readonly options: Options };

/** ALTER TABLE / ALTER STABLE. */
export interface AlterTable {
  readonly kind: 'AlterTable';
  readonly stable: boolean;
  readonly table: TableName;
  readonly action: AlterAction;
}

export type ShowWhat =
  | 'databases'
  | 'stables'
  | 'tables'
  | 'create database'
  | 'create stable'
  | 'create table'
  | 'tags'
  | 'table tags'
  | 'users'
  | 'dnodes'
  | 'mnodes'
  | 'vgroups'
  | 'cluster'
  | 'variables'
  | 'functions'
  | 'topics'
  | 'streams'
  | 'consumers'
  | 'subscriptions'
  | 'connections'
  | 'queries'
  | 'indexes'
  | 'views'
  | 'grants';

export interface Show {
  readonly kind: 'Show';
  readonly what: ShowWhat;
  /** `SHOW db.STABLES`, `SHOW TAGS FROM t FROM db`, `SHOW CREATE DATABASE db` (then in `db`). */
  readonly db?: string;
  /** Subject of SHOW CREATE TABLE/STABLE, SHOW TAGS FROM, SHOW TABLE TAGS FROM. */
  readonly table?: TableName;
  /** `LIKE 'pattern'`. */
  readonly like?: string;
  /** `SHOW NORMAL TABLES` / `SHOW CHILD TABLES`, `SHOW USER DATABASES` / `SYSTEM`. */
  readonly filter?: 'normal' | 'child' | 'user' | 'system';
}

export interface Describe {
  readonly kind: 'Describe';
  readonly table: TableName;
}

export interface Delete {
  readonly kind: 'Delete';
  readonly table: TableName;
  readonly where?: Expr;
}

export interface CreateUser {
  readonly kind: 'CreateUser';
  readonly name: string;
  readonly password: string;
  readonly options: Options;
}
export interface AlterUser {
  readonly kind: 'AlterUser';
  readonly name: string;
  readonly options: Options;
}
export interface DropUser {
  readonly kind: 'DropUser';
  readonly name: string;
}

/**
 * Statements TDengine accepts that have no effect on a single embedded node
 * (FLUSH/COMPACT/TRIM DATABASE, BALANCE VGROUP, CREATE INDEX …, GRANT/REVOKE, KILL …).
 */
export interface NoOp {
  readonly kind: 'NoOp';
  readonly what: string;
}
