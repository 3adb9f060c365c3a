/**
 * `startServer`: the embedded TDengine-compatible server on one HTTP port — REST (`/rest/sql`,
 * `/rest/login`, `/-/ping`) plus WebSocket endpoints through the upgrade hook. The only module
 * that binds a socket.
 *
 * @example
 * const server = await startServer({ port: 0, memory: true });
 * await fetch(`${server.url}/rest/sql`, { method: 'POST', headers: { authorization: 'Basic cm9vdDp0YW9zZGF0YQ==' }, body: 'show databases' });
 * await server.close();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createEngine } from './engine/index.js';
import type { Engine } from './engine/types.js';
import { serveNodeRequest } from './http/node-bridge.js';
import type { RestDeps, RestRouteEntry } from './http/rest-types.js';
import { rejectUpgrade, type UpgradeEndpoint, type UpgradeEndpointFactory } from './http/upgrade.js';
import { SCHEMALESS_ROUTES } from './schemaless/rest-routes.js';
import { wsEndpoint } from './ws/ws-endpoint.js';

/** WebSocket endpoints every server mounts, by path (`/ws`, `/rest/tmq` register here). */
const BUILTIN_ENDPOINTS: Readonly<Record<string, UpgradeEndpointFactory>> = { '/ws': wsEndpoint() };

/** HTTP routes every server adds to the REST ones (e.g. schemaless `/influxdb/v1/write`). */
const BUILTIN_ROUTES: readonly RestRouteEntry[] = SCHEMALESS_ROUTES;

export interface StartServerOptions {
  /** Interface to listen on (default `127.0.0.1`). */
  readonly host?: string;
  /** TCP port (default 6041; 0 picks a free one). */
  readonly port?: number;
  /** Data directory (default `./taosts-data`); ignored with `memory`. */
  readonly data?: string;
  /** Keep everything in memory; nothing is written to disk. */
  readonly memory?: boolean;
  /** Cloud-style token: `?token=<token>` without an Authorization header acts as the admin user. */
  readonly token?: string;
  /** Admin user name (default `root`). */
  readonly user?: string;
  /** Admin password (default `taosdata`). */
  readonly password?: string;
  /** Serve this engine instead of opening one; the server will not close it. */
  readonly engine?: Engine;
  /** Largest accepted request body in bytes, before and after gunzip (default 64 MiB). */
  readonly maxBodyBytes?: number;
  /** Time zone of REST sessions that send no `conn_tz` (default `UTC`). */
  readonly timezone?: string;
  /** Time a client gets to send the request headers (default 10 s, taosAdapter's ReadHeaderTimeout). */
  readonly headersTimeoutMs?: number;
  /** How long `close()` waits for in-flight requests before cutting them off (default 5 s). */
  readonly closeTimeoutMs?: number;
  /** Extra WebSocket endpoints by path, added to (or replacing) the built-in ones. */
  readonly endpoints?: Readonly<Record<string, UpgradeEndpointFactory>>;
  /** Extra HTTP routes, tried before the built-in ones. */
  readonly routes?: readonly RestRouteEntry[];
}

const DEFAULT_MAX_BODY = 64 * 1024 * 1024;

function clientErrorReply(err: NodeJS.ErrnoException): string {
  const [status, desc] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? ['431 Request Header Fields Too Large', 'request header too large']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['408 Request Timeout', 'request timeout']
        : ['400 Bad Request', 'malformed HTTP request'];
  const body = `{"code":65535,"desc":"${desc}"}`;
  return (
    `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`
  );
}

/** A running server. `close()` stops it; also usable with `await using`. */
export class TaosServer {
  readonly engine: Engine;
  readonly #http: Server;
  readonly #ownsEngine: boolean;
  readonly #deps: RestDeps;
  readonly #bridge: { readonly maxBodyBytes: number };
  readonly #endpoints = new Map<string, UpgradeEndpoint>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #closeTimeoutMs: number;
  #address: AddressInfo | undefined;
  #closing: Promise<void> | undefined;

