/** SHOW commands (sql.md §6.2): shaped like TDengine's rewrites over information_schema. */
import { Code, TaosError, TypeCode } from '@taosts/protocol';
import type { ResultColumn, Show, TableName } from '@taosts/sql';
import { isSystemDb } from '../catalog/catalog.js';
import { showCreateDatabase } from '../catalog/db-options.js';
import { quoteIdent, tagName, tagRelation } from '../catalog/model.js';
import type { ChildEntry, TableEntry } from '../catalog/model.js';
import { column, cursorResult, rowsResult } from '../engine/results.js';
import type { QueryResult, Value } from '../engine/types.js';
import type { Storage } from '../storage/storage.js';
import { showCreateChild, showCreateNormal, showCreateSuper } from './describe.js';
import { INFORMATION_SCHEMA, PERFORMANCE_SCHEMA, SYS_COLUMNS } from './sys-schema.js';
import { SYS_PRODUCERS, tagSelects } from './sys-tables.js';
import type { SysEnv } from './sys-tables.js';

export interface ShowEnv extends SysEnv {
  readonly storage: Storage;
  readonly sessionDb: string | undefined;
}

/** TDengine LIKE: `%`, `_`, backslash escapes; case-sensitive. */
export function likeToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]!);
    else if (ch === '%') re += '.*';
    else if (ch === '_') re += '.';
    else re += escapeRe(ch);
  }
  return new RegExp(`^${re}$`, 's');
}

