import { decodeRawBlock } from '../raw-block/decode-raw-block.js';
import { encodeRawBlock } from '../raw-block/encode-raw-block.js';
import type { BlockColumn, DecodedBlock } from '../raw-block/types.js';
import type { TypeCode } from '../types.js';
import { BinaryAction } from '../ws/binary-actions.js';
import { BINARY_HEADER_SIZE, binaryError, binaryRequest, decodeBinaryHeader } from '../ws/binary-header.js';
import type { Uint64 } from '../ws/ws-envelope.js';

/**
 * stmt1 binary `set_tags` (id 1, exactly one row) or `bind` (id 2): header + a raw block at
 * offset 24, written as NODE writes it (version 1, flagSegment 0, groupId 0 — protocol.md §5).
 * Encode every column in the statement's exact field type: taosAdapter reads INSERT binds with
 * the statement's types, not the block's.
 *
 * @example encodeStmt1Bind(1n, stmtId, BinaryAction.BIND, [{ type: TypeCode.TIMESTAMP, values: [1n] }], 1)
 */
export function encodeStmt1Bind(
  reqId: Uint64,
  stmtId: Uint64,
  action: 1 | 2,
  columns: readonly BlockColumn[],
  rows: number,
): Uint8Array {
  if (action === BinaryAction.SET_TAGS && rows !== 1) binaryError('set_tags binds exactly one row');
  const block = encodeRawBlock(columns, rows, { flagSegment: 0 });
  const { bytes } = binaryRequest(reqId, stmtId, action, block.length);
  bytes.set(block, BINARY_HEADER_SIZE);
  return bytes;
}

/**
 * Decode a stmt1 binary `set_tags`/`bind` message (server side). Pass the statement's field
 * types as `types` for INSERT statements.
 */
export function decodeStmt1Bind(
  msg: Uint8Array,
  types?: readonly TypeCode[],
): { reqId: bigint; stmtId: bigint; action: number; block: DecodedBlock } {
  const h = decodeBinaryHeader(msg);
  const block = decodeRawBlock(msg.subarray(BINARY_HEADER_SIZE), types === undefined ? {} : { types });
  if (h.action === BinaryAction.SET_TAGS && block.rows !== 1)
    binaryError(`set_tags block has ${block.rows} rows, expected 1`);
  return { reqId: h.reqId, stmtId: h.resourceId, action: h.action, block };
}
