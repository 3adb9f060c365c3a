import { binaryReplyReqId, decodeWsResponse, encodeWsRequest } from '@taosts/protocol';
import type { WsResponse } from '@taosts/protocol';
import { AbortError, ConnectionLostError, InterfaceError, TimeoutError, errorFromCode } from '../errors.js';

/** The part of a `ws` WebSocket the channel uses (tests pass a fake). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string | Uint8Array, cb?: (err?: Error) => void): void;
  ping(): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'message', listener: (data: unknown, isBinary: boolean) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'pong', listener: () => void): unknown;
}

const OPEN = 1;

/** Per-request settings. */
export interface RequestOptions {
  readonly reqId: bigint;
  /** ms; 0 = none. */
  readonly timeout: number;
  readonly signal?: AbortSignal | undefined;
}

interface Pending {
  readonly key: string;
  readonly resolve: (v: WsResponse | Uint8Array) => void;
  readonly reject: (e: Error) => void;
  readonly reqId: bigint;
  readonly action: string;
  cleanup: () => void;
}

export interface ChannelOptions {
  /** `host:port`, for messages. */
  readonly address: string;
  /** Keep-alive ping interval in ms (0 = off); two silent intervals drop the peer. */
  readonly pingInterval: number;
  /** Called once when the socket is gone, whatever the reason. */
  readonly onClose?: (reason: Error) => void;
}

/** Replies that leave a result open on the server when nobody is waiting for them. */
const RESULT_ACTIONS = new Set(['query', 'binary_query', 'stmt2_result']);

/**
 * One WebSocket to `/ws`, multiplexed: many requests in flight, JSON replies matched on
 * `(req_id, action)`, binary replies on the `req_id` at byte 26 (protocol.md §4.1 — taosAdapter
 * answers out of order). Every request has its own timeout and `AbortSignal`; a dropped socket
 * fails what is in flight with `ConnectionLostError`, saying whether the request had been sent.
 */
export class WsChannel {
  readonly address: string;
  readonly #socket: SocketLike;
  readonly #pending = new Map<string, Pending>();
  readonly #onClose: ((reason: Error) => void) | undefined;
  #closed: Error | undefined;
  #pingTimer: NodeJS.Timeout | undefined;
  #heard = true;

