import { bindParams } from './bind.js';
import type { Params } from './bind.js';
import { Cursor } from './cursor.js';
import type { QueryOptions, StatementRunner } from './cursor.js';
import { InterfaceError, NotSupportedError, TDengineError } from './errors.js';
import { isWsScheme, resolveOptions } from './options.js';
import type { ConnectOptions, ResolvedOptions } from './options.js';
import { ReqIdGenerator, toReqId } from './req-id.js';
import { QueryResult } from './result.js';
import { ResultStream } from './result-stream.js';
import { RestTransport } from './rest-transport.js';
import type { SchemalessOptions, Transport, TransportQueryOptions, TransportResult } from './transport.js';
import { processLoad } from './ws/address-load.js';
import { serverBindable } from './ws/server-bind.js';
import { WsTransport } from './ws/ws-transport.js';
import { Statement } from './ws/ws-statement.js';

/** Options of `schemalessInsert`. */
export interface SchemalessInsertOptions extends Omit<SchemalessOptions, 'reqId'> {
  /** Request id (generated when absent). */
  readonly reqId?: bigint | number;
}

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

  /** @internal Open over a given transport (by the URL scheme unless one is passed). */
  static async open(options: ResolvedOptions, transport?: Transport): Promise<Connection> {
    if (!transport) {
      if (isWsScheme(options)) {
        const ws = new WsTransport(options, processLoad);
        await ws.open();
        transport = ws;
      } else transport = new RestTransport(options);
    }
    return new Connection(options, transport);
  }

  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /** Name of the transport in use (`'rest'` or `'ws'`). */
  get transport(): string {
    return this.#transport.name;
  }

  /**
   * Run a query (or any statement) and return its complete result. Over WebSocket, parameters
   * of an INSERT or SELECT are bound on the server (stmt2); otherwise client-side.
   */
  async query(sql: string, params?: Params, opts?: QueryOptions): Promise<QueryResult> {
    const bound = await this.#serverBind(sql, params, opts);
    if (bound) return bound;
    return new QueryResult(await this.#run(bindParams(sql, params), opts, undefined));
  }

  /** Run a statement; resolves with affected rows (INSERT/DELETE/DDL) or the row count of a query. */
  async execute(sql: string, params?: Params, opts?: QueryOptions): Promise<number> {
    const bound = await this.#serverBind(sql, params, opts);
    if (bound) return bound.affectedRows ?? bound.rows.length;
    const r = await this.#run(bindParams(sql, params), opts, undefined);
    return r.affectedRows ?? r.rows.length;
  }

  /**
   * Run a statement and read its result block by block: `for await (const row of s)`,
   * `s.batches()` or `s.blocks()` (columns). Over WebSocket the next block is fetched while the
   * loop works on this one (never more than one block ahead), and leaving the loop early frees
   * the result on the server. Over REST the reply is one block.
   *
   * @example
   * await using s = await conn.stream('select * from meters');
   * for await (const block of s.blocks()) sum += block.columns[1].data.length;
   */
  async stream(sql: string, params?: Params, opts?: QueryOptions): Promise<ResultStream> {
    this.#check();
    const text = bindParams(sql, params);
    const reqId = opts?.reqId === undefined ? this.#reqIds.next() : toReqId(opts.reqId);
    const source = await this.#observe(text, reqId, () =>
      this.#transport.stream(text, this.#topts(reqId, opts)),
    );
    return new ResultStream(source, opts?.signal);
  }

  /**
   * Prepare a statement on the server (WebSocket, stmt2): bind typed columns for many tables in
   * one round trip, or run a query with `?` values.
   */
  async prepare(sql: string, opts?: QueryOptions): Promise<Statement> {
    this.#check();
    const ws = this.#ws('prepare()');
    return Statement.prepare(ws.session, sql, opts);
  }

  /**
   * Write InfluxDB line protocol, OpenTSDB telnet or OpenTSDB JSON (schemaless: tables and
   * columns are created as needed). Over WebSocket the session's database (or `database`);
   * over REST `database` or the connection's. Resolves with the rows written when the server
   * reports it (WebSocket), else undefined.
   *
   * @example await conn.schemalessInsert(['meters,loc=SF v=1.5 1700000000000'], { protocol: 'influxdb', precision: 'ms' });
   */
  async schemalessInsert(
    lines: string | readonly string[],
    opts: SchemalessInsertOptions,
  ): Promise<number | undefined> {
    this.#check();
    const data = typeof lines === 'string' ? lines : lines.join('\n');
    const reqId = opts.reqId === undefined ? this.#reqIds.next() : toReqId(opts.reqId);
    return this.#observe(`/* schemaless ${opts.protocol} */`, reqId, () =>
      this.#transport.schemaless(data, { ...opts, reqId }),
    );
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

  #ws(what: string): WsTransport {
    if (this.#transport instanceof WsTransport) return this.#transport;
    throw new NotSupportedError(`${what} needs a WebSocket connection (ws:// or wss://)`);
  }

  #topts(reqId: bigint, opts: QueryOptions | undefined): TransportQueryOptions {
    return {
      reqId,
      ...(opts?.signal ? { signal: opts.signal } : {}),
      ...(opts?.timeout !== undefined ? { timeout: opts.timeout } : {}),
    };
  }

  /** Over WebSocket with stmt2, an INSERT/SELECT with parameters runs as a prepared statement. */
  async #serverBind(
    sql: string,
    params: Params | undefined,
    opts: QueryOptions | undefined,
  ): Promise<QueryResult | undefined> {
    const t = this.#transport;
    if (!(t instanceof WsTransport) || params === undefined || !t.session.hasStmt2) return undefined;
    const plan = serverBindable(sql, params);
    if (!plan) return undefined;
    this.#check();
    const reqId = opts?.reqId === undefined ? this.#reqIds.next() : toReqId(opts.reqId);
    const o = { ...opts, reqId };
    return this.#observe(sql, reqId, async () => {
      const st = await Statement.prepare(t.session, plan.sql, o);
      try {
        if (!st.isInsert) return await st.query(plan.values, o);
        const roles = st.fields ?? [];
        const n = await st.bind(plan.toTable(roles)).execute(o);
        return new QueryResult({ fields: [], rows: [], affectedRows: n, reqId });
      } finally {
        await st.close();
      }
    });
  }

  /** Run `op` with the `onQuery` hook and the SQL attached to errors. */
  async #observe<T>(sql: string, reqId: bigint, op: () => Promise<T>): Promise<T> {
    const hook = this.options.onQuery;
    const t0 = hook ? performance.now() : 0;
    try {
      const r = await op();
      if (hook) notify(hook, { sql, reqId, durationMs: performance.now() - t0 });
      return r;
    } catch (e) {
      if (hook) notify(hook, { sql, reqId, durationMs: performance.now() - t0, error: e as Error });
      if (e instanceof TDengineError && e.sql === undefined) (e as { sql: string | undefined }).sql = sql;
      throw e;
    }
  }

  async #run(
    sql: string,
    opts: QueryOptions | undefined,
    log: ((sql: string) => void) | undefined,
  ): Promise<TransportResult> {
    this.#check();
    const reqId = opts?.reqId === undefined ? this.#reqIds.next() : toReqId(opts.reqId);
    return this.#observe(sql, reqId, async () => {
      const r = await this.#transport.query(sql, {
        reqId,
        ...(opts?.signal ? { signal: opts.signal } : {}),
        ...(opts?.timeout !== undefined ? { timeout: opts.timeout } : {}),
      });
      log?.(sql);
      return r;
    });
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