  private constructor(engine: Engine, ownsEngine: boolean, options: StartServerOptions) {
    this.engine = engine;
    this.#ownsEngine = ownsEngine;
    this.#closeTimeoutMs = options.closeTimeoutMs ?? 5_000;
    this.#bridge = { maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY };
    this.#deps = {
      engine,
      ...(options.token !== undefined && { token: options.token }),
      tokenUser: options.user ?? 'root',
      timezone: options.timezone ?? 'UTC',
      routes: [...(options.routes ?? []), ...BUILTIN_ROUTES],
    };
    for (const [path, factory] of Object.entries({ ...BUILTIN_ENDPOINTS, ...options.endpoints })) {
      this.#endpoints.set(
        path,
        factory(engine, {
          ...(options.token !== undefined && { token: options.token }),
          tokenUser: options.user ?? 'root',
          timezone: options.timezone ?? 'UTC',
        }),
      );
    }
    // Go's ReadHeaderTimeout is 10 s in taosAdapter; idle keep-alive sockets stay a minute.
    this.#http = createServer(
      {
        headersTimeout: options.headersTimeoutMs ?? 10_000,
        keepAliveTimeout: 60_000,
        // Check timeouts every second rather than Node's default 30 s.
        connectionsCheckingInterval: 1_000,
      },
      (req, res) => this.#onRequest(req, res),
    );
    this.#http.on('clientError', onClientError);
    this.#http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const endpoint = this.#endpoints.get((req.url ?? '/').split('?')[0]!);
      if (endpoint) endpoint.handleUpgrade(req, socket, head);
      else rejectUpgrade(socket);
    });
  }

  /** Open the engine (unless one is given), bind the port, start serving. */
  static async start(options: StartServerOptions = {}): Promise<TaosServer> {
    const ownsEngine = options.engine === undefined;
    const engine =
      options.engine ??
      (await createEngine({
        ...(!options.memory && { path: options.data ?? './taosts-data' }),
        ...((options.user !== undefined || options.password !== undefined) && {
          users: { user: options.user ?? 'root', password: options.password ?? 'taosdata' },
        }),
      }));
    const server = new TaosServer(engine, ownsEngine, options);
    try {
      await server.#listen(options.port ?? 6041, options.host ?? '127.0.0.1');
    } catch (e) {
      await server.close();
      throw e;
    }
    return server;
  }

  get host(): string {
    return this.#address?.address ?? '';
  }

  get port(): number {
    return this.#address?.port ?? 0;
  }

  /** `http://host:port`, the base URL clients use. */
  get url(): string {
    const a = this.#address;
    if (!a) return '';
    return `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
  }

  #listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#http.once('error', reject);
      this.#http.listen(port, host, () => {
        this.#http.off('error', reject);
        this.#address = this.#http.address() as AddressInfo;
        resolve();
      });
    });
  }

  #onRequest(req: IncomingMessage, res: ServerResponse): void {
    const p = serveNodeRequest(req, res, this.#deps, this.#bridge).catch(() => failRequest(res));
    this.#inFlight.add(p);
    void p.finally(() => this.#inFlight.delete(p));
  }

  /**
   * Stop accepting connections, let in-flight requests finish (up to `closeTimeoutMs`), close
   * WebSocket endpoints and the engine (which checkpoints). Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #shutdown(): Promise<void> {
    const closed = new Promise<void>((resolve) => {
      if (this.#http.listening) this.#http.close(() => resolve());
      else resolve();
    });
    this.#http.closeIdleConnections();
    await Promise.allSettled([...this.#endpoints.values()].map((ep) => ep.close()));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.#closeTimeoutMs);
    });
    await Promise.race([Promise.allSettled([...this.#inFlight]), deadline]);
    clearTimeout(timer);
    this.#http.closeAllConnections();
    await closed;
    if (this.#ownsEngine) await this.engine.close();
  }
}

function onClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(clientErrorReply(err));
}

function failRequest(res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = '{"code":65535,"desc":"internal error"}';
  res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
}

/** Start a server; see `StartServerOptions`. Resolves once the port is bound. */
export function startServer(options?: StartServerOptions): Promise<TaosServer> {
  return TaosServer.start(options);
}
