/**
 * The embedded TDengine-compatible engine: SQL text in, `ExecResult` out. Statements dispatch
 * to the catalog (DDL), ingest (INSERT/DELETE), the translator (SELECT) and the system tables.
 */
import { join } from 'node:path';
import { Code, TaosError, TypeCode } from '@taosts/protocol';
import type {
  Query,
  SchemaProvider,
  Statement,
  TableSchema,
  TranslateContext,
  Translation,
} from '@taosts/sql';
import { assertNever, parse, translateQuery } from '@taosts/sql';
import { LastRowCache } from '../cache/last-row-cache.js';
import type { CachedSchema } from '../cache/last-row-cache.js';
import { Catalog } from '../catalog/catalog.js';
import { alterDatabase, createDatabase, dropDatabase, useDatabase } from '../catalog/ddl-database.js';
import type { DdlEnv } from '../catalog/ddl-env.js';
import { alterTable } from '../catalog/ddl-alter.js';
import { createChildTables, createSTable, createTable, dropTable } from '../catalog/ddl-table.js';
import { executeDelete } from '../ingest/delete.js';
import { IngestWriter } from '../ingest/ingest-writer.js';
import { RedoLog } from '../ingest/redo-log.js';
import type { RedoRecord } from '../ingest/redo-log.js';
import { loadAppliedLsn, loadTimeOrder } from '../catalog/meta-store.js';
import { ownerOf } from '../catalog/model.js';
import type { DataOwner } from '../catalog/model.js';
import { asValuesInsert } from '../ingest/insert-select.js';
import { planInsert } from '../ingest/plan-insert.js';
import { planFastInsert } from '../ingest/fast-insert.js';
import { planRows } from '../ingest/insert-rows.js';
import type { RowsInsert } from '../ingest/insert-rows.js';
import { IngestState } from '../ingest/relation-writer.js';
import { DuckDBStorage } from '../storage/duckdb-storage.js';
import type { Storage, StorageConnection } from '../storage/storage.js';
import { describe } from '../system/describe.js';
import { show } from '../system/show.js';
import { materialise } from '../system/sys-tables.js';
import type { SysEnv } from '../system/sys-tables.js';
import { RWLock } from './rw-lock.js';
import { isSmallBound, isSmallResult } from './small-result.js';
import { affected, cursorResult, readAll } from './results.js';
import type { Engine, ExecResult, QueryResult, ResultOptions, Session } from './types.js';
import { UserStore } from './users.js';

/** A table (its data owner and tid) a query counted on being stored in ts order. */
type Ordered = readonly [DataOwner, number];
/** Work a query needs on its connection first (materialising system tables). */
type Prepare = (c: StorageConnection) => Promise<void>;

export const DEFAULT_SERVER_VERSION = '3.3.6.0';

export interface EngineOptions {
  /** Directory holding the DuckDB file; undefined = in-memory (nothing survives close). */
  readonly path?: string;
  /**
   * Superusers as user → password (default `{ root: 'taosdata' }`); `{ user, password }` is
   * accepted too.
   */
  readonly users?: Readonly<Record<string, string>> | { readonly user: string; readonly password: string };
  /** Version reported to clients (WS clients need ≥ 3.3.6.0). */
  readonly version?: string;
  /** DuckDB worker threads. */
  readonly threads?: number;
  /**
   * Keep the last row and last non-NULL values of every table cached for LAST_ROW/LAST queries
   * (TDengine's CACHEMODEL; default true). Results are the same either way.
   */
  readonly lastRowCache?: boolean;
}

const KNOWN_OPTIONS = new Set(['path', 'users', 'version', 'threads', 'lastRowCache']);

function userMap(users: EngineOptions['users']): Record<string, string> {
  if (users === undefined) return { root: 'taosdata' };
  const keys = Object.keys(users);
  if (keys.length === 2 && keys.includes('user') && keys.includes('password')) {
    const u = users as { user: string; password: string };
    return { [u.user]: u.password };
  }
  return { ...(users as Record<string, string>) };
}

/** TDengine statement time: wall clock in ns. */
function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

/** A file-backed engine's redo log and how far it has been written and applied. */
interface RedoState {
  readonly log: RedoLog;
  readonly lastLsn: number;
  readonly appliedLsn: number;
}

