import type { ConnectionOptions } from 'node:tls';
import { InterfaceError } from './errors.js';
import { INT64_MODES, TIMESTAMP_MODES } from './values.js';
import type { Int64Mode, TimestampMode } from './values.js';
import { Zone } from './zone.js';

/** One executed statement, as the `onQuery` hook sees it. */
export interface QueryEvent {
  readonly sql: string;
  readonly reqId: bigint;
  /** Wall time of the request in milliseconds. */
  readonly durationMs: number;
  /** Present when the statement failed. */
  readonly error?: Error;
}

/** TLS settings for `https://` (passed to the TLS socket): a private CA, client certificates. */
export type TlsOptions = Pick<
  ConnectionOptions,
  'ca' | 'cert' | 'key' | 'passphrase' | 'rejectUnauthorized' | 'servername' | 'minVersion'
>;
const TLS_KEYS = ['ca', 'cert', 'key', 'passphrase', 'rejectUnauthorized', 'servername', 'minVersion'];

/** Options for `connect()`. Every key is optional; see `resolveOptions` for precedence. */
export interface ConnectOptions {
  /** `http://host:6041` (default `http://localhost:6041`), `https://…`; may carry user, password, database and options. */
  url?: string;
  /** Default `root`. */
  user?: string;
  /** Default `taosdata`. */
  password?: string;
  /** TDengine Cloud token, sent as `?token=` (then no Basic auth). */
  token?: string;
  /** Default database: requests go to `/rest/sql/<database>`. */
  database?: string;
  /** Per-request time limit in ms (default 60000; 0 = none). */
  timeout?: number;
  /** TCP/TLS connect time limit in ms (default 10000). */
  connectTimeout?: number;
  /** Session time zone (IANA name): sent as `conn_tz`/`tz`, and used to read zone-less timestamps. */
  timezone?: string;
  /** How TIMESTAMP values come back (default `'timestamp'`: exact `TDTimestamp`). */
  timestampMode?: TimestampMode;
  /** BIGINT / BIGINT UNSIGNED as `'bigint'` (default, exact) or `'string'` (exact and JSON-safe). */
  int64Mode?: Int64Mode;
  /**
   * Ask for gzip replies. Default: on, except for loopback hosts (`localhost`, `127.0.0.0/8`,
   * `::1`), where compressing costs CPU on both ends and saves no bandwidth.
   */
  compression?: boolean;
  /** Keep-alive sockets per connection (default 10). */
  maxConnections?: number;
  /** Upper bound in bytes for one batched statement built by `executeMany` (default 1 MiB). */
  maxSqlLength?: number;
  /** Called after every statement (success or failure); the analogue of taospy's `cursor.log`. */
  onQuery?: (event: QueryEvent) => void;
  /** TLS settings for `https://` and `wss://` (explicit option only). */
  tls?: TlsOptions;
  /** WebSocket: application name reported to the server (`conn` `app`). */
  app?: string;
  /** WebSocket: ms between keep-alive pings; a peer silent for two intervals is dropped (default 30000; 0 = off). */
  pingInterval?: number;
  /** WebSocket: offer permessage-deflate (used when the server accepts it; default false). */
  perMessageDeflate?: boolean;
  /** WebSocket: reconnect attempts after a lost connection, over all addresses (default 5). */
  retries?: number;
  /** WebSocket: first reconnect delay in ms, doubled per attempt, with jitter (default 200). */
  retryBackoffMs?: number;
  /** WebSocket: cap of the reconnect delay in ms (default 2000). */
  retryBackoffMaxMs?: number;
}

/** One server address of a (possibly multi-address) URL. */
export interface Address {
  readonly host: string;
  readonly port: number;
}

