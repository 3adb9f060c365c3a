/**
 * Query parameters of `POST /rest/sql` with taosAdapter's validation and messages
 * (`controller/rest/restful.go` `prepareCtx`, `sql`; protocol.md §2.1). Bad values → 400, 0xffff.
 */
import { isValidTimeZone } from '@taosts/sql';

/** Options of one `/rest/sql` request besides `req_id` and `timing`. */
export interface SqlParams {
  /** Zone TIMESTAMP strings are rendered in (`conn_tz`, else `tz`, else UTC). */
  readonly renderZone: string;
  /** Connection time zone (`conn_tz`) when given. */
  readonly connZone?: string;
  readonly rowWithMeta: boolean;
  readonly app?: string;
  readonly ip?: string;
}

export class ParamError extends Error {}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's `strconv.Quote`, close enough for error messages. */
const quote = (s: string) => JSON.stringify(s);

/** Go `strconv.ParseInt(s, 10, 64)`. */
export function parseGoInt64(s: string): bigint {
  if (!/^[+-]?\d+$/.test(s)) throw new ParamError(`strconv.ParseInt: parsing ${quote(s)}: invalid syntax`);
  const v = BigInt(s);
  if (v < INT64_MIN || v > INT64_MAX)
    throw new ParamError(`strconv.ParseInt: parsing ${quote(s)}: value out of range`);
  return v;
}

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go `strconv.ParseBool`. */
export function parseGoBool(s: string): boolean {
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw new ParamError(`strconv.ParseBool: parsing ${quote(s)}: invalid syntax`);
}

/**
 * Go `time.LoadLocation`: "" and "UTC" are UTC, "Local" the host zone, otherwise an IANA name.
 * Fixed offsets such as `+08:00` are not zone names to Go, so they are refused here too.
 */
export function loadLocation(name: string): string {
  if (name === '' || name === 'UTC') return 'UTC';
  if (name === 'Local') return Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  if (/^(?:(?:UTC|GMT)?[+-]\d|[Zz]$)/.test(name) || !isValidTimeZone(name)) {
    throw new ParamError(`unknown time zone ${name}`);
  }
  return name;
}

/** `req_id` (checked before authentication, like taosAdapter's `prepareCtx`); 0 means none. */
export function parseReqId(query: URLSearchParams): bigint | undefined {
  const text = query.get('req_id');
  if (!text) return undefined;
  let reqId: bigint;
  try {
    reqId = parseGoInt64(text);
  } catch (e) {
    throw new ParamError(`illegal param, req_id must be numeric ${(e as Error).message}`);
  }
  return reqId === 0n ? undefined : reqId;
}

/** The remaining `/rest/sql` parameters (checked after authentication). */
export function parseSqlParams(query: URLSearchParams): SqlParams {
  let connZone: string | undefined;
  let renderZone = 'UTC';
  const connTz = query.get('conn_tz');
  const tz = query.get('tz');
  if (connTz !== null) {
    renderZone = loadLocation(connTz);
    // An empty conn_tz renders in UTC but sets no connection option (`if val != ""`).
    if (connTz !== '') connZone = renderZone;
  } else if (tz !== null) {
    renderZone = loadLocation(tz);
  }
  let rowWithMeta = false;
  const rowWithMetaText = query.get('row_with_meta');
  if (rowWithMetaText) {
    try {
      rowWithMeta = parseGoBool(rowWithMetaText);
    } catch (e) {
      throw new ParamError(`illegal param, row_with_meta must be boolean ${(e as Error).message}`);
    }
  }
  const app = query.get('app');
  const ip = query.get('ip');
  return {
    renderZone,
    ...(connZone !== undefined && { connZone }),
    rowWithMeta,
    ...(app && { app }),
    ...(ip && { ip }),
  };
}
