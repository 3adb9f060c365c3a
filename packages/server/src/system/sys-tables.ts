/**
 * Contents of the information_schema tables, produced from the catalog (sql.md §6.4), and their
 * materialisation into connection-local temp relations right before a query reads them.
 */
import { TypeCode } from '@taosts/protocol';
import type { Catalog } from '../catalog/catalog.js';
import { typeText } from '../catalog/column-defs.js';
import { formatKeep, formatMinutes } from '../catalog/db-options.js';
import { physTypeOf, quoteIdent, sqlString, tagName, tagRelation } from '../catalog/model.js';
import type { CatColumn, DbEntry, SuperEntry } from '../catalog/model.js';
import type { Value } from '../engine/types.js';
import type { UserStore } from '../engine/users.js';
import type { StorageConnection } from '../storage/storage.js';
import { INFORMATION_SCHEMA, PERFORMANCE_SCHEMA, SYS_COLUMNS } from './sys-schema.js';

export interface SysEnv {
  readonly catalog: Catalog;
  readonly users: UserStore;
  readonly version: string;
  readonly timezone: string;
}

/** Rows computed in JS plus SELECTs evaluated by DuckDB (tag values live only there). */
export interface SysContent {
  readonly rows: Value[][];
  readonly selects?: readonly string[];
}

function tableCount(db: DbEntry): number {
  let n = 0;
  for (const t of db.tables.values()) if (t.kind !== 'super') n++;
  return n;
}

function childUid(st: SuperEntry, tid: number): bigint {
  return (BigInt(st.id) << 32n) | BigInt(tid);
}

/** First vgroup id of each database: TDengine numbers vgroups from 2, database by database. */
function vgroupBases(catalog: Catalog): Map<DbEntry, number> {
  const bases = new Map<DbEntry, number>();
  let base = 2;
  for (const db of userDbs(catalog)) {
    bases.set(db, base);
    base += db.options.vgroups;
  }
  return bases;
}

/** Plausible vgroup of a table (TDengine hashes names into the database's vgroups). */
function vgroupOf(db: DbEntry, base: number, name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return base + (h % db.options.vgroups);
}

function userDbs(catalog: Catalog): DbEntry[] {
  return [...catalog.dbs.values()].sort((a, b) => a.id - b.id);
}

const SYS_DB_ROW = (name: string, ctime: bigint): Value[] => [
  name,
  ctime,
  0,
  BigInt(name === INFORMATION_SCHEMA ? Object.keys(SYS_COLUMNS).length : 0),
  1,
  'off',
  null,
  null,
  null,
  null,
  null,
  null,
  null,
  null,
  null,
  'ready',
  null,
  false,
  null,
  null,
  null,
  null,
  null,
  null,
  null,
  null,
  null,
  null,
  null,
  null,
  null,
  null,
  null,
  null,
];

function databases(env: SysEnv): SysContent {
  const rows: Value[][] = [
    SYS_DB_ROW(INFORMATION_SCHEMA, env.catalog.startTime),
    SYS_DB_ROW(PERFORMANCE_SCHEMA, env.catalog.startTime),
  ];
  for (const db of userDbs(env.catalog)) {
    const o = db.options;
    rows.push([
      db.name,
      db.ctime,
      o.vgroups,
      BigInt(tableCount(db)),
      o.replica,
      o.strict,
      formatMinutes(o.duration),
      formatKeep(o.keep),
      o.buffer,
      o.pagesize,
      o.pages,
      o.minrows,
      o.maxrows,
      o.comp,
      o.precision,
      'ready',
      null,
      o.singleStable === 1,
      o.cachemodel,
      o.cachesize,
      o.walLevel,
      o.walFsyncPeriod,
      o.walRetentionPeriod,
      BigInt(o.walRetentionSize),
      o.sttTrigger,
      o.tablePrefix,
      o.tableSuffix,
      o.tsdbPagesize,
      o.keepTimeOffset,
      131072,
      '525600m',
      1,
      0,
      o.encryptAlgorithm,
    ]);
  }
  return { rows };
}