function escapeRe(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function nameFilter(like: string | undefined): (name: string) => boolean {
  if (like === undefined) return () => true;
  const re = likeToRegExp(like);
  return (n) => re.test(n);
}

/** SHOW over a system table's rows: all its columns, or a projection. */
function sysRows(name: string, env: SysEnv, pick?: readonly string[]): QueryResult {
  const cols = SYS_COLUMNS[name]!;
  const rows = SYS_PRODUCERS[name]!(env).rows;
  if (!pick) return rowsResult(cols, rows);
  const idx = pick.map((p) => cols.findIndex((c) => c.name === p));
  return rowsResult(
    idx.map((i) => cols[i]!),
    rows.map((r) => idx.map((i) => r[i] ?? null)),
  );
}

function resolveDb(env: ShowEnv, db: string | undefined): string {
  const name = env.catalog.dbName(db, env.sessionDb);
  if (!isSystemDb(name)) env.catalog.getDb(name);
  return name;
}

function resolveTable(env: ShowEnv, table: TableName | undefined, db: string | undefined): TableEntry {
  if (!table) throw new TaosError(Code.SYNTAX_ERROR, 'table name expected');
  const dbName = env.catalog.dbName(table.db ?? db, env.sessionDb);
  return env.catalog.get(dbName, table.name);
}

async function tagValues(storage: Storage, ch: ChildEntry): Promise<Value[]> {
  const st = ch.stable;
  if (st.tags.length === 0) return [];
  const sql = `SELECT ${st.tags.map((t) => quoteIdent(tagName(t.key))).join(', ')} FROM ${tagRelation(st)} WHERE tid = ${ch.tid}`;
  const { rows } = await storage.withConnection((c) => c.query(sql));
  return (rows[0] as Value[] | undefined) ?? st.tags.map(() => null);
}

async function showTags(env: ShowEnv, s: Show): Promise<QueryResult> {
  const t = resolveTable(env, s.table, s.db);
  if (t.kind !== 'child')
    throw new TaosError(Code.TSC_INVALID_OPERATION, 'SHOW TAGS applies to child tables');
  const selects = tagSelects(t.stable, t.tid);
  const cols = SYS_COLUMNS.ins_tags!;
  if (selects.length === 0) return rowsResult(cols, []);
  const cursor = await env.storage.stream(selects.join(' UNION ALL '));
  return cursorResult(cursor, cols, 'ms');
}

async function showTableTags(env: ShowEnv, s: Show): Promise<QueryResult> {
  const st = resolveTable(env, s.table, s.db);
  if (st.kind !== 'super') throw new TaosError(Code.STB_NOT_EXIST);
  const cols: ResultColumn[] = [
    column('tbname', TypeCode.VARCHAR, 192),
    ...st.tags.map((t) => ({
      name: t.name,
      type: t.type,
      length: t.length,
      ...(t.precision !== undefined ? { precision: t.precision, scale: t.scale ?? 0 } : {}),
    })),
  ];
  const sql = `SELECT tbname, ${st.tags.map((t) => quoteIdent(tagName(t.key))).join(', ')} FROM ${tagRelation(st)} ORDER BY tid`;
  const cursor = await env.storage.stream(sql);
  return cursorResult(cursor, cols, st.db.options.precision);
}

function emptyOf(...names: string[]): QueryResult {
  return rowsResult(
    names.map((n) => column(n, TypeCode.VARCHAR, 64)),
    [],
  );
}

export async function show(s: Show, env: ShowEnv): Promise<QueryResult> {
  const like = nameFilter(s.like);
  switch (s.what) {
    case 'databases': {
      const all = SYS_PRODUCERS.ins_databases!(env).rows.map((r) => r[0] as string);
      const system = (n: string) => n === INFORMATION_SCHEMA || n === PERFORMANCE_SCHEMA;
      const names = all.filter(
        (n) => like(n) && (s.filter === 'user' ? !system(n) : s.filter === 'system' ? system(n) : true),
      );
      return rowsResult(
        [column('name', TypeCode.VARCHAR, 64)],
        names.map((n) => [n]),
      );
    }
    case 'stables': {
      const dbName = resolveDb(env, s.db);
      const names = isSystemDb(dbName)
        ? []
        : [...env.catalog.getDb(dbName).tables.values()]
            .filter((t) => t.kind === 'super' && like(t.name))
            .map((t) => t.name);
      return rowsResult(
        [column('stable_name', TypeCode.VARCHAR, 192)],
        names.map((n) => [n]),
      );
    }
    case 'tables': {
      const dbName = resolveDb(env, s.db);
      let names: string[];
      if (isSystemDb(dbName))
        names =
          dbName === INFORMATION_SCHEMA && s.filter !== 'normal' && s.filter !== 'child'
            ? Object.keys(SYS_COLUMNS).filter(like)
            : [];
      else {
        names = [];
        for (const t of env.catalog.getDb(dbName).tables.values()) {
          if (t.kind === 'super' || !like(t.name)) continue;
          if ((s.filter === 'normal' && t.kind !== 'normal') || (s.filter === 'child' && t.kind !== 'child'))
            continue;
          names.push(t.name);
        }
      }
      return rowsResult(
        [column('table_name', TypeCode.VARCHAR, 192)],
        names.map((n) => [n]),
      );
    }
    case 'create database': {
      const name = s.db ?? s.table?.name;
      if (name === undefined) throw new TaosError(Code.DB_NOT_SPECIFIED);
      if (isSystemDb(name))
        throw new TaosError(
          Code.OPS_NOT_SUPPORT,
          'SHOW CREATE DATABASE of a system database is not supported',
        );
      const db = env.catalog.getDb(name);
      return rowsResult(
        [column('Database', TypeCode.VARCHAR, 64), column('Create Database', TypeCode.VARCHAR, 1024)],
        [[db.name, showCreateDatabase(db.name, db.options)]],
      );
    }
    case 'create stable':
    case 'create table': {
      const t = resolveTable(env, s.table, s.db);
      if (s.what === 'create stable' && t.kind !== 'super') throw new TaosError(Code.STB_NOT_EXIST);
      const text =
        t.kind === 'super'
          ? showCreateSuper(t)
          : t.kind === 'normal'
            ? showCreateNormal(t)
            : showCreateChild(t, await tagValues(env.storage, t));
      return rowsResult(
        [column('Table', TypeCode.VARCHAR, 192), column('Create Table', TypeCode.VARCHAR, 65535)],
        [[t.name, text]],
      );
    }
    case 'tags':
      return showTags(env, s);
    case 'table tags':
      return showTableTags(env, s);
    case 'users':
      return sysRows('ins_users', env);
    case 'dnodes':
      return sysRows('ins_dnodes', env);
    case 'mnodes':
      return rowsResult(
        [
          column('id', TypeCode.INT),
          column('endpoint', TypeCode.VARCHAR, 134),
          column('role', TypeCode.VARCHAR, 12),
          column('status', TypeCode.VARCHAR, 9),
          column('create_time', TypeCode.TIMESTAMP),
          column('role_time', TypeCode.TIMESTAMP),
        ],
        [[1, 'localhost:6030', 'leader', 'ready', env.catalog.startTime, env.catalog.startTime]],
      );
    case 'vgroups': {
      const vg = SYS_PRODUCERS.ins_vgroups!(env).rows;
      const dbName = s.db ?? env.sessionDb;
      if (dbName !== undefined && !isSystemDb(dbName)) env.catalog.getDb(dbName);
      return rowsResult(
        SYS_COLUMNS.ins_vgroups!,
        dbName === undefined ? vg : vg.filter((r) => r[1] === dbName),
      );
    }
    case 'cluster':
      return sysRows('ins_cluster', env);
    case 'variables':
      return sysRows('ins_configs', env);
    case 'functions':
      return emptyOf('name');
    case 'topics':
      return emptyOf('topic_name');
    case 'streams':
      return emptyOf('stream_name');
    case 'consumers':
      return emptyOf('consumer_id', 'consumer_group', 'client_id', 'status', 'topics');
    case 'subscriptions':
      return emptyOf('topic_name', 'consumer_group', 'vgroup_id', 'consumer_id');
    case 'connections':
      return emptyOf('conn_id', 'user', 'app', 'pid', 'end_point');
    case 'queries':
      return emptyOf('kill_id', 'query_id', 'conn_id', 'app', 'pid', 'user', 'end_point', 'sql');
    case 'indexes':
      return emptyOf('index_name', 'db_name', 'table_name', 'vgroup_id', 'create_time', 'index_type');
    case 'views':
      return emptyOf('view_name');
    case 'grants':
      throw new TaosError(Code.OPS_NOT_SUPPORT, 'SHOW GRANTS is not supported by taosts');
  }
}
