/**
 * `POST /rest/sql[/{db}]` in taosAdapter's order of checks (`controller/rest/restful.go`):
 * req_id → Authorization → conn_tz/tz → row_with_meta → body → credentials → `USE db`
 * (errors ignored) → the statement.
 */
import { Code, TaosError } from '@taosts/protocol';
import type { Batch, Engine, Session } from '../engine/types.js';
import { isAuthFailure, parseAuthorization, type Credentials } from './auth.js';
import { encodeAffected, encodeQuery } from './encode-result.js';
import { ParamError, parseReqId, parseSqlParams, type SqlParams } from './rest-params.js';
import { errorResponse, jsonResponse } from './responses.js';
import type { RestDeps, RestRequest, RestResponse } from './rest-types.js';

const DECODER = new TextDecoder('utf-8');
/** Go's `strings.TrimSpace` set (JS `trim` would also strip U+FEFF). */
const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+';
const TRIM = new RegExp(`^${GO_SPACE}|${GO_SPACE}$`, 'g');

type Who = { readonly user: string; readonly password?: string };

/** Who is asking: from the header, or from a cloud `?token=`; a response when neither works. */
function identify(
  request: RestRequest,
  deps: RestDeps,
  fail: (s: number, c: number, d: string) => RestResponse,
): Who | RestResponse {
  const header = request.headers['authorization'];
  const token = request.query.get('token');
  if (!header && token !== null && deps.token !== undefined) {
    if (token === deps.token) return { user: deps.tokenUser ?? 'root' };
    return fail(401, Code.AUTH_FAILURE, 'Authentication failure: invalid token');
  }
  const creds = parseAuthorization(header);
  if (isAuthFailure(creds)) return fail(401, creds.code, creds.desc);
  return creds satisfies Credentials;
}

function errorOf(e: unknown): { code: number; desc: string } {
  if (e instanceof TaosError) return { code: e.code, desc: e.message };
  return { code: Code.ADAPTER_GENERIC, desc: e instanceof Error ? e.message : String(e) };
}

async function useDb(engine: Engine, db: string, session: Session): Promise<void> {
  try {
    const r = await engine.execute('use `' + db + '`', session);
    if (r.kind === 'query') r.close();
  } catch {
    // taosAdapter ignores it so that `create database x` works on `/rest/sql/x`.
  }
}

export async function handleSql(
  request: RestRequest,
  db: string | undefined,
  deps: RestDeps,
): Promise<RestResponse> {
  const clock = deps.clock ?? process.hrtime.bigint;
  const started = clock();
  const elapsed = () => clock() - started;
  const fail = (status: number, code: number, desc: string) => errorResponse(status, code, desc, elapsed());
  const timing = request.query.get('timing') === 'true';

  let reqId: bigint | undefined;
  let params: SqlParams;
  try {
    reqId = parseReqId(request.query);
  } catch (e) {
    return fail(400, Code.ADAPTER_GENERIC, (e as ParamError).message);
  }
  const who = identify(request, deps, fail);
  if ('status' in who) return who;
  try {
    params = parseSqlParams(request.query);
  } catch (e) {
    if (!(e instanceof ParamError)) throw e;
    return fail(400, Code.ADAPTER_GENERIC, e.message);
  }
  if (request.body.length === 0) return fail(400, Code.HTTP_REQUEST_EMPTY, 'request is empty');
  const sql = DECODER.decode(request.body).replace(TRIM, '');
  if (sql.length === 0) return fail(400, Code.HTTP_NO_SQL_INPUT, 'no sql input');

  const { engine } = deps;
  // Wrong credentials are a TDengine error from the connection attempt: HTTP 200 (§2.2).
  if (who.password !== undefined && !engine.authenticate(who.user, who.password)) {
    return fail(200, Code.AUTH_FAILURE, 'Authentication failure');
  }
  const session: Session = {
    user: who.user,
    timezone: params.connZone ?? deps.timezone ?? 'UTC',
    ...(reqId !== undefined && { reqId }),
  };
  if (db) await useDb(engine, db, session);

  let result;
  let first: Batch | undefined;
  try {
    result = await engine.execute(sql, session);
    if (result.kind === 'affected') {
      return jsonResponse(
        200,
        encodeAffected(result.affectedRows, params.rowWithMeta, timing ? elapsed() : undefined),
      );
    }
    // Pull the first batch before committing to 200 so that errors DuckDB raises while
    // producing rows still become TDengine error bodies, as taos_query errors do.
    first = await result.next();
  } catch (e) {
    if (result?.kind === 'query') result.close();
    const { code, desc } = errorOf(e);
    return fail(200, code, desc);
  }
  const query = result;
  return {
    ...jsonResponse(
      200,
      encodeQuery(query, first, {
        rowWithMeta: params.rowWithMeta,
        timezone: params.renderZone,
        ...(timing && { timing: elapsed }),
      }),
    ),
    release: () => query.close(),
  };
}
