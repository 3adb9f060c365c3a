import { WebSocket } from 'ws';
import {
  ConnectionLostError,
  InterfaceError,
  NETWORK_CODE,
  NotSupportedError,
  OperationalError,
  TDengineError,
  TimeoutError,
} from '../errors.js';
import type { Address, ResolvedOptions } from '../options.js';
import { ReqIdGenerator } from '../req-id.js';
import { AddressLoad, backoffDelay } from './address-load.js';
import { WsChannel } from './ws-channel.js';
import type { SocketLike } from './ws-channel.js';

/** Reported to the server as `conn` `connector` (like the official `nodejs-ws-v…`). */
const CONNECTOR = 'taosts-ws-v0.1.0';
const MIN_VERSION = '3.3.2.0';
const STMT2_VERSION = '3.3.6.0';
/** The official connector raises the receive limit to this (protocol.md §4.1). */
const MAX_PAYLOAD = 0x60000000;
const OPTION_TIMEZONE = 1;
const OPTION_USER_APP = 3;

/** Marks an operation's one non-idempotent request: once sent, a lost connection is an error. */
export interface WriteGuard {
  /** Call right before sending a request that writes. */
  write(): void;
}

/**
 * The server side of a WebSocket connection: one live `WsChannel` at a time, reopened after a
 * loss on the least-loaded address with backoff, with the session state a reconnect must restore
 * (current database, time zone). Server-side results and statements do not survive a reconnect.
 */
export class WsSession {
  readonly options: ResolvedOptions;
  readonly reqIds = new ReqIdGenerator();
  readonly #load: AddressLoad;
  #channel: WsChannel | undefined;
  #opening: Promise<WsChannel> | undefined;
  #database: string | undefined;
  #version = '';
  #generation = 0;
  #closed = false;

  constructor(options: ResolvedOptions, load: AddressLoad) {
    this.options = options;
    this.#load = load;
    this.#database = options.database;
  }

  /** Server version from the last `version` reply. */
  get serverVersion(): string {
    return this.#version;
  }

