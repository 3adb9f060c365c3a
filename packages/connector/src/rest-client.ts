import { pipeline } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import {
  AbortError,
  InterfaceError,
  NETWORK_CODE,
  OperationalError,
  ProgrammingError,
  TDengineError,
  TimeoutError,
  errorFromCode,
} from './errors.js';
import { resolveOptions } from './options.js';
import type { ConnectOptions, ResolvedOptions } from './options.js';
import { ReqIdGenerator, toReqId } from './req-id.js';
import { decodeRestBody } from './rest-decode.js';
import type { RestResponse } from './rest-decode.js';
import { RestStreamDecoder } from './rest-stream.js';
import type { ValueContext } from './values.js';

/** Per-call options of `RestClient.sql`. */
export interface SqlOptions {
  /** Request id sent as `req_id` (generated when absent). */
  reqId?: bigint | number;
  signal?: AbortSignal;
  /** Database for this call (`/rest/sql/<db>`); `null` for none; default: the client's. */
  database?: string | null;
  /** Time limit in ms for this call (default: the client's `timeout`; 0 = none). */
  timeout?: number;
}

/** A successful reply, with the request id it was sent under. */
export interface RestResult extends RestResponse {
  readonly reqId: bigint;
}

/**
 * Low-level REST client (taospy's `RestClient`): one SQL statement per call to
 * `POST /rest/sql[/db]`, replies decoded losslessly. Keep-alive sockets come from an undici `Pool`
 * owned by this client and closed by `close()`.
 *
 * @example
 * await using client = await RestClient.open('http://root:taosdata@localhost:6041');
 * const r = await client.sql('select server_version()');
 */
export class RestClient {
  readonly options: ResolvedOptions;
  readonly #pool: Pool;
  readonly #reqIds = new ReqIdGenerator();
  readonly #ctx: ValueContext;
  readonly #auth: string | undefined;
  #closing: Promise<void> | undefined;

  private constructor(options: ResolvedOptions) {
    this.options = options;
    this.#ctx = { timestampMode: options.timestampMode, int64Mode: options.int64Mode, zone: options.zone };
    this.#auth =
      options.token === undefined
        ? 'Basic ' + Buffer.from(`${options.user}:${options.password}`).toString('base64')
        : undefined;
    this.#pool = new Pool(options.origin, {
      connections: options.maxConnections,
      connect: { timeout: options.connectTimeout, ...options.tls },
      // Our own timer enforces `timeout` over the whole exchange.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
  }

  /** Open a client. Options resolve as in `connect()` (explicit > URL > environment > defaults). */
  static async open(
    options?: ConnectOptions | string,
    env: Readonly<Record<string, string | undefined>> = process.env,
  ): Promise<RestClient> {
    return RestClient.fromResolved(resolveOptions(options, env));
  }

  /** @internal */
  static fromResolved(options: ResolvedOptions): RestClient {
    if (options.scheme !== 'http' && options.scheme !== 'https') {
      throw new InterfaceError(`RestClient needs an http:// or https:// url, got ${options.scheme}://`);
    }
    return new RestClient(options);
  }

  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /** Request path with query: database segment, `token`, `req_id`, `tz` and `conn_tz` combined correctly. */
  path(reqId: bigint, database: string | null | undefined): string {
    const db = database === undefined ? this.options.database : (database ?? undefined);
    const q = new URLSearchParams();
    if (this.options.token !== undefined) q.set('token', this.options.token);
    q.set('req_id', reqId.toString());
    if (this.options.timezone !== undefined) {
      // conn_tz (3.3.5+) sets the session zone; tz keeps older adapters rendering in the same zone.
      q.set('tz', this.options.timezone);
      q.set('conn_tz', this.options.timezone);
    }
    return `/rest/sql${db ? '/' + encodeURIComponent(db) : ''}?${q.toString()}`;
  }

  /** Run one SQL statement; resolves with the decoded reply, rejects with a `TDengineError`. */
  async sql(sqlText: string, opts: SqlOptions = {}): Promise<RestResult> {
    const reqId = opts.reqId === undefined ? this.#reqIds.next() : toReqId(opts.reqId);
    if (this.#closing) throw new InterfaceError('the client is closed', { reqId, sql: sqlText });
    if (typeof sqlText !== 'string' || sqlText.trim() === '')
      throw new ProgrammingError('empty SQL', { reqId, sql: String(sqlText) });
    let status = 0;
    let reply: RestResponse | undefined;
    let text = '';
    const path = this.path(reqId, opts.database);
    const gzip = this.options.compression;
    await this.#request(path, sqlText, { ...opts, reqId, sql: sqlText, gzip }, async (res) => {
      status = res.statusCode;
      const enc = res.headers['content-encoding'];
      let body: AsyncIterable<Buffer> = res.body;
      if (enc === 'gzip') body = pipeline(res.body, createGunzip({ chunkSize: 128 * 1024 }), () => {});
      else if (enc !== undefined && enc !== 'identity') {
        res.body.destroy();
        throw new InterfaceError(`unsupported content-encoding ${String(enc)}`);
      }
      // Decode rows while the server is still sending them (it flushes every ~16 KB).
      const utf8 = new StringDecoder('utf8');
      const stream = status === 200 ? new RestStreamDecoder(this.#ctx) : undefined;
      for await (const chunk of body) {
        const t = utf8.write(chunk);
        if (stream) stream.push(t);
        else text += t;
      }
      const rest = utf8.end();
      if (stream) {
        stream.push(rest);
        try {
          reply = stream.end();
        } catch (e) {
          throw e instanceof TDengineError ? withContext(e, reqId, sqlText) : e;
        }
      } else text += rest;
    });
    return reply ? this.#ok(reply, status, reqId, sqlText) : this.#reply(status, text, reqId, sqlText);
  }

