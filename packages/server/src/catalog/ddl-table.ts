/** CREATE STABLE / CREATE TABLE (normal, child) / DROP TABLE|STABLE (sql.md §1.2–1.4, §6.1). */
import { Code, TaosError } from '@taosts/protocol';
import type {
  CreateChildTables,
  CreateSTable,
  CreateTable,
  DropTable,
  OptionValue,
  Options,
  TableName,
} from '@taosts/sql';
import { evalTags } from '../ingest/plan-insert.js';
import { isSystemDb } from './catalog.js';
import { appendChildren, reserveChild, unreserveChild } from './children.js';
import type { NewChild } from './children.js';
import { LIMITS, catColumn, checkName, checkSchema } from './column-defs.js';
import type { DdlEnv } from './ddl-env.js';
import { nowMs } from './ddl-env.js';
import { createTableSql, dropTableSql } from './meta-store.js';
import { dataRelation, tagRelation } from './model.js';
import type { ChildEntry, DbEntry, NormalEntry, SuperEntry, TableEntry, TableOptions } from './model.js';

function optionText(v: OptionValue): string {
  return Array.isArray(v) ? v.map(String).join(',') : String(v);
}

/** Table options: COMMENT and TTL are kept typed, the rest stored as text (sql.md §1.2). */
export function tableOptions(options: Options, base: TableOptions = {}): TableOptions {
  const out: TableOptions = { ...base, ...(base.extra ? { extra: { ...base.extra } } : {}) };
  for (const [name, value] of options) {
    switch (name) {
      case 'comment': {
        const text = optionText(value);
        if (Buffer.byteLength(text) > LIMITS.comment)
          throw new TaosError(Code.INVALID_TABLE_OPTION, 'Invalid table option: comment too long');
        out.comment = text;
        break;
      }
      case 'ttl': {
        const n = Number(optionText(value));
        if (!Number.isInteger(n) || n < 0 || n > 2147483647)
          throw new TaosError(Code.INVALID_TABLE_OPTION, 'Invalid table option: ttl');
        out.ttl = n;
        break;
      }
      case 'keep':
      case 'sma':
      case 'watermark':
      case 'max_delay':
      case 'rollup':
      case 'delete_mark':
      case 'virtual':
        out.extra = { ...out.extra, [name]: optionText(value) };
        break;
      default:
        throw new TaosError(Code.INVALID_TABLE_OPTION, `Invalid table option: ${name}`);
    }
  }
  return out;
}

/** The user database a DDL statement addresses (system databases are read-only). */
export function targetDb(env: DdlEnv, name: TableName): DbEntry {
  const dbName = env.catalog.dbName(name.db, env.sessionDb);
  if (isSystemDb(dbName)) throw new TaosError(Code.SYSTABLE_NOT_ALLOWED);
  return env.catalog.getDb(dbName);
}

/** True when the statement should do nothing because the table exists and IF NOT EXISTS was given. */
function existing(db: DbEntry, name: string, ifNotExists: boolean, isSuper: boolean): boolean {
  const t = db.tables.get(name);
  if (!t) return false;
  if (ifNotExists) return true;
  throw new TaosError(isSuper && t.kind === 'super' ? Code.STB_ALREADY_EXIST : Code.TABLE_ALREADY_EXIST);
}

export async function createSTable(s: CreateSTable, env: DdlEnv): Promise<void> {
  const db = targetDb(env, s.table);
  checkName(s.table.name, LIMITS.tableName);
  if (existing(db, s.table.name, s.ifNotExists, true)) return;
  const columns = s.columns.map((d, i) => catColumn(d, i, false));
  const tags = s.tags.map((d, i) => catColumn(d, i, true));
  checkSchema(columns, tags, true);
  if (db.options.singleStable === 1 && [...db.tables.values()].some((t) => t.kind === 'super')) {
    throw new TaosError(
      Code.TSC_INVALID_OPERATION,
      'Only one super table allowed in a SINGLE_STABLE database',
    );
  }
  const st: SuperEntry = {
    kind: 'super',
    id: env.catalog.allocTableId(),
    db,
    name: s.table.name,
    columns,
    tags,
    nextKey: Math.max(columns.length, tags.length),
    nextTid: 1,
    ctime: nowMs(env),
    options: tableOptions(s.options),
    children: new Map(),
  };
  await env.storage.transaction((c) => c.run(createTableSql(st)));
  db.tables.set(st.name, st);
  env.state.markEmpty(st);
}

