import { bindParams } from './bind.js';
import type { Params } from './bind.js';
import { Cursor } from './cursor.js';
import type { QueryOptions, StatementRunner } from './cursor.js';
import { InterfaceError, TDengineError } from './errors.js';
import { assertRestScheme, resolveOptions } from './options.js';
import type { ConnectOptions, ResolvedOptions } from './options.js';
import { ReqIdGenerator, toReqId } from './req-id.js';
import { QueryResult } from './result.js';
import { RestTransport } from './rest-transport.js';
import type { Transport, TransportResult } from './transport.js';

/**
 * A connection to TDengine. Over REST it is a pool of keep-alive sockets and a set of options;
 * the API does not depend on the transport.
 *
 * @example
 * await using conn = await connect('http://root:taosdata@localhost:6041/power');
 * const n = await conn.execute('insert into d1 values (?, ?)', [new Date(), 10.5]);
 * const { rows } = await conn.query('select * from d1 where ts > ?', ['2024-01-01']);
 */
export class Connection {
  /** Resolved, frozen options (password and token are non-enumerable). */
  readonly options: ResolvedOptions;
  readonly #transport: Transport;
  readonly #reqIds = new ReqIdGenerator();
  #closing: Promise<void> | undefined;

  private constructor(options: ResolvedOptions, transport: Transport) {
    this.options = options;
    this.#transport = transport;
  }

  /** @internal Open over a given transport (REST unless one is passed). */
  static async open(options: ResolvedOptions, transport?: Transport): Promise<Connection> {
    if (!transport) {
      assertRestScheme(options);
      transport = new RestTransport(options);
    }
    return new Connection(options, transport);
  }

  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /** Name of the transport in use (`'rest'`). */
  get transport(): string {
    return this.#transport.name;
  }

  /** Run a query (or any statement) and return its complete result. */
  async query(sql: string, params?: Params, opts?: QueryOptions): Promise<QueryResult> {
    return new QueryResult(await this.#run(bindParams(sql, params), opts, undefined));
  }

  /** Run a statement; resolves with affected rows (INSERT/DELETE/DDL) or the row count of a query. */
  async execute(sql: string, params?: Params, opts?: QueryOptions): Promise<number> {
    const r = await this.#run(bindParams(sql, params), opts, undefined);
    return r.affectedRows ?? r.rows.length;
  }

  /** `Cursor.executeMany` without a cursor: batched, resolves with total affected rows. */
  async executeMany(sql: string, seqOfParams: Iterable<Params>, opts?: QueryOptions): Promise<number> {
    const cur = this.cursor();
    try {
      return await cur.executeMany(sql, seqOfParams, opts);
    } finally {
      await cur.close();
    }
  }

  /** A new cursor sharing this connection. */
  cursor(): Cursor {
    this.#check();
    const isClosed = (): boolean => this.closed;
    const runner: StatementRunner = {
      run: (sql, opts, log) => this.#run(sql, opts, log),
      maxSqlLength: this.options.maxSqlLength,
      get closed() {
        return isClosed();
      },
    };
    return new Cursor(runner);
  }

  /** `select server_version()`. */
  async serverVersion(opts?: QueryOptions): Promise<string> {
    const r = await this.#run('select server_version()', opts, undefined);
    return String(r.rows[0]?.[0] ?? '');
  }

  /** Release sockets after in-flight requests finish. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#transport.close();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #check(): void {
    if (this.#closing) throw new InterfaceError('the connection is closed');
  }

  async #run(
    sql: string,
    opts: QueryOptions | undefined,
    log: ((sql: string) => void) | undefined,
  ): Promise<TransportResult> {
    this.#check();
    const reqId = opts?.reqId === undefined ? this.#reqIds.next() : toReqId(opts.reqId);
    const hook = this.options.onQuery;
    const t0 = hook ? performance.now() : 0;
    try {
      const r = await this.#transport.query(sql, {
        reqId,
        ...(opts?.signal ? { signal: opts.signal } : {}),
        ...(opts?.timeout !== undefined ? { timeout: opts.timeout } : {}),
      });
      log?.(sql);
      if (hook) notify(hook, { sql, reqId, durationMs: performance.now() - t0 });
      return r;
    } catch (e) {
      if (hook) notify(hook, { sql, reqId, durationMs: performance.now() - t0, error: e as Error });
      if (e instanceof TDengineError && e.sql === undefined) (e as { sql: string | undefined }).sql = sql;
      throw e;
    }
  }
}

/** A logging hook must never break the statement it observes. */
function notify(
  hook: NonNullable<ResolvedOptions['onQuery']>,
  event: Parameters<NonNullable<ResolvedOptions['onQuery']>>[0],
): void {
  try {
    hook(event);
  } catch {
    // deliberately ignored
  }
}

/**
 * Connect to TDengine. `connect()` alone uses `TDENGINE_*` environment variables, then defaults
 * (`http://localhost:6041`, root/taosdata). Precedence: explicit options > URL > environment > defaults.
 *
 * @example
 * const conn = await connect({ url: 'https://cloud.example.com', token: process.env.TOKEN, timezone: 'Asia/Shanghai' });
 */
export async function connect(
  urlOrOptions?: string | ConnectOptions,
  options?: ConnectOptions,
): Promise<Connection> {
  const input = typeof urlOrOptions === 'string' ? { ...options, url: urlOrOptions } : urlOrOptions;
  const resolved = resolveOptions(input, process.env);
  return Connection.open(resolved);
}
