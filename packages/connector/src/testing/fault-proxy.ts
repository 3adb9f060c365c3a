/**
 * A TCP proxy for tests that speaks just enough WebSocket framing to see messages: it sits
 * between the connector and a real server and injects the faults a real server cannot produce
 * on demand — a connection dropped mid-query or right after a write was forwarded, replies held
 * back, garbled frames, a peer that accepts and never answers. Not part of the public API.
 */
import { createServer, connect as tcpConnect } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';

/** One WebSocket message as the proxy sees it (payload unmasked). */
export interface ProxyMessage {
  readonly from: 'client' | 'server';
  readonly opcode: number;
  readonly payload: Buffer;
  /** JSON `action`, or the binary request's action id as `#<id>` (`#6` binary_query), or `reply#<id>` for binary replies. */
  readonly action: string;
}

/**
 * What to do with a message: forward it; cut the connection instead of forwarding; forward it
 * and then cut the connection (the request reached the server, its reply never reaches the
 * client); hold it back for `delay` ms; or forward `replace` in its place.
 */
export type Verdict =
  | 'pass'
  | 'drop'
  | 'forward-then-drop'
  | { readonly delay: number }
  | { readonly replace: Buffer; readonly opcode?: number };

export type Rule = (m: ProxyMessage) => Verdict | undefined;

interface Pair {
  readonly client: Socket;
  upstream: Socket | undefined;
  /** Sides whose bytes are no longer forwarded (the connection is about to be cut). */
  muted: Set<'client' | 'server'>;
}

export class FaultProxy {
  readonly #server: Server;
  readonly #target: { host: string; port: number };
  readonly #pairs = new Set<Pair>();
  /** Every message seen, in order. */
  readonly log: ProxyMessage[] = [];
  /** Consulted for every message; the first verdict other than undefined wins (default pass). */
  rules: Rule[] = [];
  /** Accept connections but never forward a byte (a server that hangs). */
  blackhole = false;
  /** Swallow every byte in both directions on open connections, pings included (a dead peer). */
  frozen = false;

  private constructor(server: Server, target: { host: string; port: number }) {
    this.#server = server;
    this.#target = target;
  }

