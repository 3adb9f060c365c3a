import { encodeUtf8, readUtf8 } from '../util/utf8.js';
import { BinaryAction } from './binary-actions.js';
import {
  BINARY_PROTOCOL_VERSION,
  binaryError,
  binaryRequest,
  decodeBinaryHeader,
  viewOf,
} from './binary-header.js';
import type { BinaryHeader } from './binary-header.js';
import type { Uint64 } from './ws-envelope.js';

export interface BinaryQuery extends BinaryHeader {
  readonly sql: string;
}

/**
 * `binary_query` (id 6) or `validate_sql` (id 10): header + `uint16 version=1` + `uint32 sqlLen`
 * + UTF-8 SQL (protocol.md §4.5).
 *
 * @example encodeBinaryQuery(1n, 'select 1') // 38 bytes
 */
export function encodeBinaryQuery(
  reqId: Uint64,
  sql: string,
  action: 6 | 10 = BinaryAction.BINARY_QUERY,
): Uint8Array {
  const text = encodeUtf8(sql);
  const { bytes, view } = binaryRequest(reqId, 0, action, 6 + text.length);
  view.setUint16(24, BINARY_PROTOCOL_VERSION, true);
  view.setUint32(26, text.length, true);
  bytes.set(text, 30);
  return bytes;
}

/**
 * Decode a `binary_query`/`validate_sql` message with taosAdapter's checks and messages:
 * shorter than 31 bytes, unknown version, SQL length beyond the message.
 *
 * @example const { reqId, sql } = decodeBinaryQuery(frame);
 */
export function decodeBinaryQuery(bytes: Uint8Array): BinaryQuery {
  const header = decodeBinaryHeader(bytes);
  if (bytes.length < 31) binaryError('message length is too short');
  const dv = viewOf(bytes);
  const version = dv.getUint16(24, true);
  if (version !== BINARY_PROTOCOL_VERSION) binaryError(`unknown binary query version:${version}`);
  const sqlLen = dv.getUint32(26, true);
  const remain = bytes.length - 30;
  if (remain < sqlLen)
    binaryError(`uncompleted message, sql length:${sqlLen}, remainMessageLength:${remain}`);
  return { ...header, sql: readUtf8(bytes, 30, 30 + sqlLen) };
}
