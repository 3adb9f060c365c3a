/**
 * The embedded TDengine-compatible engine: SQL text in, `ExecResult` out. Statements dispatch
 * to the catalog (DDL), ingest (INSERT/DELETE), the translator (SELECT) and the system tables.
 */
import { Code, TaosError } from '@taosts/protocol';
import type { Query, Statement, TranslateContext } from '@taosts/sql';
import { assertNever, parse, translateQuery } from '@taosts/sql';
import { Catalog } from '../catalog/catalog.js';
import { alterDatabase, createDatabase, dropDatabase, useDatabase } from '../catalog/ddl-database.js';
import type { DdlEnv } from '../catalog/ddl-env.js';
import { alterTable } from '../catalog/ddl-alter.js';
import { createChildTables, createSTable, createTable, dropTable } from '../catalog/ddl-table.js';
import { executeDelete } from '../ingest/delete.js';
import { IngestWriter } from '../ingest/execute-insert.js';
import { asValuesInsert } from '../ingest/insert-select.js';
import { planInsert } from '../ingest/plan-insert.js';
import { IngestState } from '../ingest/relation-writer.js';
import { DuckDBStorage } from '../storage/duckdb-storage.js';
import type { Storage } from '../storage/storage.js';
import { describe } from '../system/describe.js';
import { show } from '../system/show.js';
import { materialise } from '../system/sys-tables.js';
import type { SysEnv } from '../system/sys-tables.js';
import { RWLock } from './locks.js';
import { affected, cursorResult, readAll } from './results.js';
import type { Engine, ExecResult, QueryResult, Session } from './types.js';
import { UserStore } from './users.js';

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
}

const KNOWN_OPTIONS = new Set(['path', 'users', 'version', 'threads']);

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

export class TaosEngine implements Engine {
  readonly version: string;
  readonly #storage: Storage;
  readonly #catalog: Catalog;
  readonly #users: UserStore;
  readonly #state = new IngestState();
  readonly #writer: IngestWriter;
  readonly #ddl = new RWLock();
  #closed = false;

  private constructor(storage: Storage, catalog: Catalog, users: UserStore, version: string) {
    this.#storage = storage;
    this.#catalog = catalog;
    this.#users = users;
    this.version = version;
    this.#writer = new IngestWriter(storage, this.#state);
  }

  /**
   * Open (or create) an engine.
   * @example const engine = await TaosEngine.create({ path: './data' });
   */
  static async create(options: EngineOptions = {}): Promise<TaosEngine> {
    for (const key of Object.keys(options)) {
      if (!KNOWN_OPTIONS.has(key)) throw new TaosError(Code.INVALID_PARA, `unknown engine option: ${key}`);
    }
    const storage = await DuckDBStorage.open({ ...(options.path !== undefined ? { path: options.path } : {}), ...(options.threads !== undefined ? { threads: options.threads } : {}) });
    try {
      const catalog = await Catalog.load(storage);
      const users = await UserStore.load(storage, userMap(options.users), catalog.startTime);
      return new TaosEngine(storage, catalog, users, options.version ?? DEFAULT_SERVER_VERSION);
    } catch (e) {
      await storage.close();
      throw e;
    }
  }

  authenticate(user: string, password: string): boolean {
    return this.#users.authenticate(user, password);
  }

  async execute(sql: string, session: Session): Promise<ExecResult> {
    if (this.#closed) throw new TaosError(Code.TSC_INVALID_OPERATION, 'engine is closed');
    return this.executeStatement(parse(sql), session);
  }

  /** Run an already parsed statement. */
  async executeStatement(stmt: Statement, session: Session): Promise<ExecResult> {
    const now = nowNs();
    switch (stmt.kind) {
      case 'Select':
      case 'SetOp':
        return this.#query(stmt, session, now);
      case 'Insert':
        return this.#ddl.read(async () => {
          const planned = planInsert(stmt, { catalog: this.#catalog, sessionDb: session.db, timezone: session.timezone, now });
          return affected(await this.#writer.submit(planned, now / 1_000_000n));
        });
      case 'InsertSelect':
        return this.#insertSelect(stmt, session, now);
      case 'Delete':
        return this.#ddl.read(async () => affected(await executeDelete(stmt, this.#deleteEnv(), this.#ctx(session, now))));
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
        return show(stmt, { ...this.#sysEnv(session), storage: this.#storage, sessionDb: session.db });
      case 'Describe': {
        const dbName = this.#catalog.dbName(stmt.table.db, session.db);
        const t = this.#catalog.table(dbName, stmt.table.name);
        if (!t) {
          this.#catalog.database(dbName) ?? this.#catalog.getDb(dbName);
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

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Let running writes finish before the storage goes away.
    await this.#ddl.write(() => this.#storage.close());
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #ctx(session: Session, now: bigint): TranslateContext {
    return { schema: this.#catalog, ...(session.db !== undefined ? { db: session.db } : {}), timezone: session.timezone, now, user: session.user, serverVersion: this.version };
  }

  #sysEnv(session: Session): SysEnv {
    return { catalog: this.#catalog, users: this.#users, version: this.version, timezone: session.timezone };
  }

  #deleteEnv() {
    return { catalog: this.#catalog, storage: this.#storage, state: this.#state, writer: this.#writer };
  }

  async #ddlRun(session: Session, now: bigint, fn: (env: DdlEnv) => Promise<void>): Promise<ExecResult> {
    return this.#ddl.write(async () => {
      await fn({ catalog: this.#catalog, storage: this.#storage, state: this.#state, sessionDb: session.db, timezone: session.timezone, now });
      return affected(0);
    });
  }

  async #query(q: Query, session: Session, now: bigint): Promise<QueryResult> {
    const t = translateQuery(q, this.#ctx(session, now));
    const env = this.#sysEnv(session);
    const prepare = t.systemTables.length > 0 ? (c: Parameters<typeof materialise>[0]) => materialise(c, t.systemTables, env) : undefined;
    const cursor = await this.#storage.stream(t.sql, prepare);
    return cursorResult(cursor, t.columns, t.precision);
  }

  async #insertSelect(s: Extract<Statement, { kind: 'InsertSelect' }>, session: Session, now: bigint): Promise<ExecResult> {
    const dbName = this.#catalog.dbName(s.table.db, session.db);
    const precision = this.#catalog.database(dbName)?.precision ?? this.#catalog.getDb(dbName).options.precision;
    const t = translateQuery(s.query, this.#ctx(session, now));
    const env = this.#sysEnv(session);
    const prepare = t.systemTables.length > 0 ? (c: Parameters<typeof materialise>[0]) => materialise(c, t.systemTables, env) : undefined;
    const rows = await readAll(cursorResult(await this.#storage.stream(t.sql, prepare), t.columns, t.precision));
    const ins = asValuesInsert(s, t, rows, precision);
    return this.#ddl.read(async () => {
      const planned = planInsert(ins, { catalog: this.#catalog, sessionDb: session.db, timezone: session.timezone, now });
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