  constructor(socket: SocketLike, options: ChannelOptions) {
    this.#socket = socket;
    this.address = options.address;
    this.#onClose = options.onClose;
    socket.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    socket.on('pong', () => {
      this.#heard = true;
    });
    socket.on('error', (err) => this.#fail(new ConnectionLostError(this.#lost(err.message), true, err)));
    socket.on('close', () => this.#fail(new ConnectionLostError(this.#lost('the server closed it'), true)));
    if (options.pingInterval > 0) {
      this.#pingTimer = setInterval(() => this.#ping(), options.pingInterval);
      this.#pingTimer.unref();
    }
  }

  /** True once the socket is gone (closed, dropped, or failed). */
  get closed(): boolean {
    return this.#closed !== undefined;
  }

  /** Requests awaiting a reply. */
  get inFlight(): number {
    return this.#pending.size;
  }

  /** A JSON request answered by a JSON reply with the same action. */
  request(action: string, args: Record<string, unknown>, opts: RequestOptions): Promise<WsResponse> {
    const text = encodeWsRequest(action, { req_id: opts.reqId, ...args });
    return this.#send(text, `${opts.reqId}:${action}`, action, opts) as Promise<WsResponse>;
  }

  /** A binary request answered by a JSON reply (`binary_query`, `stmt2_bind`). */
  binaryJson(frame: Uint8Array, replyAction: string, opts: RequestOptions): Promise<WsResponse> {
    return this.#send(frame, `${opts.reqId}:${replyAction}`, replyAction, opts) as Promise<WsResponse>;
  }

  /** A binary request answered by a binary reply (`fetch_raw_block`); resolves with its bytes. */
  binaryBinary(frame: Uint8Array, action: string, opts: RequestOptions): Promise<Uint8Array> {
    return this.#send(frame, `b:${opts.reqId}`, action, opts) as Promise<Uint8Array>;
  }

  /** A request without a reply (`free_result`); a closed channel makes it a no-op. */
  fire(action: string, args: Record<string, unknown>, reqId: bigint): void {
    if (this.#closed || this.#socket.readyState !== OPEN) return;
    this.#socket.send(encodeWsRequest(action, { req_id: reqId, ...args }));
  }

  /** Close the socket; requests in flight fail with `InterfaceError`. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#fail(new InterfaceError('the connection is closed'));
    try {
      this.#socket.close(1000);
    } catch {
      this.#socket.terminate();
    }
  }

  /** Drop the socket at once (dead peer, garbled stream). */
  terminate(reason: Error): void {
    if (this.#closed) return;
    this.#fail(reason);
    this.#socket.terminate();
  }

  #send(data: string | Uint8Array, key: string, action: string, opts: RequestOptions): Promise<unknown> {
    const { reqId, timeout, signal } = opts;
    if (signal?.aborted)
      return Promise.reject(
        new AbortError('the request was aborted before it was sent', { reqId, cause: signal.reason }),
      );
    if (this.#closed) return Promise.reject(this.#notSent(reqId));
    if (this.#socket.readyState !== OPEN) return Promise.reject(this.#notSent(reqId));
    if (this.#pending.has(key))
      return Promise.reject(
        new InterfaceError(`request id ${reqId} is already in flight for ${action}`, { reqId }),
      );
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = (): void => {
        this.#drop(key);
        reject(new AbortError('the request was aborted', { reqId, cause: signal?.reason }));
      };
      const p: Pending = {
        key,
        reqId,
        action,
        resolve: resolve as (v: WsResponse | Uint8Array) => void,
        reject,
        cleanup: () => {
          if (timer) clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      this.#pending.set(key, p);
      if (timeout > 0) {
        timer = setTimeout(() => {
          this.#drop(key);
          reject(
            new TimeoutError(`no reply to ${action} from ${this.address} within ${timeout} ms`, { reqId }),
          );
        }, timeout);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#socket.send(data);
    });
  }

  #drop(key: string): void {
    const p = this.#pending.get(key);
    if (!p) return;
    this.#pending.delete(key);
    p.cleanup();
  }

  #settle(key: string, value: WsResponse | Uint8Array | Error): boolean {
    const p = this.#pending.get(key);
    if (!p) return false;
    this.#pending.delete(key);
    p.cleanup();
    if (value instanceof Error) p.reject(value);
    else p.resolve(value);
    return true;
  }

  #onMessage(data: unknown, isBinary: boolean): void {
    this.#heard = true;
    const bytes = toBytes(data);
    if (!isBinary) {
      let r: WsResponse;
      try {
        r = decodeWsResponse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
      } catch (e) {
        this.#garbled(`an unreadable text frame (${(e as Error).message})`);
        return;
      }
      const id = BigInt(r.req_id);
      const value = r.code === 0 ? r : errorFromCode(r.code, r.message || `error ${r.code}`, { reqId: id });
      if (this.#settle(`${id}:${r.action}`, value)) return;
      // A binary request refused before `conn` is answered in JSON (protocol.md §4.3).
      if (
        this.#settle(
          `b:${id}`,
          value instanceof Error ? value : errorFromCode(0xffff, 'unexpected JSON reply', { reqId: id }),
        )
      )
        return;
      this.#orphan(r);
      return;
    }
    const id = binaryReplyReqId(bytes);
    if (id === null) {
      this.#garbled(`an unrecognised binary frame of ${bytes.length} bytes`);
      return;
    }
    this.#settle(`b:${id}`, bytes);
  }

  /** A reply nobody waits for (timed out or aborted) that opened a result: free it. */
  #orphan(r: WsResponse): void {
    const id = r.id;
    if (r.code === 0 && RESULT_ACTIONS.has(r.action) && id !== undefined && id !== 0 && id !== 0n)
      this.fire('free_result', { id }, BigInt(r.req_id));
  }

  #garbled(what: string): void {
    this.terminate(
      new InterfaceError(`garbled reply from ${this.address}: ${what}; the connection was dropped`),
    );
  }

  #ping(): void {
    if (this.#closed) return;
    if (!this.#heard) {
      this.terminate(new ConnectionLostError(this.#lost('no reply to keep-alive pings'), true));
      return;
    }
    this.#heard = false;
    try {
      this.#socket.ping();
    } catch {
      // a socket that cannot ping is closing; its close event does the rest
    }
  }

  #lost(why: string): string {
    return `connection to ${this.address} lost: ${why}`;
  }

  #notSent(reqId: bigint): ConnectionLostError {
    const e = new ConnectionLostError(
      `connection to ${this.address} is closed; the request was not sent`,
      false,
    );
    (e as { reqId: bigint | undefined }).reqId = reqId;
    return e;
  }

  #fail(reason: Error): void {
    if (this.#closed) return;
    this.#closed = reason;
    if (this.#pingTimer) clearInterval(this.#pingTimer);
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) {
      p.cleanup();
      p.reject(withReqId(reason, p.reqId));
    }
    this.#onClose?.(reason);
  }
}

/** A copy of a shared error with this request's id (each caller gets its own object). */
function withReqId(reason: Error, reqId: bigint): Error {
  if (reason instanceof ConnectionLostError) {
    const e = new ConnectionLostError(reason.message, reason.requestSent, reason.cause);
    (e as { reqId: bigint | undefined }).reqId = reqId;
    return e;
  }
  if (reason instanceof InterfaceError)
    return new InterfaceError(reason.message, { reqId, code: reason.code });
  return reason;
}

/** The payload's bytes (a `Buffer` is fine: the codecs read views at their byte offset). */
function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) return toBytes(Buffer.concat(data as Uint8Array[]));
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  throw new InterfaceError('unexpected WebSocket message payload');
}