export async function createTable(s: CreateTable, env: DdlEnv): Promise<void> {
  const db = targetDb(env, s.table);
  checkName(s.table.name, LIMITS.tableName);
  if (existing(db, s.table.name, s.ifNotExists, false)) return;
  const columns = s.columns.map((d, i) => catColumn(d, i, false));
  checkSchema(columns, [], false);
  const nt: NormalEntry = {
    kind: 'normal',
    id: env.catalog.allocTableId(),
    db,
    name: s.table.name,
    columns,
    nextKey: columns.length,
    ctime: nowMs(env),
    options: tableOptions(s.options),
  };
  await env.storage.transaction((c) => c.run(createTableSql(nt)));
  db.tables.set(nt.name, nt);
  env.state.markEmpty(nt);
}

/** CREATE TABLE t1 USING st TAGS (…) [t2 USING …] — validated whole, written in one transaction. */
export async function createChildTables(s: CreateChildTables, env: DdlEnv): Promise<void> {
  const created: NewChild[] = [];
  try {
    for (const def of s.tables) {
      const db = targetDb(env, def.table);
      checkName(def.table.name, LIMITS.tableName);
      const stDb = def.stable.db ?? db.name;
      const st = env.catalog.find(stDb, def.stable.name);
      // A missing stable is the catalog lookup's 0x2603 (parTranslater.c getTableMeta).
      if (!st) throw new TaosError(Code.TABLE_NOT_EXIST, `Table does not exist: ${def.stable.name}`);
      if (st.kind !== 'super') throw new TaosError(Code.STB_NOT_EXIST);
      if (st.db !== db)
        throw new TaosError(
          Code.TSC_INVALID_OPERATION,
          'child table and super table must be in the same database',
        );
      const ctx = { precision: db.options.precision, timezone: env.timezone, now: env.now };
      const tags = evalTags(st, def.tagNames, def.tags, ctx);
      const options = tableOptions(def.options);
      if (db.tables.has(def.table.name)) {
        if (def.ifNotExists) continue;
        throw new TaosError(Code.TABLE_ALREADY_EXIST);
      }
      created.push(reserveChild(st, def.table.name, tags, options, nowMs(env)));
    }
    await env.storage.transaction((c) => appendChildren(c, created));
  } catch (e) {
    for (const ch of created) unreserveChild(ch.entry);
    throw e;
  }
}

function dropChildSql(ch: ChildEntry): string {
  return [
    `DELETE FROM ${dataRelation(ch.stable)} WHERE tid = ${ch.tid}`,
    `DELETE FROM ${tagRelation(ch.stable)} WHERE tid = ${ch.tid}`,
  ].join(';\n');
}

/** DROP TABLE a, b … / DROP STABLE s; dropping a super table drops its children. */
export async function dropTable(s: DropTable, env: DdlEnv): Promise<void> {
  const targets: TableEntry[] = [];
  for (const { table, ifExists } of s.tables) {
    const db = targetDb(env, table);
    const t = db.tables.get(table.name);
    if (!t) {
      if (ifExists) continue;
      throw s.stable
        ? new TaosError(Code.STB_NOT_EXIST)
        : new TaosError(Code.TABLE_NOT_EXIST, `Table does not exist: ${table.name}`);
    }
    if (s.stable && t.kind !== 'super') throw new TaosError(Code.STB_NOT_EXIST);
    if (!targets.includes(t)) targets.push(t);
  }
  if (targets.length === 0) return;
  // Children of a super table dropped in the same statement go with it.
  const doomed = targets.filter((t) => !(t.kind === 'child' && targets.includes(t.stable)));
  await env.storage.transaction(async (c) => {
    const sql = doomed.map((t) => (t.kind === 'child' ? dropChildSql(t) : dropTableSql(t)));
    await c.run(sql.join(';\n'));
  });
  for (const t of doomed) {
    const db = t.db;
    if (t.kind === 'child') {
      unreserveChild(t);
      env.state.invalidate(t.stable);
    } else {
      db.tables.delete(t.name);
      if (t.kind === 'super') for (const ch of t.children.values()) db.tables.delete(ch.name);
      env.state.invalidate(t);
    }
  }
}
