/**
 * The last-row cache (perf.md §5.4; TDengine's CACHEMODEL 'both'): per data relation a JS map
 * tid → `LastEntry`, kept in step with the ingest writer, and a small DuckDB table holding those
 * entries in the data relation's layout plus a `__lr` flag (see `entryRows`). The translator
 * reads that table instead of the data (schema.ts `lastRowRelation`, translate/last-row-cache.ts).
 *
 * - A relation's entries are loaded by one scan the first time a query needs them, as a writer
 *   task so no commit interleaves; from then on every commit folds its appended rows in
 *   (`committed`, synchronously after COMMIT). Merged rows mark their tables stale: they are
 *   reloaded from the data (an UPDATE can turn a last value back to NULL).
 * - DELETE, DROP and failed writes drop a relation's entries (`invalidated`); a changed column
 *   list (ALTER) is noticed by its fingerprint. Either way the next query reloads.
 * - The DuckDB tables live in an attached in-memory database: nothing reaches the data file,
 *   and a restarted engine rebuilds them on first use. Before a query reads one, `ensure`
 *   rewrites the rows of tables changed since (all of them when more than half changed).
 */
import { Code, TaosError } from '@taosts/protocol';
import type { SchemaProvider, TableSchema } from '@taosts/sql';
import type { Catalog } from '../catalog/catalog.js';
import { colName, dataTableName, ownerOf, physTypeOf, quoteIdent } from '../catalog/model.js';
import type { DataOwner } from '../catalog/model.js';
import type { IngestListener, PreparedWrite } from '../ingest/relation-writer.js';
import type { AppendValue, PhysType, Storage } from '../storage/storage.js';
import { applyWrite, entryRows } from './last-entry.js';
import type { LastEntry } from './last-entry.js';
import { loadEntries } from './load-entries.js';

/** The attached in-memory database holding the cache tables. */
export const CACHE_DB = 'taosts_lrc';

interface OwnerCache {
  /** Column keys and types the entries were built for. */
  readonly fingerprint: string;
  readonly entries: Map<number, LastEntry>;
  /** tids whose rows in the DuckDB table are out of date. */
  readonly dirty: Set<number>;
  /** tids to reload from the data relation. */
  readonly stale: Set<number>;
  /** The DuckDB table must be (re)created from all entries. */
  rebuild: boolean;
}

function fingerprint(owner: DataOwner): string {
  return owner.columns.map((c) => `${c.key}:${physTypeOf(c)}`).join(',');
}

/** Unqualified name of the cache table of `owner`. */
function tableName(owner: DataOwner): string {
  return `${owner.db.schema}_${dataTableName(owner)}`;
}

/** Quoted, qualified cache table of `owner`. */
export function cacheRelation(owner: DataOwner): string {
  return `"${CACHE_DB}"."main".${quoteIdent(tableName(owner))}`;
}

export class LastRowCache implements IngestListener {
  readonly #storage: Storage;
  readonly #catalog: Catalog;
  readonly #exclusive: (task: () => Promise<number>) => Promise<number>;
  readonly #owners = new Map<DataOwner, OwnerCache>();
  /** Cache tables created, with their owners: dropped once the owner is gone. */
  readonly #tables = new Map<string, DataOwner>();
  #attached = false;
  #lock: Promise<unknown> = Promise.resolve();
  /** Loads and reloads done (full, stale tables) and DuckDB tables rewritten — for tests. */
  readonly stats = { loads: 0, reloads: 0, writes: 0 };

  /** `exclusive` runs a task between writer commits (`IngestWriter.exclusive`). */
  constructor(
    storage: Storage,
    catalog: Catalog,
    exclusive: (task: () => Promise<number>) => Promise<number>,
  ) {
    this.#storage = storage;
    this.#catalog = catalog;
    this.#exclusive = exclusive;
  }