  static async start(target: { host: string; port: number }): Promise<FaultProxy> {
    const server = createServer();
    const proxy = new FaultProxy(server, target);
    server.on('connection', (c) => proxy.#accept(c));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** Open client connections. */
  get connections(): number {
    return this.#pairs.size;
  }

  /** `ws://127.0.0.1:<port>` */
  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Messages seen from one side with one action. */
  count(from: 'client' | 'server', action: string): number {
    return this.log.filter((m) => m.from === from && m.action === action).length;
  }

  /** Cut every connection now. */
  dropAll(): void {
    for (const p of this.#pairs) this.#drop(p);
  }

  /** Stop listening (new connections are refused) and cut every connection. */
  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: Socket): void {
    const pair: Pair = { client, upstream: undefined, muted: new Set() };
    this.#pairs.add(pair);
    client.on('error', () => this.#drop(pair));
    client.on('close', () => this.#drop(pair));
    if (this.blackhole) return;
    const upstream = tcpConnect(this.#target.port, this.#target.host);
    pair.upstream = upstream;
    upstream.on('error', () => this.#drop(pair));
    upstream.on('close', () => this.#drop(pair));
    this.#pipe(pair, client, upstream, 'client');
    this.#pipe(pair, upstream, client, 'server');
  }

  #drop(p: Pair): void {
    if (!this.#pairs.delete(p)) return;
    p.client.destroy();
    p.upstream?.destroy();
  }

  /** Forward `from` → `to`: the HTTP upgrade as is, then frame by frame through the rules. */
  #pipe(pair: Pair, from: Socket, to: Socket, side: 'client' | 'server'): void {
    let buf = Buffer.alloc(0);
    let upgraded = false;
    let queue: Promise<void> = Promise.resolve();
    from.on('data', (chunk: Buffer) => {
      if (this.frozen || pair.muted.has(side)) return;
      buf = Buffer.concat([buf, chunk]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        to.write(buf.subarray(0, end + 4));
        buf = buf.subarray(end + 4);
        upgraded = true;
      }
      for (;;) {
        const f = parseFrame(buf);
        if (!f) return;
        buf = buf.subarray(f.size);
        const raw = f.raw;
        const m: ProxyMessage = {
          from: side,
          opcode: f.opcode,
          payload: f.payload,
          action: actionOf(side, f.opcode, f.payload),
        };
        if (f.opcode === 1 || f.opcode === 2) this.log.push(m);
        const verdict = f.opcode === 1 || f.opcode === 2 ? this.#verdict(m) : 'pass';
        queue = queue.then(async () => {
          if (!this.#pairs.has(pair)) return;
          if (verdict === 'drop') return this.#drop(pair);
          if (typeof verdict === 'object' && 'delay' in verdict)
            await new Promise((r) => setTimeout(r, verdict.delay));
          if (!this.#pairs.has(pair)) return;
          if (typeof verdict === 'object' && 'replace' in verdict)
            to.write(encodeFrame(verdict.opcode ?? f.opcode, verdict.replace));
          else to.write(raw);
          if (verdict === 'forward-then-drop') {
            // nothing comes back; let the forwarded bytes reach the other end before the cut
            pair.muted.add(side === 'client' ? 'server' : 'client');
            await new Promise((r) => setTimeout(r, 20));
            this.#drop(pair);
          }
        });
      }
    });
  }

  #verdict(m: ProxyMessage): Verdict {
    for (const rule of this.rules) {
      const v = rule(m);
      if (v !== undefined) return v;
    }
    return 'pass';
  }
}

interface Frame {
  readonly opcode: number;
  readonly payload: Buffer;
  readonly raw: Buffer;
  readonly size: number;
}

/** One complete frame at the start of `b`, unmasked, or null if more bytes are needed. */
function parseFrame(b: Buffer): Frame | null {
  if (b.length < 2) return null;
  const opcode = (b[0] as number) & 0x0f;
  const masked = ((b[1] as number) & 0x80) !== 0;
  let len = (b[1] as number) & 0x7f;
  let at = 2;
  if (len === 126) {
    if (b.length < 4) return null;
    len = b.readUInt16BE(2);
    at = 4;
  } else if (len === 127) {
    if (b.length < 10) return null;
    len = Number(b.readBigUInt64BE(2));
    at = 10;
  }
  const maskAt = at;
  if (masked) at += 4;
  if (b.length < at + len) return null;
  const payload = Buffer.from(b.subarray(at, at + len));
  if (masked)
    for (let i = 0; i < len; i++) payload[i] = (payload[i] as number) ^ (b[maskAt + (i & 3)] as number);
  return { opcode, payload, raw: Buffer.from(b.subarray(0, at + len)), size: at + len };
}

/** An unmasked, final frame: what a server sends (only server frames are ever replaced). */
function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | opcode, n]) : n < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (n >= 126 && n < 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 126;
    head.writeUInt16BE(n, 2);
  } else if (n >= 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([head, payload]);
}

function actionOf(side: 'client' | 'server', opcode: number, p: Buffer): string {
  if (opcode === 1) {
    const m = /"action"\s*:\s*"([^"]*)"/.exec(p.toString('utf8'));
    return m ? (m[1] as string) : '?';
  }
  if (opcode !== 2) return `op${opcode}`;
  if (side === 'client') return p.length >= 24 ? `#${p.readBigUInt64LE(16)}` : '#?';
  return p.length >= 16 && p.readBigUInt64LE(0) === 0xffffffffffffffffn
    ? `reply#${p.readBigUInt64LE(8)}`
    : 'reply#?';
}
