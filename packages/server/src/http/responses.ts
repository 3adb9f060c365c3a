/** Small constructors for the response shapes the REST endpoint sends. */
import type { RestResponse } from './rest-types.js';
import { encodeError } from './encode-result.js';

export const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';

export function jsonResponse(status: number, body: string | AsyncIterable<string>): RestResponse {
  return { status, headers: { 'content-type': JSON_TYPE }, body };
}

/** taosAdapter's error body; every `/rest/*` error carries `timing` (ns since the request began). */
export function errorResponse(status: number, code: number, desc: string, timingNs?: bigint): RestResponse {
  return jsonResponse(status, encodeError(code, desc, timingNs));
}

/** gin's plain-text 404 / 405. */
export function textResponse(
  status: number,
  text: string,
  headers: Record<string, string> = {},
): RestResponse {
  return { status, headers: { 'content-type': TEXT_TYPE, ...headers }, body: text };
}
