/**
 * One `/ws` connection (protocol.md §4): decodes each frame, runs its action and writes the
 * reply to a `WsSink`. Every message is handled on its own, as taosAdapter does with one
 * goroutine per message, so replies may overtake each other; they echo `req_id` and `action`
 * exactly. Nothing here touches a socket: `ws-endpoint.ts` binds one, tests pass a fake sink.
 */
import {
  BINARY_HEADER_SIZE,
  Code,
  TaosError,
  binaryActionName,
  decodeBinaryHeader,
  decodeWsRequest,
  encodeWsError,
  encodeWsResponse,
} from '@taosts/protocol';
import type { Uint64 } from '@taosts/protocol';
import type { Engine, Session } from '../engine/types.js';
import type { Args } from './args.js';
import { BINARY_ACTIONS, JSON_ACTIONS, NO_CONN_ACTIONS, STMT_ERROR_ACTIONS } from './actions.js';
import { ResultStore } from './result-store.js';
import { StmtStore } from './stmt-store.js';
import type { ActionReply, WsOptions, WsPeer, WsSink } from './ws-types.js';

/** What a handler knows about the request it serves. */
export interface WsRequestInfo {
  readonly action: string;
  readonly reqId: Uint64;
  /** Nanoseconds since the message arrived. */
  timing(): bigint;
}

export type JsonAction = (s: WsSession, args: Args, req: WsRequestInfo) => ActionReply | Promise<ActionReply>;
export type BinaryActionHandler = (
  s: WsSession,
  msg: Uint8Array,
  header: { readonly reqId: bigint; readonly resourceId: bigint },
  req: WsRequestInfo,
) => ActionReply | Promise<ActionReply>;

/** Best-effort `req_id` of a request that failed to parse (taosAdapter does the same). */
function sniffReqId(text: string): Uint64 {
  const m = /"req_id"\s*:\s*(\d{1,20})/.exec(text);
  if (!m) return 0;
  const b = BigInt(m[1]!);
  if (b > 0xffffffffffffffffn) return 0;
  return b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}

function errorOf(e: unknown): { code: number; message: string } {
  if (e instanceof TaosError) return { code: e.code, message: e.message };
  return { code: Code.ADAPTER_GENERIC, message: e instanceof Error ? e.message : String(e) };
}

export class WsSession {
  readonly engine: Engine;
  readonly options: WsOptions;
  readonly peer: WsPeer;
  readonly results: ResultStore;
  readonly stmts: StmtStore;
  /** The TDengine connection's state; undefined until a successful `conn`. */
  session: Session | undefined;
  app = '';
  ip: string;
  connector = '';
  readonly #sink: WsSink;
  readonly #clock: () => bigint;
  readonly #inFlight = new Set<Promise<void>>();
  #closed = false;
  #connecting = false;

  constructor(sink: WsSink, options: WsOptions, peer: WsPeer = {}) {
    this.#sink = sink;
    this.engine = options.engine;
    this.options = options;
    this.peer = peer;
    this.ip = peer.ip ?? '';
    this.#clock = options.clock ?? process.hrtime.bigint;
    this.results = new ResultStore(options.maxResults);
    this.stmts = new StmtStore(options.maxStmts);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Default session zone. */
  get defaultTimezone(): string {
    return this.options.timezone ?? 'UTC';
  }

  /** Claim the right to connect (a second concurrent `conn` is a duplicate). */
  beginConnect(): boolean {
    if (this.session || this.#connecting) return false;
    this.#connecting = true;
    return true;
  }

  endConnect(session: Session | undefined): void {
    this.#connecting = false;
    if (session && !this.#closed) this.session = session;
  }

  /** A text frame: one JSON request. */
  onText(text: string): void {
    this.#track(this.#handleText(text, this.#clock()));
  }

  /** A binary frame: one binary request (protocol.md §4.3). */
  onBinary(bytes: Uint8Array): void {
    this.#track(this.#handleBinary(bytes, this.#clock()));
  }

  /** The socket is gone: free every result and statement; later replies are dropped. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.results.closeAll();
    this.stmts.closeAll();
  }

  /** Resolves once every message received so far has been answered (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  #track(p: Promise<void>): void {
    this.#inFlight.add(p);
    void p.finally(() => this.#inFlight.delete(p));
  }

  #send(data: string | Uint8Array): void {
    if (!this.#closed) this.#sink.send(data);
  }

  #info(action: string, reqId: Uint64, started: bigint): WsRequestInfo {
    return { action, reqId, timing: () => this.#clock() - started };
  }

  #reply(info: WsRequestInfo, reply: ActionReply): void {
    if (reply === undefined) return;
    if (reply instanceof Uint8Array) this.#send(reply);
    else this.#send(encodeWsResponse(info.action, info.reqId, reply, { timing: info.timing() }));
  }

  #fail(info: WsRequestInfo, e: unknown, extra: Record<string, unknown> = {}): void {
    this.#send(encodeWsError(info.action, info.reqId, errorOf(e), extra, info.timing()));
  }

  async #handleText(text: string, started: bigint): Promise<void> {
    let req;
    try {
      req = decodeWsRequest(text);
    } catch (e) {
      this.#fail(this.#info('', sniffReqId(text), started), e);
      return;
    }
    const info = this.#info(req.action, req.reqId, started);
    const extra = STMT_ERROR_ACTIONS.has(req.action) ? { stmt_id: req.args.stmt_id ?? 0 } : {};
    try {
      const handler = JSON_ACTIONS[req.action];
      if (!handler) throw new TaosError(Code.ADAPTER_GENERIC, `unknown action ${req.action}`);
      if (!this.session && !NO_CONN_ACTIONS.has(req.action))
        throw new TaosError(Code.ADAPTER_GENERIC, 'server not connected');
      this.#reply(info, await handler(this, req.args, info));
    } catch (e) {
      this.#fail(info, e, extra);
    }
  }

  async #handleBinary(bytes: Uint8Array, started: bigint): Promise<void> {
    if (bytes.length < BINARY_HEADER_SIZE) {
      this.#fail(
        this.#info('', 0, started),
        new TaosError(Code.ADAPTER_GENERIC, 'message length is too short'),
      );
      return;
    }
    const header = decodeBinaryHeader(bytes);
    const name = binaryActionName(header.action) ?? '';
    const info = this.#info(
      name,
      header.reqId <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(header.reqId) : header.reqId,
      started,
    );
    const handler = BINARY_ACTIONS[header.action];
    const extra =
      name.startsWith('stmt') || name === 'set_tags' || name === 'bind' ? { stmt_id: header.resourceId } : {};
    try {
      if (!handler) throw new TaosError(Code.ADAPTER_GENERIC, `unknown binary action ${header.action}`);
      if (!this.session) throw new TaosError(Code.ADAPTER_GENERIC, 'server not connected');
      this.#reply(info, await handler(this, bytes, header, info));
    } catch (e) {
      this.#fail(info, e, extra);
    }
  }
}