  /** True when the server speaks stmt2 (≥ 3.3.6.0). */
  get hasStmt2(): boolean {
    return compareVersions(this.#version, STMT2_VERSION) >= 0;
  }

  /** The database a reconnect restores (the `database` option, then the last `USE`). */
  get database(): string | undefined {
    return this.#database;
  }

  set database(db: string | undefined) {
    this.#database = db;
  }

  /** Increases with every new socket; server-side ids from an older one are gone. */
  get generation(): number {
    return this.#generation;
  }

  /** The live channel, opening one (with failover and backoff) when there is none. */
  channel(): Promise<WsChannel> {
    if (this.#closed) return Promise.reject(new InterfaceError('the connection is closed'));
    const ch = this.#channel;
    if (ch && !ch.closed) return Promise.resolve(ch);
    this.#opening ??= this.#connect().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  /**
   * Run `op` on the live channel. If the connection is lost, `op` runs again on a new one when
   * that is safe: the failed request never left, or `op` had not yet sent a write (`guard.write()`).
   */
  async run<T>(op: (ch: WsChannel, guard: WriteGuard) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const ch = await this.channel();
      let wrote = false;
      try {
        return await op(ch, {
          write: () => {
            wrote = true;
          },
        });
      } catch (e) {
        if (!(e instanceof ConnectionLostError) || this.#closed) throw e;
        if (e.requestSent && wrote) throw e;
        if (attempt >= this.options.retries) throw e;
      }
    }
  }

  /** Close the socket; in-flight requests fail. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    const opening = this.#opening;
    this.#channel?.close();
    if (opening) {
      try {
        (await opening).close();
      } catch {
        // a failed open has nothing to close
      }
    }
  }

  async #connect(): Promise<WsChannel> {
    const o = this.options;
    let last: Error | undefined;
    for (let round = 0; round <= o.retries; round++) {
      if (round > 0) await sleep(backoffDelay(round - 1, o.retryBackoffMs, o.retryBackoffMaxMs));
      for (const address of this.#load.order(o.addresses)) {
        if (this.#closed) throw new InterfaceError('the connection is closed');
        try {
          const ch = await this.#open(address);
          if (this.#closed) {
            ch.close();
            throw new InterfaceError('the connection is closed');
          }
          this.#channel = ch;
          this.#generation++;
          return ch;
        } catch (e) {
          // The server answered: wrong password, unknown database, too old. Another address
          // of the same cluster would say the same.
          if (!isNetworkError(e)) throw e;
          last = e as Error;
        }
      }
    }
    const where = o.addresses.map((a) => `${a.host}:${a.port}`).join(', ');
    throw new OperationalError(`could not connect to ${where}: ${last?.message ?? 'no address'}`, {
      code: NETWORK_CODE,
      cause: last,
    });
  }

  async #open(address: Address): Promise<WsChannel> {
    const o = this.options;
    const socket = await openSocket(address, o);
    const name = `${address.host}:${address.port}`;
    this.#load.acquire(address);
    const ch = new WsChannel(socket as unknown as SocketLike, {
      address: name,
      pingInterval: o.pingInterval,
      onClose: () => {
        this.#load.release(address);
        if (this.#channel === ch) this.#channel = undefined;
      },
    });
    const opts = { timeout: o.connectTimeout };
    try {
      await ch.request(
        'conn',
        {
          user: o.user,
          password: o.password,
          db: this.#database ?? '',
          connector: CONNECTOR,
          ...(o.app !== undefined ? { app: o.app } : {}),
        },
        { ...opts, reqId: this.reqIds.next() },
      );
      const v = await ch.request('version', {}, { ...opts, reqId: this.reqIds.next() });
      const version = String(v.version ?? '');
      if (compareVersions(version, MIN_VERSION) < 0)
        throw new NotSupportedError(
          `server version ${version} is older than ${MIN_VERSION}, the oldest the WebSocket transport supports`,
        );
      this.#version = version;
      const options = [
        ...(o.timezone !== undefined ? [{ option: OPTION_TIMEZONE, value: o.timezone }] : []),
        ...(o.app !== undefined ? [{ option: OPTION_USER_APP, value: o.app }] : []),
      ];
      if (options.length > 0)
        await ch.request('options_connection', { options }, { ...opts, reqId: this.reqIds.next() });
      return ch;
    } catch (e) {
      ch.close();
      if (e instanceof TimeoutError)
        throw networkError(`${name} did not complete the connection handshake in time`, e);
      throw e;
    }
  }
}

function networkError(message: string, cause?: unknown): OperationalError {
  return new OperationalError(message, { code: NETWORK_CODE, cause });
}

function isNetworkError(e: unknown): boolean {
  return e instanceof TDengineError && e.code === NETWORK_CODE && !(e instanceof NotSupportedError);
}

function openSocket(address: Address, o: ResolvedOptions): Promise<WebSocket> {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  const query = o.token !== undefined ? `?token=${encodeURIComponent(o.token)}` : '';
  const url = `${o.scheme}://${host}:${address.port}/ws${query}`;
  const name = `${address.host}:${address.port}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      perMessageDeflate: o.perMessageDeflate,
      handshakeTimeout: o.connectTimeout,
      maxPayload: MAX_PAYLOAD,
      ...(o.scheme === 'wss' ? (o.tls ?? {}) : {}),
    });
    const done = (err: Error | undefined): void => {
      clearTimeout(timer);
      ws.removeAllListeners('open');
      ws.removeAllListeners('unexpected-response');
      if (err) {
        ws.removeAllListeners('error');
        ws.on('error', () => {});
        ws.terminate();
        reject(err);
      } else {
        ws.removeAllListeners('error');
        resolve(ws);
      }
    };
    const timer = setTimeout(
      () => done(networkError(`could not connect to ${name} within ${o.connectTimeout} ms`)),
      o.connectTimeout,
    );
    ws.once('open', () => done(undefined));
    ws.once('error', (e) => done(networkError(`could not connect to ${name}: ${e.message}`, e)));
    ws.once('unexpected-response', (_req, res) =>
      done(networkError(`${name} refused the WebSocket upgrade with HTTP ${res.statusCode ?? '?'}`)),
    );
  });
}

/** Compare dotted versions numerically (`3.3.10.0` > `3.3.6.0`); missing parts are 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