function stables(env: SysEnv): SysContent {
  const rows: Value[][] = [];
  for (const db of userDbs(env.catalog)) {
    for (const t of db.tables.values()) {
      if (t.kind !== 'super') continue;
      rows.push([
        t.name,
        db.name,
        t.ctime,
        t.columns.length,
        t.tags.length,
        t.ctime,
        t.options.comment ?? null,
        '5000a,5000a',
        '-1a,-1a',
        '',
        BigInt(t.id),
      ]);
    }
  }
  return { rows };
}

function tables(env: SysEnv): SysContent {
  const rows: Value[][] = [];
  const bases = vgroupBases(env.catalog);
  for (const name of Object.keys(SYS_COLUMNS)) {
    rows.push([
      name,
      INFORMATION_SCHEMA,
      null,
      SYS_COLUMNS[name]!.length,
      null,
      null,
      null,
      null,
      null,
      'SYSTEM_TABLE',
    ]);
  }
  for (const db of userDbs(env.catalog)) {
    for (const t of db.tables.values()) {
      if (t.kind === 'child') {
        rows.push([
          t.name,
          db.name,
          t.ctime,
          t.stable.columns.length,
          t.stable.name,
          childUid(t.stable, t.tid),
          vgroupOf(db, bases.get(db)!, t.name),
          t.options.ttl ?? 0,
          t.options.comment ?? null,
          'CHILD_TABLE',
        ]);
      } else if (t.kind === 'normal') {
        rows.push([
          t.name,
          db.name,
          t.ctime,
          t.columns.length,
          null,
          BigInt(t.id),
          vgroupOf(db, bases.get(db)!, t.name),
          t.options.ttl ?? 0,
          t.options.comment ?? null,
          'NORMAL_TABLE',
        ]);
      }
    }
  }
  return { rows };
}

/** SQL rendering a tag value as ins_tags.tag_value text. */
export function tagValueSql(tag: CatColumn, expr: string): string {
  switch (tag.type) {
    case TypeCode.VARCHAR:
    case TypeCode.NCHAR:
    case TypeCode.JSON:
      return expr;
    case TypeCode.VARBINARY:
    case TypeCode.GEOMETRY:
      return `'\\x' || hex(${expr})`;
    default:
      return `CAST(${expr} AS VARCHAR)`;
  }
}

/** One SELECT per tag of `st`, rows shaped like ins_tags; optionally one child only. */
export function tagSelects(st: SuperEntry, tid?: number): string[] {
  const where = tid === undefined ? '' : ` WHERE tid = ${tid}`;
  return st.tags.map(
    (tag) =>
      `SELECT tbname, ${sqlString(st.db.name)}, ${sqlString(st.name)}, ${sqlString(tag.name)}, ${sqlString(typeText(tag))}, ` +
      `${tagValueSql(tag, quoteIdent(tagName(tag.key)))} FROM ${tagRelation(st)}${where}`,
  );
}

function tags(env: SysEnv): SysContent {
  const selects: string[] = [];
  for (const db of userDbs(env.catalog))
    for (const t of db.tables.values())
      if (t.kind === 'super' && t.children.size > 0) for (const sel of tagSelects(t)) selects.push(sel);
  return { rows: [], selects };
}

function columns(env: SysEnv): SysContent {
  const rows: Value[][] = [];
  const push = (
    table: string,
    db: string,
    type: string,
    cols:
      | readonly CatColumn[]
      | readonly { name: string; type: TypeCode; length: number; precision?: number; scale?: number }[],
  ) => {
    cols.forEach((c, i) =>
      rows.push([
        table,
        db,
        type,
        c.name,
        typeText(c),
        c.length,
        c.precision ?? 0,
        c.scale ?? 0,
        i === 0 && type !== 'SYSTEM_TABLE' ? 0 : 1,
      ]),
    );
  };
  for (const [name, cols] of Object.entries(SYS_COLUMNS))
    push(name, INFORMATION_SCHEMA, 'SYSTEM_TABLE', cols);
  for (const db of userDbs(env.catalog)) {
    for (const t of db.tables.values()) {
      if (t.kind === 'super') push(t.name, db.name, 'SUPER_TABLE', [...t.columns, ...t.tags]);
      else if (t.kind === 'normal') push(t.name, db.name, 'NORMAL_TABLE', t.columns);
      else push(t.name, db.name, 'CHILD_TABLE', t.stable.columns);
    }
  }
  return { rows };
}

