/** A `WsSink` that records frames, and a session over it, for unit tests. */
import { decodeWsResponse, encodeWsRequest } from '@taosts/protocol';
import type { WsResponse } from '@taosts/protocol';
import type { Engine } from '../../engine/types.js';
import { WsSession } from '../ws-session.js';
import type { WsOptions, WsPeer, WsSink } from '../ws-types.js';

export class FakeSink implements WsSink {
  readonly frames: (string | Uint8Array)[] = [];
  closed = false;
  send(data: string | Uint8Array): void {
    this.frames.push(data);
  }
  close(): void {
    this.closed = true;
  }
  /** Remove and return every frame so far. */
  take(): (string | Uint8Array)[] {
    return this.frames.splice(0);
  }
}

/** A session with helpers that send one request and wait for its reply. */
export class TestClient {
  readonly sink = new FakeSink();
  readonly session: WsSession;
  #reqId = 100;

  constructor(engine: Engine, options: Partial<WsOptions> = {}, peer: WsPeer = {}) {
    this.session = new WsSession(this.sink, { engine, ...options }, peer);
  }

  /** Send a JSON request; resolve with every frame it produced. */
  async raw(text: string): Promise<(string | Uint8Array)[]> {
    this.session.onText(text);
    await this.session.idle();
    return this.sink.take();
  }

  async binaryRaw(bytes: Uint8Array): Promise<(string | Uint8Array)[]> {
    this.session.onBinary(bytes);
    await this.session.idle();
    return this.sink.take();
  }

  /** Send `action` with `args` (a fresh req_id unless given); the single JSON reply. */
  async call(action: string, args: Record<string, unknown> = {}): Promise<WsResponse> {
    const frames = await this.raw(encodeWsRequest(action, { req_id: ++this.#reqId, ...args }));
    if (frames.length !== 1 || typeof frames[0] !== 'string')
      throw new Error(`expected one JSON reply to ${action}, got ${frames.length}`);
    return decodeWsResponse(frames[0]);
  }

  async binary(bytes: Uint8Array): Promise<string | Uint8Array> {
    const frames = await this.binaryRaw(bytes);
    if (frames.length !== 1) throw new Error(`expected one reply, got ${frames.length}`);
    return frames[0]!;
  }

  async connect(db?: string): Promise<WsResponse> {
    return this.call('conn', { user: 'root', password: 'taosdata', ...(db !== undefined && { db }) });
  }

  /** Run SQL that must succeed; returns the reply. */
  async sql(sql: string): Promise<WsResponse> {
    const r = await this.call('query', { sql });
    if (r.code !== 0) throw new Error(`${sql}: ${r.code} ${r.message}`);
    return r;
  }
}