  /** A schema view for one query: tables carry cache relations; `usedIn` tells which were read. */
  schema(): CachedSchema {
    return new CachedSchema(this.#catalog);
  }

  committed(w: PreparedWrite): void {
    const oc = this.#owners.get(w.owner);
    if (!oc) return;
    try {
      if (oc.fingerprint !== fingerprint(w.owner)) this.#owners.delete(w.owner);
      else applyWrite(oc.entries, w, oc.dirty, oc.stale);
    } catch {
      // Never fail a committed write: forget the entries, the next query reloads them.
      this.#owners.delete(w.owner);
    }
  }

  invalidated(owner: DataOwner): void {
    this.#owners.delete(owner);
  }

  /** Bring the cache tables of `owners` up to date with every committed write. */
  ensure(owners: readonly DataOwner[]): Promise<void> {
    const run = this.#lock.then(async () => {
      await this.#housekeep();
      for (const owner of owners) await this.#ensureOne(owner);
    });
    this.#lock = run.catch(() => undefined);
    return run;
  }

  async #housekeep(): Promise<void> {
    if (!this.#attached) {
      await this.#storage.withConnection((c) => c.run(`ATTACH IF NOT EXISTS ':memory:' AS ${CACHE_DB}`));
      this.#attached = true;
    }
    const gone = [...this.#tables].filter(([, owner]) => !this.#alive(owner));
    if (gone.length === 0) return;
    for (const [name, owner] of gone) {
      this.#tables.delete(name);
      this.#owners.delete(owner);
    }
    await this.#storage.withConnection((c) =>
      c.run(
        gone.map(([name]) => `DROP TABLE IF EXISTS "${CACHE_DB}"."main".${quoteIdent(name)}`).join(';\n'),
      ),
    );
  }

  #alive(owner: DataOwner): boolean {
    return this.#catalog.dbs.get(owner.db.name) === owner.db && owner.db.tables.get(owner.name) === owner;
  }

  async #ensureOne(owner: DataOwner): Promise<void> {
    if (!this.#alive(owner)) throw new TaosError(Code.TABLE_NOT_EXIST, `Table does not exist: ${owner.name}`);
    let oc = this.#owners.get(owner);
    if (!oc || oc.fingerprint !== fingerprint(owner)) {
      const loaded: OwnerCache = {
        fingerprint: fingerprint(owner),
        entries: new Map(),
        dirty: new Set(),
        stale: new Set(),
        rebuild: true,
      };
      await this.#exclusive(async () => {
        for (const [tid, e] of await this.#storage.withConnection((c) => loadEntries(c, owner)))
          loaded.entries.set(tid, e);
        // From here on commits fold into these entries.
        this.#owners.set(owner, loaded);
        return 0;
      });
      this.stats.loads++;
      oc = loaded;
    }
    if (oc.stale.size > 0) {
      const o = oc;
      await this.#exclusive(async () => {
        const tids = [...o.stale];
        o.stale.clear();
        const fresh = await this.#storage.withConnection((c) => loadEntries(c, owner, tids));
        for (const tid of tids) {
          const e = fresh.get(tid);
          if (e) o.entries.set(tid, e);
          else o.entries.delete(tid);
          o.dirty.add(tid);
        }
        return 0;
      });
      this.stats.reloads++;
    }
    await this.#write(owner, oc);
  }

  /** Rewrite the DuckDB rows of dirty tables (or the whole table). */
  async #write(owner: DataOwner, oc: OwnerCache): Promise<void> {
    if (!oc.rebuild && oc.dirty.size === 0) return;
    const rebuild = oc.rebuild || owner.kind !== 'super' || oc.dirty.size * 2 > oc.entries.size;
    const tids = rebuild ? [...oc.entries.keys()] : [...oc.dirty];
    const deleted = rebuild ? [] : tids;
    oc.dirty.clear();
    oc.rebuild = false;
    const isSuper = owner.kind === 'super';
    const types: PhysType[] = owner.columns.map(physTypeOf);
    const cols: AppendValue[][] = Array.from({ length: types.length + (isSuper ? 2 : 1) }, () => []);
    let n = 0;
    for (const tid of tids) {
      const e = oc.entries.get(tid);
      if (!e) continue;
      for (const r of entryRows(e)) {
        let k = 0;
        if (isSuper) cols[k++]!.push(tid);
        for (const v of r.values) cols[k++]!.push(v);
        cols[k]!.push(r.last);
        n++;
      }
    }
    const name = tableName(owner);
    const rel = cacheRelation(owner);
    const defs = [
      ...(isSuper ? ['tid INTEGER'] : []),
      ...owner.columns.map((c, j) => `${quoteIdent(colName(c.key))} ${types[j]}`),
      '__lr BOOLEAN',
    ];
    try {
      await this.#storage.transaction(async (c) => {
        if (rebuild) await c.run(`CREATE OR REPLACE TABLE ${rel} (${defs.join(', ')})`);
        else await c.run(`DELETE FROM ${rel} WHERE tid IN (${deleted.join(', ')})`);
        await c.append(
          { catalog: CACHE_DB, schema: 'main', table: name },
          [...(isSuper ? (['INTEGER'] as const) : []), ...types, 'BOOLEAN'],
          cols,
          n,
        );
      });
    } catch (e) {
      oc.rebuild = true;
      throw e;
    }
    this.#tables.set(name, owner);
    this.stats.writes++;
  }
}

/** The catalog as one query's translator sees it, tables carrying their cache relations. */
export class CachedSchema implements SchemaProvider {
  readonly #catalog: Catalog;
  readonly #handed = new Map<string, DataOwner>();

  constructor(catalog: Catalog) {
    this.#catalog = catalog;
  }

  database(name: string): ReturnType<SchemaProvider['database']> {
    return this.#catalog.database(name);
  }

  table(db: string, name: string): TableSchema | undefined {
    const t = this.#catalog.table(db, name);
    const entry = t && t.kind !== 'system' ? this.#catalog.dbs.get(db)?.tables.get(name) : undefined;
    if (!t || !entry) return t;
    const owner = ownerOf(entry);
    const rel = cacheRelation(owner);
    this.#handed.set(rel, owner);
    return {
      ...t,
      lastRowRelation: `(SELECT * EXCLUDE (__lr) FROM ${rel} WHERE __lr)`,
      lastValueRelation: `(SELECT * EXCLUDE (__lr) FROM ${rel})`,
    };
  }

  /** Owners whose cache relation `sql` reads. */
  usedIn(sql: string): DataOwner[] {
    const out: DataOwner[] = [];
    for (const [rel, owner] of this.#handed) if (sql.includes(rel)) out.push(owner);
    return out;
  }
}
