/**
 * taosAdapter's schemaless HTTP plugins (protocol.md §7.3–7.4): `POST /influxdb/v1/write` and
 * `POST /opentsdb/v1/put/json/{db}`, `/opentsdb/v1/put/telnet/{db}`. Success is 204; errors
 * use each plugin's own JSON shapes and statuses, and TDengine errors read `[0x<code>] <text>`
 * as the Go driver prints them.
 */
import { TaosError } from '@taosts/protocol';
import type { SmlPoint } from '@taosts/protocol';
import type { Session } from '../engine/types.js';
import { JSON_TYPE } from '../http/responses.js';
import type { RestDeps, RestRequest, RestResponse, RestRouteEntry } from '../http/rest-types.js';
import { SmlProtocol, parseBatch, parsePoints } from './parse-points.js';
import { schemalessWrite, sessionTick } from './schemaless-write.js';

const DECODER = new TextDecoder();

function json(status: number, body: unknown): RestResponse {
  return { status, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(body) };
}

const NO_CONTENT: RestResponse = { status: 204, headers: {}, body: '' };

/** The Go driver's `TaosError.Error()`: `[0x357] Authentication failure`. */
function errorText(e: unknown): string {
  if (e instanceof TaosError) return `[0x${(e.code & 0xffff).toString(16)}] ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

function basic(header: string | undefined): { user?: string; password?: string; error?: string } {
  if (!header) return {};
  const auth = header.trim();
  if (!auth.startsWith('Basic')) return {};
  const text = Buffer.from(auth.slice(6), 'base64').toString('utf8');
  const parts = text.split(':');
  if (parts.length !== 2) return { error: 'parse error' };
  return { user: parts[0]!, password: parts[1]! };
}

/** Authenticate and USE `db`: the session to write with, or the TDengine error. */
async function sessionFor(
  deps: RestDeps,
  user: string,
  password: string | undefined,
  db: string,
): Promise<Session> {
  if (password !== undefined && !deps.engine.authenticate(user, password))
    throw new TaosError(0x0357, 'Authentication failure');
  const session: Session = { user, timezone: deps.timezone ?? 'UTC' };
  if (db.includes('`')) throw new TaosError(0x0388, 'Database not exist');
  const r = await deps.engine.execute('use `' + db + '`', session);
  if (r.kind === 'query') r.close();
  return session;
}

function reqIdInvalid(q: URLSearchParams): boolean {
  const v = q.get('req_id');
  return v !== null && v !== '' && !/^\d{1,20}$/.test(v);
}

function ttlOf(q: URLSearchParams): number | undefined | null {
  const v = q.get('ttl');
  if (v === null || v === '') return undefined;
  return /^[+-]?\d+$/.test(v) ? Number(v) : null;
}

/** `POST /influxdb/v1/write?db=…&precision=…` (default precision ns). */
async function influxWrite(req: RestRequest, _p: readonly string[], deps: RestDeps): Promise<RestResponse> {
  const q = req.query;
  const bad = (message: string, op: string, code = 'illegal param') =>
    json(400, { code, message, op, err: message, line: 0 });
  if (reqIdInvalid(q)) return bad('req_id must be numeric', 'parse req_id');
  const precision = q.get('precision') || 'ns';
  let { user, password } = basic(req.headers['authorization']);
  const token = q.get('token');
  if (q.get('u')) user = q.get('u')!;
  if (q.get('p')) password = q.get('p')!;
  let tokenUser: string | undefined;
  if (!req.headers['authorization'] && token !== null && deps.token !== undefined) {
    if (token !== deps.token) return json(401, { code: 'forbidden', message: 'invalid token' });
    tokenUser = deps.tokenUser ?? 'root';
  }
  if (tokenUser === undefined && (user === undefined || password === undefined))
    return json(401, { code: 'forbidden', message: 'get auth error' });
  const db = q.get('db') ?? '';
  if (db === '') return bad('db required', 'get db query', 'not found');
  const ttl = ttlOf(q);
  if (ttl === null) return bad('ttl must be numeric', 'parse ttl');
  try {
    const session = await sessionFor(
      deps,
      tokenUser ?? user!,
      tokenUser === undefined ? password : undefined,
      db,
    );
    const tableNameKey = q.get('table_name_key') ?? '';
    const tsTick = sessionTick(deps.engine, session);
    const batch = parseBatch(SmlProtocol.LINE, DECODER.decode(req.body).trim(), precision, {
      tableNameKey,
      ...(tsTick && { tsTick }),
    });
    await schemalessWrite(deps.engine, session, batch, {
      tableNameKey,
      ...(ttl !== undefined && { ttl }),
    });
    return NO_CONTENT;
  } catch (e) {
    return json(500, { code: 'internal error', message: errorText(e) });
  }
}

/** `POST /opentsdb/v1/put/{json|telnet}/{db}`: Basic auth required. */
function openTsdb(protocol: 2 | 3) {
  return async (req: RestRequest, params: readonly string[], deps: RestDeps): Promise<RestResponse> => {
    const fail = (status: number, message: string) => json(status, { code: status, message });
    const header = req.headers['authorization'];
    if (!header) return fail(401, 'auth needed');
    const creds = basic(header);
    if (creds.error) return fail(401, creds.error);
    const q = req.query;
    if (reqIdInvalid(q)) return fail(400, 'illegal param, req_id must be numeric');
    const db = params[0] ?? '';
    if (db === '') return fail(400, 'db required');
    if (creds.user === undefined) return fail(400, 'get auth error');
    const ttl = ttlOf(q);
    if (ttl === null) return fail(400, 'illegal param, ttl must be numeric');
    try {
      const session = await sessionFor(deps, creds.user, creds.password, db);
      const points: SmlPoint[] = parsePoints(protocol, DECODER.decode(req.body), undefined);
      await schemalessWrite(deps.engine, session, points, {
        tableNameKey: q.get('table_name_key') ?? '',
        ...(ttl !== undefined && { ttl }),
      });
      return NO_CONTENT;
    } catch (e) {
      return fail(500, errorText(e));
    }
  };
}

export const SCHEMALESS_ROUTES: readonly RestRouteEntry[] = [
  { method: 'POST', pattern: ['influxdb', 'v1', 'write'], handle: influxWrite },
  { method: 'POST', pattern: ['opentsdb', 'v1', 'put', 'json', ':db'], handle: openTsdb(SmlProtocol.JSON) },
  {
    method: 'POST',
    pattern: ['opentsdb', 'v1', 'put', 'telnet', ':db'],
    handle: openTsdb(SmlProtocol.TELNET),
  },
];
