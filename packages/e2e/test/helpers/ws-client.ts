/**
 * A minimal `/ws` client for e2e tests and benches: the `ws` package plus the protocol codecs.
 * JSON replies are matched on (action, req_id), new-format binary replies on the req_id at
 * offset 26, legacy `fetch_block` replies on the result id at offset 8 — as the official Node
 * connector correlates them (protocol.md §4.1).
 */
import WebSocket from 'ws';
import { binaryReplyReqId, decodeWsResponse, encodeWsRequest } from '@taosts/protocol';
import type { WsResponse } from '@taosts/protocol';

type Waiter = { resolve: (v: WsResponse | Uint8Array) => void; reject: (e: Error) => void };

export class WsClient {
  readonly ws: WebSocket;
  #reqId = 1000;
  readonly #json = new Map<string, Waiter>();
  readonly #bin = new Map<string, Waiter>();
  /** Frames nobody waited for (e.g. replies to requests sent with `sendRaw`). */
  readonly unmatched: (WsResponse | Uint8Array)[] = [];

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data: Buffer, isBinary: boolean) => this.#onMessage(data, isBinary));
    ws.on('close', () => {
      const err = new Error('socket closed');
      for (const w of [...this.#json.values(), ...this.#bin.values()]) w.reject(err);
      this.#json.clear();
      this.#bin.clear();
    });
  }

  /** Open `/ws` on a server base URL (`http://host:port`), with an optional query string. */
  static open(baseUrl: string, query = ''): Promise<WsClient> {
    const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + '/ws' + query, {
      perMessageDeflate: false,
      maxPayload: 0x60000000,
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new WsClient(ws)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
  }

  nextReqId(): number {
    return ++this.#reqId;
  }

  #onMessage(data: Buffer, isBinary: boolean): void {
    if (!isBinary) {
      const r = decodeWsResponse(data.toString('utf8'));
      const key = `${r.action}:${String(r.req_id)}`;
      const w = this.#json.get(key);
      if (w) {
        this.#json.delete(key);
        w.resolve(r);
      } else this.unmatched.push(r);
      return;
    }
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const reqId = binaryReplyReqId(bytes);
    const key =
      reqId !== null
        ? `r${reqId}`
        : `id${new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(8, true)}`;
    const w = this.#bin.get(key);
    if (w) {
      this.#bin.delete(key);
      w.resolve(bytes);
    } else this.unmatched.push(bytes);
  }

  /** Send a JSON request and wait for its reply (a JSON object, or bytes for `fetch_block`). */
  call(action: string, args: Record<string, unknown> = {}): Promise<WsResponse> {
    const reqId = (args.req_id as number | undefined) ?? this.nextReqId();
    const p = new Promise<WsResponse | Uint8Array>((resolve, reject) =>
      this.#json.set(`${action}:${reqId}`, { resolve, reject }),
    );
    this.ws.send(encodeWsRequest(action, { ...args, req_id: reqId }));
    return p as Promise<WsResponse>;
  }

  /** Send a binary request whose reply is JSON with `action` and the header's req_id. */
  binaryJson(action: string, reqId: number | bigint, bytes: Uint8Array): Promise<WsResponse> {
    const p = new Promise<WsResponse | Uint8Array>((resolve, reject) =>
      this.#json.set(`${action}:${reqId}`, { resolve, reject }),
    );
    this.ws.send(bytes);
    return p as Promise<WsResponse>;
  }

  /** Send a binary request whose reply is a new-format binary frame carrying `reqId`. */
  binaryBinary(reqId: number | bigint, bytes: Uint8Array): Promise<Uint8Array> {
    const p = new Promise<WsResponse | Uint8Array>((resolve, reject) =>
      this.#bin.set(`r${reqId}`, { resolve, reject }),
    );
    this.ws.send(bytes);
    return p as Promise<Uint8Array>;
  }

  /** Legacy `fetch_block`: the binary reply carries the result id, not the req_id. */
  fetchBlock(id: number): Promise<Uint8Array> {
    const p = new Promise<WsResponse | Uint8Array>((resolve, reject) =>
      this.#bin.set(`id${id}`, { resolve, reject }),
    );
    this.ws.send(encodeWsRequest('fetch_block', { req_id: this.nextReqId(), id }));
    return p as Promise<Uint8Array>;
  }

  sendRaw(data: string | Uint8Array): void {
    this.ws.send(data);
  }

  async connect(db?: string, extra: Record<string, unknown> = {}): Promise<WsResponse> {
    const r = await this.call('conn', {
      user: 'root',
      password: 'taosdata',
      ...(db !== undefined && { db }),
      ...extra,
    });
    if (r.code !== 0) throw new Error(`conn failed: ${r.code} ${r.message}`);
    return r;
  }

  /** Run SQL that must succeed. */
  async sql(sql: string): Promise<WsResponse> {
    const r = await this.call('query', { sql });
    if (r.code !== 0) throw new Error(`${sql}: ${r.code} ${r.message}`);
    return r;
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}
