import { Code, TaosError } from '../errors.js';
import { parseWsJson, stringifyWsJson } from './ws-json.js';

/** A uint64 on the wire (`req_id`, `id`, `stmt_id`): a number when safe, else a bigint. */
export type Uint64 = number | bigint;

/** A JSON request on `/ws` (protocol.md §4.2). */
export interface WsRequest {
  readonly action: string;
  readonly args: Record<string, unknown>;
}

/** Fields every JSON response carries (protocol.md §4.2, TA `commonResp`). */
export interface WsResponseBase {
  readonly code: number;
  readonly message: string;
  readonly action: string;
  readonly req_id: Uint64;
  /** Server-side handling time in nanoseconds. */
  readonly timing: Uint64;
}

/** A JSON response: the common fields plus action-specific ones. */
export type WsResponse = WsResponseBase & Readonly<Record<string, unknown>>;

/** A decoded request with its `req_id` pulled out of `args` (0 when absent, as TA does). */
export interface DecodedWsRequest extends WsRequest {
  readonly reqId: Uint64;
}

/**
 * JSON text of a request. @example encodeWsRequest('query', { req_id: 2, sql: 'select 1' })
 */
export function encodeWsRequest(action: string, args: Record<string, unknown>): string {
  return stringifyWsJson({ action, args });
}

/**
 * Parse a request (server side). Errors carry code 0xffff and taosAdapter's messages
 * ("request no action", "unmarshal request error").
 *
 * @example const { action, reqId, args } = decodeWsRequest(text);
 */
export function decodeWsRequest(text: string): DecodedWsRequest {
  let v: unknown;
  try {
    v = parseWsJson(text);
  } catch {
    throw new TaosError(Code.ADAPTER_GENERIC, 'unmarshal request error');
  }
  if (!isObject(v)) throw new TaosError(Code.ADAPTER_GENERIC, 'unmarshal request error');
  const args = v.args ?? {};
  if (!isObject(args)) throw new TaosError(Code.ADAPTER_GENERIC, 'unmarshal request error');
  const action = v.action;
  if (typeof action !== 'string' || action === '')
    throw new TaosError(Code.ADAPTER_GENERIC, 'request no action');
  return { action, args, reqId: isUint64(args.req_id) ? args.req_id : 0 };
}

/**
 * JSON text of a response: common fields first (in taosAdapter's order), then `extra`.
 *
 * @example encodeWsResponse('query', 2, { id: 1, is_update: false }, { timing: 1200 })
 */
export function encodeWsResponse(
  action: string,
  reqId: Uint64,
  extra: Record<string, unknown> = {},
  status: { code?: number; message?: string; timing?: Uint64 } = {},
): string {
  return stringifyWsJson({
    code: (status.code ?? 0) & 0xffff,
    message: status.message ?? '',
    action,
    req_id: reqId,
    timing: status.timing ?? 0,
    ...extra,
  });
}

/** JSON error response for a failed request. @example encodeWsError('query', 2, new TaosError(0x2603)) */
export function encodeWsError(
  action: string,
  reqId: Uint64,
  err: { code: number; message: string },
  extra: Record<string, unknown> = {},
  timing: Uint64 = 0,
): string {
  return encodeWsResponse(action, reqId, extra, { code: err.code, message: err.message, timing });
}

/**
 * Parse a JSON response (client side), checking the common fields are present and typed.
 *
 * @example const r = decodeWsResponse(text); if (r.code !== 0) throw new TaosError(r.code, r.message);
 */
export function decodeWsResponse(text: string): WsResponse {
  const v = parseWsJson(text);
  if (!isObject(v)) throw new TaosError(Code.ADAPTER_GENERIC, 'invalid WS response: not a JSON object');
  const { code, action } = v;
  if (typeof code !== 'number' || !Number.isInteger(code)) {
    throw new TaosError(Code.ADAPTER_GENERIC, 'invalid WS response: missing numeric code');
  }
  if (typeof action !== 'string')
    throw new TaosError(Code.ADAPTER_GENERIC, 'invalid WS response: missing action');
  if (v.message !== undefined && typeof v.message !== 'string') {
    throw new TaosError(Code.ADAPTER_GENERIC, 'invalid WS response: message is not a string');
  }
  return {
    ...v,
    code,
    action,
    message: (v.message as string | undefined) ?? '',
    req_id: isUint64(v.req_id) ? v.req_id : 0,
    timing: isUint64(v.timing) ? v.timing : 0,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isUint64(v: unknown): v is Uint64 {
  return (
    (typeof v === 'number' && Number.isInteger(v) && v >= 0) ||
    (typeof v === 'bigint' && v >= 0n && v <= 0xffffffffffffffffn)
  );
}

/**
 * Reply to `query` / `binary_query` (protocol.md §4.5). For non-query SQL `id` is 0,
 * `is_update` true and every `fields_*` array is `null`.
 */
export interface WsQueryResponse extends WsResponseBase {
  readonly id: Uint64;
  readonly is_update: boolean;
  readonly affected_rows: number;
  readonly fields_count: number;
  readonly fields_names: string[] | null;
  readonly fields_types: number[] | null;
  /** User-facing lengths, as REST `column_meta` reports them. */
  readonly fields_lengths: number[] | null;
  /** 0 ms, 1 µs, 2 ns — for every TIMESTAMP column of the result. */
  readonly precision: number;
  readonly fields_precisions?: number[] | null;
  readonly fields_scales?: number[] | null;
}