function users(env: SysEnv): SysContent {
  return {
    rows: env.users
      .list()
      .map((u) => [
        u.name,
        u.superuser ? 1 : 0,
        u.enable ? 1 : 0,
        u.sysinfo ? 1 : 0,
        u.createdb ? 1 : 0,
        u.ctime,
        '127.0.0.1/32,::1/128',
      ]),
  };
}

function vnodeCount(env: SysEnv): number {
  return userDbs(env.catalog).reduce((n, d) => n + d.options.vgroups, 0);
}

function dnodes(env: SysEnv): SysContent {
  return {
    rows: [
      [1, 'localhost:6030', vnodeCount(env), 256, 'ready', env.catalog.startTime, env.catalog.startTime, ''],
    ],
  };
}

function vgroups(env: SysEnv): SysContent {
  const rows: Value[][] = [];
  let id = 2;
  for (const db of userDbs(env.catalog)) {
    const counts = new Map<number, number>();
    for (const t of db.tables.values()) {
      if (t.kind === 'super') continue;
      const vg = vgroupOf(db, id, t.name);
      counts.set(vg, (counts.get(vg) ?? 0) + 1);
    }
    for (let i = 0; i < db.options.vgroups; i++, id++) {
      rows.push([id, db.name, counts.get(id) ?? 0, 1, 'leader', null, null, null, null, null, null, 0, 0, 0]);
    }
  }
  return { rows };
}

function configs(env: SysEnv): SysContent {
  return {
    rows: [
      ['firstEp', 'localhost:6030'],
      ['secondEp', ''],
      ['fqdn', 'localhost'],
      ['serverPort', '6030'],
      ['timezone', env.timezone],
      ['locale', 'C.UTF-8'],
      ['charset', 'UTF-8'],
      ['version', env.version],
      ['maxSQLLength', '1048576'],
      ['enableStrongPassword', '1'],
      ['countAlwaysReturnValue', '1'],
    ],
  };
}

function cluster(env: SysEnv): SysContent {
  const uptime = Math.floor((Date.now() - Number(env.catalog.startTime)) / 1000);
  return { rows: [[1n, 'localhost:6030', uptime, env.catalog.startTime, env.version, null]] };
}

export const SYS_PRODUCERS: Readonly<Record<string, (env: SysEnv) => SysContent>> = {
  ins_databases: databases,
  ins_stables: stables,
  ins_tables: tables,
  ins_tags: tags,
  ins_columns: columns,
  ins_users: users,
  ins_dnodes: dnodes,
  ins_vgroups: vgroups,
  ins_configs: configs,
  ins_cluster: cluster,
};

/** Refresh the connection-local copies of `names` (`information_schema.ins_x`). */
export async function materialise(
  c: StorageConnection,
  names: readonly string[],
  env: SysEnv,
): Promise<void> {
  for (const full of names) {
    const name = full.includes('.') ? full.slice(full.indexOf('.') + 1) : full;
    const cols = SYS_COLUMNS[name];
    const produce = SYS_PRODUCERS[name];
    if (!cols || !produce) continue;
    const content = produce(env);
    const table = `sys_${name}`;
    const types = cols.map(physTypeOf);
    await c.run(
      `CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} (${cols.map((col, i) => `${quoteIdent(col.name)} ${types[i]}`).join(', ')})`,
    );
    const columns = cols.map((_, i) => content.rows.map((r) => r[i] ?? null));
    await c.append({ catalog: 'temp', schema: 'main', table }, types, columns, content.rows.length);
    if (content.selects && content.selects.length > 0) {
      for (let i = 0; i < content.selects.length; i += 200) {
        await c.run(
          `INSERT INTO temp.main.${quoteIdent(table)} ${content.selects.slice(i, i + 200).join(' UNION ALL ')}`,
        );
      }
    }
  }
}