/** The validated, frozen result. `password` and `token` are non-enumerable, so logs omit them. */
export interface ResolvedOptions {
  readonly scheme: 'http' | 'https' | 'ws' | 'wss';
  readonly host: string;
  readonly port: number;
  /** `scheme://host:port` */
  readonly origin: string;
  readonly user: string;
  readonly password: string;
  readonly token: string | undefined;
  readonly database: string | undefined;
  readonly timeout: number;
  readonly connectTimeout: number;
  readonly timezone: string | undefined;
  readonly zone: Zone | undefined;
  readonly timestampMode: TimestampMode;
  readonly int64Mode: Int64Mode;
  readonly compression: boolean;
  readonly maxConnections: number;
  readonly maxSqlLength: number;
  readonly onQuery: ((event: QueryEvent) => void) | undefined;
  readonly tls: Readonly<TlsOptions> | undefined;
  /** Every address of the URL (`ws://h1:6041,h2:6041/db`); `host`/`port` are the first. */
  readonly addresses: readonly Address[];
  readonly app: string | undefined;
  readonly pingInterval: number;
  readonly perMessageDeflate: boolean;
  readonly retries: number;
  readonly retryBackoffMs: number;
  readonly retryBackoffMaxMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

const KEYS = [
  'url',
  'user',
  'password',
  'token',
  'database',
  'timeout',
  'connectTimeout',
  'timezone',
  'timestampMode',
  'int64Mode',
  'compression',
  'maxConnections',
  'maxSqlLength',
  'onQuery',
  'tls',
  'app',
  'pingInterval',
  'perMessageDeflate',
  'retries',
  'retryBackoffMs',
  'retryBackoffMaxMs',
] as const satisfies readonly (keyof ConnectOptions)[];

/** Options a URL query string may carry (`?timezone=UTC&timeout=5000`). */
const URL_KEYS = new Set<string>([
  'token',
  'timezone',
  'timeout',
  'connectTimeout',
  'timestampMode',
  'int64Mode',
  'compression',
  'maxConnections',
  'maxSqlLength',
  'app',
  'pingInterval',
  'perMessageDeflate',
  'retries',
  'retryBackoffMs',
  'retryBackoffMaxMs',
]);

const ENV: Record<string, keyof ConnectOptions> = {
  TDENGINE_URL: 'url',
  TDENGINE_TOKEN: 'token',
  TDENGINE_USER: 'user',
  TDENGINE_PASSWORD: 'password',
  TDENGINE_DATABASE: 'database',
  TDENGINE_TIMEZONE: 'timezone',
  TDENGINE_TIMEOUT: 'timeout',
};

const DEFAULT_PORT: Record<ResolvedOptions['scheme'], number> = {
  http: 6041,
  ws: 6041,
  https: 443,
  wss: 443,
};

type Loose = Partial<Record<keyof ConnectOptions, unknown>>;

/**
 * Merge explicit options > URL > environment (`TDENGINE_URL`, `TDENGINE_TOKEN`, `TDENGINE_USER`,
 * `TDENGINE_PASSWORD`, `TDENGINE_DATABASE`, `TDENGINE_TIMEZONE`, `TDENGINE_TIMEOUT`) > defaults,
 * validate, and freeze. Nothing else in this package reads `process.env`.
 */
export function resolveOptions(input: ConnectOptions | string | undefined, env: Env = {}): ResolvedOptions {
  const explicit: Loose = typeof input === 'string' ? { url: input } : { ...(input ?? {}) };
  const unknown = Object.keys(explicit).filter((k) => !(KEYS as readonly string[]).includes(k));
  if (unknown.length) {
    throw new InterfaceError(
      `unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')} (known: ${KEYS.join(', ')})`,
    );
  }
  for (const k of Object.keys(explicit) as (keyof ConnectOptions)[])
    if (explicit[k] === undefined) delete explicit[k];

  const fromEnv: Loose = {};
  for (const [name, key] of Object.entries(ENV)) {
    const v = env[name];
    if (v !== undefined && v !== '') fromEnv[key] = v;
  }

  const url = parseUrl(String(explicit.url ?? fromEnv.url ?? 'http://localhost:6041'));
  const pick = (k: keyof ConnectOptions): unknown => explicit[k] ?? url.options[k] ?? fromEnv[k];

  const timezone = optString(pick('timezone'), 'timezone');
  const zone = timezone === undefined ? undefined : Zone.of(timezone);
  const timestampMode = (pick('timestampMode') ?? 'timestamp') as TimestampMode;
  if (!TIMESTAMP_MODES.includes(timestampMode)) {
    throw new InterfaceError(
      `option "timestampMode" must be one of ${TIMESTAMP_MODES.join(', ')}, got ${JSON.stringify(timestampMode)}`,
    );
  }
  const int64Mode = (pick('int64Mode') ?? 'bigint') as Int64Mode;
  if (!INT64_MODES.includes(int64Mode)) {
    throw new InterfaceError(
      `option "int64Mode" must be one of ${INT64_MODES.join(', ')}, got ${JSON.stringify(int64Mode)}`,
    );
  }
  const onQuery = explicit.onQuery;
  if (onQuery !== undefined && typeof onQuery !== 'function')
    throw new InterfaceError('option "onQuery" must be a function');
  const tls = explicit.tls;
  if (tls !== undefined) {
    if (typeof tls !== 'object' || tls === null) throw new InterfaceError('option "tls" must be an object');
    const bad = Object.keys(tls).filter((k) => !TLS_KEYS.includes(k));
    if (bad.length)
      throw new InterfaceError(
        `unknown tls option${bad.length > 1 ? 's' : ''} ${bad.map((k) => JSON.stringify(k)).join(', ')} (known: ${TLS_KEYS.join(', ')})`,
      );
  }
  const user = optString(pick('user'), 'user') ?? 'root';
  if (user === '') throw new InterfaceError('option "user" must not be empty');

  const resolved = {
    scheme: url.scheme,
    host: url.host,
    port: url.port,
    origin: `${url.scheme}://${url.host.includes(':') ? `[${url.host}]` : url.host}:${url.port}`,
    user,
    database: optString(pick('database'), 'database'),
    timeout: int(pick('timeout'), 'timeout', 60_000, 0),
    connectTimeout: int(pick('connectTimeout'), 'connectTimeout', 10_000, 1),
    timezone,
    zone,
    timestampMode,
    int64Mode,
    compression: bool(pick('compression'), 'compression', !isLoopback(url.host)),
    maxConnections: int(pick('maxConnections'), 'maxConnections', 10, 1),
    maxSqlLength: int(pick('maxSqlLength'), 'maxSqlLength', 1 << 20, 64),
    onQuery: onQuery as ResolvedOptions['onQuery'],
    tls: tls === undefined ? undefined : Object.freeze({ ...(tls as TlsOptions) }),
    addresses: Object.freeze(url.addresses.map((a) => Object.freeze({ ...a }))),
    app: optString(pick('app'), 'app'),
    pingInterval: int(pick('pingInterval'), 'pingInterval', 30_000, 0),
    perMessageDeflate: bool(pick('perMessageDeflate'), 'perMessageDeflate', false),
    retries: int(pick('retries'), 'retries', 5, 0),
    retryBackoffMs: int(pick('retryBackoffMs'), 'retryBackoffMs', 200, 0),
    retryBackoffMaxMs: int(pick('retryBackoffMaxMs'), 'retryBackoffMaxMs', 2000, 0),
  };
  Object.defineProperties(resolved, {
    password: { value: optString(pick('password'), 'password') ?? 'taosdata', enumerable: false },
    token: { value: optString(pick('token'), 'token'), enumerable: false },
  });
  return Object.freeze(resolved) as ResolvedOptions;
}

/** Loopback hosts, where gzip only costs CPU. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** True for `ws://` / `wss://` options (the WebSocket transport). */
export function isWsScheme(o: Pick<ResolvedOptions, 'scheme'>): boolean {
  return o.scheme === 'ws' || o.scheme === 'wss';
}

interface ParsedUrl {
  scheme: ResolvedOptions['scheme'];
  host: string;
  port: number;
  addresses: Address[];
  options: Loose;
}

function parseUrl(text: string): ParsedUrl {
  // taospy accepts `localhost:6041` and prefixes http://
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  // `ws://user:pass@h1:6041,h2:6041/db` (the official connector's DSN): WHATWG URL cannot
  // parse several hosts, so parse the first in place and the others on their own.
  const m = /^([a-z][a-z0-9+.-]*:\/\/)((?:[^/?#@]*@)?)([^/?#]*)(.*)$/is.exec(withScheme);
  const hosts = m ? splitHosts(m[3] as string) : [];
  const invalid = (): never => {
    throw new InterfaceError(`invalid url ${JSON.stringify(redactUrl(text))}`);
  };
  let u: URL;
  try {
    u = new URL(m && hosts.length > 1 ? `${m[1]}${m[2]}${hosts[0]}${m[4]}` : withScheme);
  } catch {
    return invalid();
  }
  const scheme = u.protocol.slice(0, -1).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https' && scheme !== 'ws' && scheme !== 'wss') {
    throw new InterfaceError(`unsupported url scheme "${scheme}:" (expected http, https, ws or wss)`);
  }
  if (hosts.length > 1 && scheme !== 'ws' && scheme !== 'wss')
    throw new InterfaceError(
      'several addresses in one url need ws:// or wss:// (failover is a WebSocket feature)',
    );
  const options: Loose = {};
  if (u.username) options.user = decodeURIComponent(u.username);
  if (u.password) options.password = decodeURIComponent(u.password);
  const path = u.pathname.replace(/^\/+|\/+$/g, '');
  if (path) {
    if (path.includes('/'))
      throw new InterfaceError(`url path must be at most a database name, got "/${path}"`);
    options.database = decodeURIComponent(path);
  }
  const bad: string[] = [];
  for (const [k, v] of u.searchParams) {
    if (URL_KEYS.has(k)) options[k as keyof ConnectOptions] = v;
    else bad.push(k);
  }
  if (bad.length) {
    throw new InterfaceError(
      `unknown url parameter${bad.length > 1 ? 's' : ''} ${bad.map((k) => JSON.stringify(k)).join(', ')} (known: ${[...URL_KEYS].join(', ')})`,
    );
  }
  const address = (h: URL): Address => ({
    host: h.hostname.startsWith('[') ? h.hostname.slice(1, -1) : h.hostname,
    port: h.port ? Number(h.port) : DEFAULT_PORT[scheme],
  });
  const first = address(u);
  const addresses = [first];
  for (const h of hosts.slice(1)) {
    let a: Address;
    try {
      a = address(new URL(`${scheme}://${h}`));
    } catch {
      return invalid();
    }
    if (!addresses.some((b) => b.host === a.host && b.port === a.port)) addresses.push(a);
  }
  return { scheme, host: first.host, port: first.port, addresses, options };
}

/** `h1:1,[::1]:2,h3` → its hosts; empty entries are dropped. */
function splitHosts(list: string): string[] {
  return list
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
}

/** The URL with any password replaced by `***`. */
export function redactUrl(text: string): string {
  return text.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}

function optString(v: unknown, name: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new InterfaceError(`option "${name}" must be a string`);
  return v;
}

function int(v: unknown, name: string, dflt: number, min: number): number {
  if (v === undefined) return dflt;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min) {
    throw new InterfaceError(`option "${name}" must be an integer ≥ ${min}, got ${JSON.stringify(v)}`);
  }
  return n;
}

function bool(v: unknown, name: string, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new InterfaceError(`option "${name}" must be a boolean, got ${JSON.stringify(v)}`);
}
