/**
 * The in-memory catalog, loaded from `taosts_meta` at startup and kept in step with it by the
 * DDL executors. Implements the translator's `SchemaProvider`.
 */
import { Code, TaosError } from '@taosts/protocol';
import type { DatabaseSchema, SchemaProvider, TableSchema } from '@taosts/sql';
import type { Storage } from '../storage/storage.js';
import { INFORMATION_SCHEMA, PERFORMANCE_SCHEMA, SYS_COLUMNS, sysRelation } from '../system/sys-schema.js';
import { ensureMeta, loadChildren, loadDatabases, loadTables } from './meta-store.js';
import { dataRelation, tagRelation } from './model.js';
import type { ChildEntry, DbEntry, NormalEntry, SuperEntry, TableEntry } from './model.js';

const SYSTEM_DBS = new Set([INFORMATION_SCHEMA, PERFORMANCE_SCHEMA]);

export function isSystemDb(name: string): boolean {
  return SYSTEM_DBS.has(name);
}

export class Catalog implements SchemaProvider {
  readonly dbs = new Map<string, DbEntry>();
  /** Server start, ms (create time of the system databases). */
  readonly startTime: bigint;
  #nextDbId = 1;
  #nextTableId = 1;

  private constructor(startTime: bigint) {
    this.startTime = startTime;
  }

  /** Load the durable catalog (creating `taosts_meta` on first start). */
  static async load(storage: Storage): Promise<Catalog> {
    const catalog = new Catalog(BigInt(Date.now()));
    await storage.withConnection(async (c) => {
      await ensureMeta(c);
      const byId = new Map<number, DbEntry>();
      for (const d of await loadDatabases(c)) {
        const db: DbEntry = {
          id: d.id,
          name: d.name,
          options: d.options,
          ctime: d.ctime,
          schema: `db_${d.id}`,
          tables: new Map(),
        };
        catalog.dbs.set(db.name, db);
        byId.set(db.id, db);
        catalog.#nextDbId = Math.max(catalog.#nextDbId, d.id + 1);
      }
      for (const t of await loadTables(c)) {
        catalog.#nextTableId = Math.max(catalog.#nextTableId, t.id + 1);
        const db = byId.get(t.dbId);
        if (!db) continue;
        if (t.kind === 'super') {
          const st: SuperEntry = {
            kind: 'super',
            id: t.id,
            db,
            name: t.name,
            columns: t.def.columns,
            tags: t.def.tags ?? [],
            nextKey: t.def.nextKey,
            nextTid: 1,
            ctime: t.ctime,
            options: t.def.options ?? {},
            children: new Map(),
          };
          db.tables.set(st.name, st);
          for (const ch of await loadChildren(c, st)) {
            const child: ChildEntry = {
              kind: 'child',
              db,
              name: ch.name,
              stable: st,
              tid: ch.tid,
              ctime: ch.ctime,
              options: ch.options,
            };
            st.children.set(child.tid, child);
            db.tables.set(child.name, child);
            st.nextTid = Math.max(st.nextTid, ch.tid + 1);
          }
        } else {
          const nt: NormalEntry = {
            kind: 'normal',
            id: t.id,
            db,
            name: t.name,
            columns: t.def.columns,
            nextKey: t.def.nextKey,
            ctime: t.ctime,
            options: t.def.options ?? {},
          };
          db.tables.set(nt.name, nt);
        }
      }
    });
    return catalog;
  }

  allocDbId(): number {
    return this.#nextDbId++;
  }

  allocTableId(): number {
    return this.#nextTableId++;
  }

  /** A user database, or 0x0388. */
  getDb(name: string): DbEntry {
    const db = this.dbs.get(name);
    if (!db) throw new TaosError(Code.DB_NOT_EXIST);
    return db;
  }

  /** The database a statement addresses: explicit qualifier, else the session's (0x2616). */
  dbName(explicit: string | undefined, sessionDb: string | undefined): string {
    const name = explicit ?? sessionDb;
    if (name === undefined) throw new TaosError(Code.DB_NOT_SPECIFIED);
    return name;
  }

  /** A table of a user database, or undefined; throws 0x0388 when the database is missing. */
  find(dbName: string, name: string): TableEntry | undefined {
    if (isSystemDb(dbName)) return undefined;
    return this.getDb(dbName).tables.get(name);
  }

  /** A table, or 0x2603. */
  get(dbName: string, name: string): TableEntry {
    if (isSystemDb(dbName) && this.table(dbName, name)) throw new TaosError(Code.SYSTABLE_NOT_ALLOWED);
    const t = this.find(dbName, name);
    if (!t) throw new TaosError(Code.TABLE_NOT_EXIST, `Table does not exist: ${name}`);
    return t;
  }

  // SchemaProvider

  database(name: string): DatabaseSchema | undefined {
    if (isSystemDb(name)) return { name, precision: 'ms', system: true };
    const db = this.dbs.get(name);
    return db && { name: db.name, precision: db.options.precision, system: false };
  }

  table(db: string, name: string): TableSchema | undefined {
    if (isSystemDb(db)) {
      const columns = db === INFORMATION_SCHEMA ? SYS_COLUMNS[name] : undefined;
      if (!columns) return undefined;
      return { kind: 'system', db, name, columns, tags: [], dataRelation: sysRelation(name) };
    }
    const t = this.dbs.get(db)?.tables.get(name);
    return t && tableSchema(t);
  }
}

export function tableSchema(t: TableEntry): TableSchema {
  switch (t.kind) {
    case 'super':
      return {
        kind: 'super',
        db: t.db.name,
        name: t.name,
        columns: t.columns,
        tags: t.tags,
        dataRelation: dataRelation(t),
        tagRelation: tagRelation(t),
      };
    case 'child':
      return {
        kind: 'child',
        db: t.db.name,
        name: t.name,
        columns: t.stable.columns,
        tags: t.stable.tags,
        dataRelation: dataRelation(t.stable),
        tagRelation: tagRelation(t.stable),
        stable: t.stable.name,
        tid: t.tid,
      };
    case 'normal':
      return {
        kind: 'normal',
        db: t.db.name,
        name: t.name,
        columns: t.columns,
        tags: [],
        dataRelation: dataRelation(t),
      };
  }
}