export class TaosEngine implements Engine {
  readonly version: string;
  readonly #storage: Storage;
  readonly #catalog: Catalog;
  readonly #users: UserStore;
  readonly #state = new IngestState();
  readonly #writer: IngestWriter;
  readonly #ddl = new RWLock();
  readonly #lastRows: LastRowCache | undefined;
  #closed = false;

  readonly #log: RedoLog | undefined;

  private constructor(
    storage: Storage,
    catalog: Catalog,
    users: UserStore,
    version: string,
    lastRowCache: boolean,
    timeOrder: ReadonlyMap<number, ReadonlySet<number>>,
    log?: RedoState,
  ) {
    this.#storage = storage;
    this.#catalog = catalog;
    this.#users = users;
    this.version = version;
    this.#log = log?.log;
    this.#writer = new IngestWriter(storage, this.#state, log);
    for (const db of catalog.dbs.values())
      for (const t of db.tables.values()) {
        if (t.kind === 'child') continue;
        const disordered = timeOrder.get(t.id);
        if (disordered) this.#state.restore(t, disordered);
      }
    if (lastRowCache) {
      this.#lastRows = new LastRowCache(storage, catalog, (task) => this.#writer.exclusive(task));
      this.#state.listener = this.#lastRows;
    }
  }

  /**
   * Open (or create) an engine.
   * @example const engine = await TaosEngine.create({ path: './data' });
   */
  static async create(options: EngineOptions = {}): Promise<TaosEngine> {
    for (const key of Object.keys(options)) {
      if (!KNOWN_OPTIONS.has(key)) throw new TaosError(Code.INVALID_PARA, `unknown engine option: ${key}`);
    }
    const storage = await DuckDBStorage.open({
      ...(options.path !== undefined ? { path: options.path } : {}),
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
    });
    let opened: ReturnType<typeof RedoLog.open> | undefined;
    try {
      const catalog = await Catalog.load(storage);
      const users = await UserStore.load(storage, userMap(options.users), catalog.startTime);
      const cache = options.lastRowCache ?? true;
      const timeOrder = await storage.withConnection(loadTimeOrder);
      const make = (redo?: RedoState) =>
        new TaosEngine(
          storage,
          catalog,
          users,
          options.version ?? DEFAULT_SERVER_VERSION,
          cache,
          timeOrder,
          redo,
        );
      if (options.path === undefined) return make();
      opened = RedoLog.open(join(options.path, 'taosts.redo'));
      const appliedLsn = await storage.withConnection(loadAppliedLsn);
      const replay = opened.records.filter((r) => r.lsn > appliedLsn);
      const lastLsn = opened.records.reduce((m, r) => Math.max(m, r.lsn), appliedLsn);
      const engine = make({ log: opened.log, lastLsn, appliedLsn });
      await engine.#replay(replay);
      return engine;
    } catch (e) {
      opened?.log.close();
      await storage.close();
      throw e;
    }
  }

