import { InterfaceError, OperationalError, ProgrammingError, errorFromCode } from './errors.js';
import type { RestClient } from './rest-client.js';
import type { SchemalessOptions } from './transport.js';

/** taosAdapter's precision names; `us` is spelled `u` (protocol.md §7.1). */
const PRECISION = { h: 'h', m: 'm', s: 's', ms: 'ms', us: 'u', ns: 'ns' } as const;

/**
 * Schemaless over REST: `POST /influxdb/v1/write?db=…` for line protocol and
 * `/opentsdb/v1/put/{telnet|json}/{db}` (protocol.md §7.3–7.4). Success is `204 No Content`.
 */
export async function restSchemaless(
  client: RestClient,
  data: string,
  opts: SchemalessOptions,
  reqId: bigint,
): Promise<undefined> {
  const db = opts.database ?? client.options.database;
  if (db === undefined || db === '')
    throw new InterfaceError(
      'a schemaless write over REST needs a database (option "database" or the url path)',
    );
  const q = new URLSearchParams();
  if (client.options.token !== undefined) q.set('token', client.options.token);
  if (opts.protocol === 'influxdb') {
    q.set('db', db);
    if (opts.precision !== undefined) q.set('precision', PRECISION[opts.precision]);
  }
  if (opts.ttl !== undefined) q.set('ttl', String(opts.ttl));
  if (opts.tableNameKey !== undefined) q.set('table_name_key', opts.tableNameKey);
  q.set('req_id', reqId.toString());
  const path =
    opts.protocol === 'influxdb'
      ? `/influxdb/v1/write?${q}`
      : `/opentsdb/v1/put/${opts.protocol}/${encodeURIComponent(db)}?${q}`;
  const { status, text } = await client.post(
    path,
    data,
    opts.timeout === undefined
      ? { reqId, signal: opts.signal }
      : { reqId, signal: opts.signal, timeout: opts.timeout },
  );
  if (status === 204 || status === 200) return undefined;
  let message = text.trim().slice(0, 500) || 'no body';
  let code: number | undefined;
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown; desc?: unknown };
    if (typeof body.message === 'string') message = body.message;
    else if (typeof body.desc === 'string') message = body.desc;
    // taosAdapter's influx errors carry a word (`"illegal param"`), opentsdb's the HTTP status;
    // a TDengine code only comes from `/rest`-style bodies.
    if (typeof body.code === 'number' && body.code !== status) code = body.code;
  } catch {
    // not JSON: keep the text
  }
  const full = `HTTP ${status}: ${message}`;
  if (code !== undefined && code !== 0) throw errorFromCode(code, full, { reqId, status });
  const Cls = status === 400 || status === 404 ? ProgrammingError : OperationalError;
  throw new Cls(full, { reqId, status });
}
