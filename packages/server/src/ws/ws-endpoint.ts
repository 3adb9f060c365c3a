/**
 * `/ws` on the server's HTTP port: the one module that binds WebSocket sockets. Each upgraded
 * socket gets a `WsSession` writing to it; text frames are JSON requests, binary frames binary
 * requests. Like taosAdapter (melody), the server pings every 54 s and drops a peer silent for
 * 114 s; closing the socket frees the session's results and statements.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Engine } from '../engine/types.js';
import type { UpgradeEndpoint, UpgradeEndpointContext } from '../http/upgrade.js';
import { WsSession } from './ws-session.js';
import type { WsOptions } from './ws-types.js';

const PING_MS = 54_000;
const DEAD_MS = 114_000;
/** taosAdapter sets no frame limit; we cap one frame at 512 MiB (ws's default is 100 MiB). */
const MAX_PAYLOAD = 512 * 1024 * 1024;

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

export interface WsEndpointOptions extends Omit<WsOptions, 'engine'> {
  readonly pingMs?: number;
  readonly deadMs?: number;
}

class WsEndpoint implements UpgradeEndpoint {
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD, perMessageDeflate: false });
  readonly #options: WsOptions;
  readonly #lastSeen = new Map<WebSocket, number>();
  readonly #timer: NodeJS.Timeout;
  readonly #deadMs: number;
  #closed = false;

  constructor(options: WsOptions, pingMs: number, deadMs: number) {
    this.#options = options;
    this.#deadMs = deadMs;
    this.#timer = setInterval(() => this.#heartbeat(), pingMs);
    this.#timer.unref();
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.#closed) {
      socket.destroy();
      return;
    }
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.#accept(ws, request));
  }

  #accept(ws: WebSocket, request: IncomingMessage): void {
    const url = request.url ?? '/';
    const q = url.indexOf('?');
    const urlToken = q < 0 ? null : new URLSearchParams(url.slice(q + 1)).get('token');
    const session = new WsSession(
      {
        send: (data) => {
          if (ws.readyState === ws.OPEN) ws.send(data, { binary: typeof data !== 'string' });
        },
        close: () => ws.close(),
      },
      this.#options,
      {
        ...(urlToken !== null && { urlToken }),
        ...(request.socket.remoteAddress !== undefined && { ip: request.socket.remoteAddress }),
      },
    );
    const seen = () => this.#lastSeen.set(ws, Date.now());
    seen();
    ws.on('message', (data, isBinary) => {
      seen();
      if (isBinary) session.onBinary(toBytes(data));
      else
        session.onText(
          Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(toBytes(data)).toString('utf8'),
        );
    });
    ws.on('pong', seen);
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      this.#lastSeen.delete(ws);
      session.close();
    });
  }

  #heartbeat(): void {
    const now = Date.now();
    for (const [ws, at] of this.#lastSeen) {
      if (now - at > this.#deadMs) ws.terminate();
      else if (ws.readyState === ws.OPEN) ws.ping();
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    for (const ws of this.#wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }
}

/**
 * The `/ws` endpoint factory for `startServer` (registered in `server.ts`).
 *
 * @example startServer({ endpoints: { '/ws': wsEndpoint({ pingMs: 1000 }) } })
 */
export function wsEndpoint(options: WsEndpointOptions = {}) {
  return (engine: Engine, context: UpgradeEndpointContext = {}): UpgradeEndpoint => {
    const { pingMs = PING_MS, deadMs = DEAD_MS, ...rest } = options;
    return new WsEndpoint({ ...context, ...rest, engine }, pingMs, deadMs);
  };
}