  /** Re-apply acknowledged INSERTs the last process logged but had not committed. */
  async #replay(records: readonly RedoRecord[]): Promise<void> {
    const pending: Promise<number>[] = [];
    for (const r of records) {
      try {
        const stmt = parse(r.sql);
        if (stmt.kind !== 'Insert') continue;
        const planned = planInsert(stmt, {
          catalog: this.#catalog,
          sessionDb: r.db,
          timezone: r.timezone,
          now: BigInt(r.now),
        });
        pending.push(
          this.#writer.submit(planned, BigInt(r.now) / 1_000_000n, { replayLsn: r.lsn }).catch(() => 0),
        );
      } catch {
        // It failed validation against the catalog it was acknowledged under: nothing to redo.
      }
    }
    await Promise.all(pending);
    await this.#writer.settled();
    // Every replayable record is committed now; the ones that failed would fail again.
    this.#log?.truncate();
  }

  authenticate(user: string, password: string): boolean {
    return this.#users.authenticate(user, password);
  }

  async execute(sql: string, session: Session, options?: ResultOptions): Promise<ExecResult> {
    if (this.#closed) throw new TaosError(Code.TSC_INVALID_OPERATION, 'engine is closed');
    const fast = await this.#fastInsert(sql, session);
    return fast ?? this.executeStatement(parse(sql), session, sql, options);
  }

  /** Bulk INSERT of plain literals without the parser (ingest/fast-insert.ts); else undefined. */
  async #fastInsert(sql: string, session: Session): Promise<ExecResult | undefined> {
    if (!/^\s*insert\s/i.test(sql)) return undefined;
    return this.#ddl.read(async () => {
      const now = nowNs();
      const planned = planFastInsert(sql, {
        catalog: this.#catalog,
        sessionDb: session.db,
        timezone: session.timezone,
        now,
      });
      if (!planned) return undefined;
      const redo = {
        sql,
        ...(session.db !== undefined ? { db: session.db } : {}),
        timezone: session.timezone,
        now: now.toString(),
      };
      return affected(await this.#writer.submit(planned, now / 1_000_000n, redo));
    });
  }

  /**
   * Run an already parsed statement. `sql` (its text) lets a file-backed engine acknowledge an
   * INSERT once it is in the redo log; without it the INSERT is acknowledged after COMMIT.
   */
  async executeStatement(
    stmt: Statement,
    session: Session,
    sql?: string,
    options?: ResultOptions,
  ): Promise<ExecResult> {
    const now = nowNs();
    switch (stmt.kind) {
      case 'Select':
      case 'SetOp':
        return this.#query(stmt, session, now, options);
      case 'Insert':
        return this.#ddl.read(async () => {
          const planned = planInsert(stmt, {
            catalog: this.#catalog,
            sessionDb: session.db,
            timezone: session.timezone,
            now,
          });
          const redo =
            sql === undefined
              ? undefined
              : {
                  sql,
                  ...(session.db !== undefined ? { db: session.db } : {}),
                  timezone: session.timezone,
                  now: now.toString(),
                };
          return affected(await this.#writer.submit(planned, now / 1_000_000n, redo));
        });
      case 'InsertSelect':
        return this.#insertSelect(stmt, session, now);
      case 'Delete':
        return this.#ddl.read(async () =>
          affected(await executeDelete(stmt, this.#deleteEnv(), this.#ctx(session, now))),
        );
      case 'CreateDatabase':
        return this.#ddlRun(session, now, (env) => createDatabase(stmt, env));
      case 'DropDatabase':
        return this.#ddlRun(session, now, (env) => dropDatabase(stmt, env));
      case 'AlterDatabase':
        return this.#ddlRun(session, now, (env) => alterDatabase(stmt, env));
      case 'Use':
        useDatabase(stmt.name, { catalog: this.#catalog });
        session.db = stmt.name;
        return affected(0);
      case 'CreateSTable':
        return this.#ddlRun(session, now, (env) => createSTable(stmt, env));
      case 'CreateTable':
        return this.#ddlRun(session, now, (env) => createTable(stmt, env));
      case 'CreateChildTables':
        return this.#ddlRun(session, now, (env) => createChildTables(stmt, env));
      case 'DropTable':
        return this.#ddlRun(session, now, (env) => dropTable(stmt, env));
      case 'AlterTable':
        return this.#ddlRun(session, now, (env) => alterTable(stmt, env));
      case 'Show':
        await this.#writer.settled();
        return show(stmt, { ...this.#sysEnv(session), storage: this.#storage, sessionDb: session.db });
      case 'Describe': {
        const dbName = this.#catalog.dbName(stmt.table.db, session.db);
        const t = this.#catalog.table(dbName, stmt.table.name);
        if (!t) {
          // A missing database reports 0x0388 before the table's 0x2603.
          if (!this.#catalog.database(dbName)) this.#catalog.getDb(dbName);
          throw new TaosError(Code.TABLE_NOT_EXIST, `Table does not exist: ${stmt.table.name}`);
        }
        return describe(t);
      }
      case 'CreateUser':
        return this.#ddl.write(async () => {
          await this.#users.create(stmt, now / 1_000_000n);
          return affected(0);
        });
      case 'AlterUser':
        return this.#ddl.write(async () => {
          await this.#users.alter(stmt);
          return affected(0);
        });
      case 'DropUser':
        return this.#ddl.write(async () => {
          await this.#users.drop(stmt.name);
          return affected(0);
        });
      case 'NoOp':
        return affected(0);
      default:
        return assertNever(stmt);
    }
  }

  /** Insert typed rows (stmt2, schemaless) through the INSERT path: see `ingest/insert-rows.ts`. */
  async insertRows(req: RowsInsert, session: Session): Promise<number> {
    if (this.#closed) throw new TaosError(Code.TSC_INVALID_OPERATION, 'engine is closed');
    const now = nowNs();
    return this.#ddl.read(async () => {
      const planned = planRows(req, {
        catalog: this.#catalog,
        sessionDb: session.db,
        timezone: session.timezone,
        now,
      });
      return this.#writer.submit(planned, now / 1_000_000n);
    });
  }

  /** Parse and check a statement without running it: queries are translated, INSERTs planned. */
  async validate(sql: string, session: Session): Promise<void> {
    const stmt = parse(sql);
    const now = nowNs();
    if (stmt.kind === 'Select' || stmt.kind === 'SetOp') translateQuery(stmt, this.#ctx(session, now));
    else if (stmt.kind === 'Insert')
      planInsert(stmt, { catalog: this.#catalog, sessionDb: session.db, timezone: session.timezone, now });
  }

  /** Ingest counters: group commits, statements they carried, failed groups split up. */
  get ingestStats(): { readonly groups: number; readonly statements: number; readonly splits: number } {
    return { ...this.#writer.stats };
  }

  /** Last-row cache counters (full loads, stale reloads, table rewrites); undefined when off. */
  get lastRowCacheStats():
    { readonly loads: number; readonly reloads: number; readonly writes: number } | undefined {
    return this.#lastRows && { ...this.#lastRows.stats };
  }

  /** The catalog, read-only, as the translator sees it. */
  get schema(): SchemaProvider {
    return this.#catalog;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Let running writes finish before the storage goes away.
    await this.#ddl.write(async () => {
      await this.#writer.settled();
      const { last, applied } = this.#writer.lsns;
      if (applied >= last) this.#log?.truncate();
      this.#log?.close();
      await this.#storage.close();
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #ctx(session: Session, now: bigint, schema: SchemaProvider = this.#catalog): TranslateContext {
    return {
      schema,
      ...(session.db !== undefined ? { db: session.db } : {}),
      timezone: session.timezone,
      now,
      user: session.user,
      serverVersion: this.version,
    };
  }

  #sysEnv(session: Session): SysEnv {
    return { catalog: this.#catalog, users: this.#users, version: this.version, timezone: session.timezone };
  }

  #deleteEnv() {
    return { catalog: this.#catalog, storage: this.#storage, state: this.#state, writer: this.#writer };
  }

  async #ddlRun(session: Session, now: bigint, fn: (env: DdlEnv) => Promise<void>): Promise<ExecResult> {
    return this.#ddl.write(async () => {
      // Acknowledged INSERTs reach DuckDB before the schema changes under them.
      await this.#writer.settled();
      await fn({
        catalog: this.#catalog,
        storage: this.#storage,
        state: this.#state,
        sessionDb: session.db,
        timezone: session.timezone,
        now,
      });
      return affected(0);
    });
  }

  async #query(q: Query, session: Session, now: bigint, options: ResultOptions = {}): Promise<QueryResult> {
    const open = async (t: Translation, prepare: Prepare | undefined) =>
      this.#storage.stream(t.sql, prepare, isSmallResult(q) || isSmallBound(t.maxRows), {
        ...(options.varcharEntries && { varEntries: t.columns.map((c) => c.type === TypeCode.VARCHAR) }),
        ...(options.batchRows !== undefined && { batchRows: options.batchRows }),
      });
    // A plain scan of a table stored in ts order skips the sort. A write that may disorder a
    // table marks it before committing, so checking again once the query's snapshot is open
    // catches any such write the snapshot contains: then the query runs again, sorted.
    const relied: Ordered[] = [];
    let { t, prepare } = await this.#prepareQuery(q, session, now, relied);
    let cursor = await open(t, prepare);
    if (relied.some(([owner, tid]) => !this.#state.timeOrdered(owner, tid))) {
      cursor.close();
      ({ t, prepare } = await this.#prepareQuery(q, session, now));
      cursor = await open(t, prepare);
    }
    return cursorResult(cursor, t.columns, t.precision);
  }

  /** True when `table`'s rows are stored in ts order (remembered in `relied`). */
  #timeOrdered(table: TableSchema, relied: Ordered[]): boolean {
    const entry = this.#catalog.dbs.get(table.db)?.tables.get(table.name);
    if (!entry || (entry.kind !== 'normal' && entry.kind !== 'child')) return false;
    const owner = ownerOf(entry);
    const tid = entry.kind === 'child' ? entry.tid : 0;
    if (!this.#state.timeOrdered(owner, tid)) return false;
    relied.push([owner, tid]);
    return true;
  }

  /**
   * Translate a query and bring what it reads (acknowledged rows, last-row cache) up to date.
   * With `relied`, plain scans of tables stored in ts order are not sorted, and those tables are
   * collected there.
   */
  async #prepareQuery(q: Query, session: Session, now: bigint, relied?: Ordered[]) {
    const schema: CachedSchema | undefined = this.#lastRows?.schema();
    const ctx = this.#ctx(session, now, schema);
    const t = translateQuery(
      q,
      relied ? { ...ctx, timeOrdered: (table) => this.#timeOrdered(table, relied) } : ctx,
    );
    // Readers see every acknowledged row.
    await this.#writer.settled();
    const cached = schema?.usedIn(t.sql) ?? [];
    if (cached.length > 0) await this.#ddl.read(() => this.#lastRows!.ensure(cached));
    const env = this.#sysEnv(session);
    const prepare =
      t.systemTables.length > 0
        ? (c: Parameters<typeof materialise>[0]) => materialise(c, t.systemTables, env)
        : undefined;
    return { t, prepare };
  }

  /**
   * Diagnostics: the DuckDB SQL a SELECT runs as, after bringing what it reads up to date. The
   * benchmarks run it with `runDuckDB` as their raw-DuckDB baseline (perf.md §5.3 "E0").
   */
  async translate(sql: string, session: Session): Promise<string> {
    const stmt = parse(sql);
    if (stmt.kind !== 'Select' && stmt.kind !== 'SetOp') {
      throw new TaosError(Code.INVALID_PARA, 'only SELECT statements translate to one DuckDB query');
    }
    // Every acknowledged write first: its effect on the plan (a table out of ts order) shows.
    await this.#writer.settled();
    const { t, prepare } = await this.#prepareQuery(stmt, session, nowNs(), []);
    if (prepare) throw new TaosError(Code.INVALID_PARA, 'system tables are materialised per query');
    return t.sql;
  }

  /** Diagnostics: run DuckDB SQL on this engine's storage, materialising but not reading the result. */
  async runDuckDB(sql: string): Promise<void> {
    await this.#storage.withConnection((c) => c.run(sql));
  }

  async #insertSelect(
    s: Extract<Statement, { kind: 'InsertSelect' }>,
    session: Session,
    now: bigint,
  ): Promise<ExecResult> {
    const dbName = this.#catalog.dbName(s.table.db, session.db);
    const precision =
      this.#catalog.database(dbName)?.precision ?? this.#catalog.getDb(dbName).options.precision;
    const t = translateQuery(s.query, this.#ctx(session, now));
    await this.#writer.settled();
    const env = this.#sysEnv(session);
    const prepare =
      t.systemTables.length > 0
        ? (c: Parameters<typeof materialise>[0]) => materialise(c, t.systemTables, env)
        : undefined;
    const rows = await readAll(
      cursorResult(await this.#storage.stream(t.sql, prepare), t.columns, t.precision),
    );
    const ins = asValuesInsert(s, t, rows, precision);
    return this.#ddl.read(async () => {
      const planned = planInsert(ins, {
        catalog: this.#catalog,
        sessionDb: session.db,
        timezone: session.timezone,
        now,
      });
      return affected(await this.#writer.submit(planned, now / 1_000_000n));
    });
  }
}

/**
 * Create an engine; `path` undefined keeps everything in memory.
 * @example const engine = await createEngine({ path: '/var/lib/taosts' });
 */
export function createEngine(options: EngineOptions = {}): Promise<TaosEngine> {
  return TaosEngine.create(options);
}