  /**
   * POST `body` to another endpoint of the server (schemaless writes): same auth, timeout and
   * abort handling as `sql`; resolves with the status and body text, whatever the status.
   */
  async post(
    path: string,
    body: string,
    opts: { reqId: bigint; signal?: AbortSignal | undefined; timeout?: number | undefined },
  ): Promise<{ status: number; text: string }> {
    if (this.#closing) throw new InterfaceError('the client is closed', { reqId: opts.reqId });
    return this.#request(path, body, { ...opts, sql: body.slice(0, 200) }, async (res) => ({
      status: res.statusCode,
      text: await res.body.text(),
    }));
  }

  /** POST with auth, the timeout and the caller's signal; transport failures become `TDengineError`s. */
  async #request<T>(
    path: string,
    body: string,
    opts: {
      reqId: bigint;
      sql: string;
      signal?: AbortSignal | undefined;
      timeout?: number | undefined;
      /** Ask for a gzip reply (`read` then inflates it). */
      gzip?: boolean;
    },
    read: (res: Dispatcher.ResponseData) => Promise<T>,
  ): Promise<T> {
    const { reqId, signal, sql } = opts;
    if (signal?.aborted)
      throw new AbortError('the request was aborted before it was sent', {
        reqId,
        sql,
        cause: signal.reason,
      });
    const timeout = opts.timeout ?? this.options.timeout;
    const ac = new AbortController();
    let timedOut = false;
    const timer = timeout > 0 ? setTimeout(() => ((timedOut = true), ac.abort()), timeout) : undefined;
    const onAbort = (): void => ac.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
      if (this.#auth) headers.authorization = this.#auth;
      if (opts.gzip) headers['accept-encoding'] = 'gzip';
      return await read(await this.#pool.request({ method: 'POST', path, headers, body, signal: ac.signal }));
    } catch (e) {
      throw this.#transportError(e, { timedOut, timeout, signal, reqId, sql });
    } finally {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  #ok(r: RestResponse, status: number, reqId: bigint, sql: string): RestResult {
    if (r.code !== 0)
      throw errorFromCode(r.code, r.desc ?? `error 0x${r.code.toString(16)}`, { reqId, sql, status });
    return { ...r, reqId };
  }

  /** A non-200 reply: the adapter's `{code, desc}` when present, else the status and body text. */
  #reply(status: number, text: string, reqId: bigint, sql: string): never {
    let r: RestResponse | undefined;
    try {
      r = decodeRestBody(text, this.#ctx);
    } catch {
      // not JSON (a proxy's HTML page, say): report the text
    }
    const desc = r?.desc ?? (text.trim().slice(0, 200) || 'no body');
    const code = r && r.code !== 0 ? r.code : undefined;
    const message = `HTTP ${status}: ${desc}`;
    if (code !== undefined && code !== 0xffff) throw errorFromCode(code, message, { reqId, sql, status });
    const Cls = status === 400 ? ProgrammingError : OperationalError;
    throw new Cls(message, { code, reqId, sql, status });
  }

  #transportError(
    e: unknown,
    c: { timedOut: boolean; timeout: number; signal: AbortSignal | undefined; reqId: bigint; sql: string },
  ): TDengineError {
    const { reqId, sql } = c;
    if (c.timedOut)
      return new TimeoutError(`no complete reply within ${c.timeout} ms`, { reqId, sql, cause: e });
    if (c.signal?.aborted)
      return new AbortError('the request was aborted', { reqId, sql, cause: c.signal.reason ?? e });
    if (e instanceof TDengineError) return withContext(e, reqId, sql);
    const code = (e as { code?: unknown } | null)?.code;
    const msg = e instanceof Error ? e.message : String(e);
    if (code === 'UND_ERR_CONNECT_TIMEOUT') {
      return new TimeoutError(
        `could not connect to ${this.options.origin} within ${this.options.connectTimeout} ms`,
        { reqId, sql, cause: e, code: NETWORK_CODE },
      );
    }
    if (code === 'UND_ERR_DESTROYED' || code === 'UND_ERR_CLOSED')
      return new InterfaceError('the client is closed', { reqId, sql, cause: e });
    const what = typeof code === 'string' ? `${code}: ` : '';
    return new OperationalError(`request to ${this.options.origin} failed: ${what}${msg}`, {
      reqId,
      sql,
      cause: e,
      code: NETWORK_CODE,
    });
  }

  /** Close the keep-alive sockets once in-flight requests finish. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#pool.close();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

function withContext(e: TDengineError, reqId: bigint, sql: string): TDengineError {
  const out = e as { reqId: bigint | undefined; sql: string | undefined };
  if (out.reqId === undefined) Object.defineProperty(e, 'reqId', { value: reqId, enumerable: true });
  if (out.sql === undefined) out.sql = sql;
  return e;
}
