import { Code, TaosError } from '../errors.js';
import { plainBytes } from '../util/plain-bytes.js';
import { BinaryAction } from '../ws/binary-actions.js';
import {
  BINARY_PROTOCOL_VERSION,
  binaryError,
  binaryRequest,
  decodeBinaryHeader,
  viewOf,
} from '../ws/binary-header.js';
import type { Uint64 } from '../ws/ws-envelope.js';
import { bindEntry, decodeBindEntry } from './bind-entry.js';
import type { BindValue, Stmt2Column } from './bind-entry.js';
import { BindType } from './stmt2-fields.js';
import type { Stmt2Field } from './stmt2-fields.js';

/** Decoded `stmt2_bind_exec` column-format data (protocol.md §6.2). */
export interface Stmt2ColumnBindData {
  readonly rowCount: number;
  /** Runs of identical consecutive tbname values (1 without a tbname field). */
  readonly tableCount: number;
  /** One entry per prepared field, in `fields` order, each `rowCount` long. */
  readonly fields: Stmt2Column[];
}

const HEADER = 20;
const MAX_FIELDS = 4096;

/**
 * Encode column-format bind data: one `rowCount`-long column per prepared field (tbname, tags and
 * columns alike). @example encodeStmt2ColumnBindData([['d1', 'd1'], [1n, 2n]], fields)
 */
export function encodeStmt2ColumnBindData(
  columns: readonly (readonly BindValue[])[],
  fields: readonly Stmt2Field[],
): Uint8Array {
  const bad = (m: string): never => {
    throw new TaosError(Code.INVALID_PARA, m);
  };
  if (columns.length === 0) bad('empty columns');
  if (columns.length !== fields.length)
    bad(`column count not match, data count:${columns.length}, field count:${fields.length}`);
  if (fields.length > MAX_FIELDS) bad(`field count exceeds maximum ${MAX_FIELDS}: ${fields.length}`);
  const rowCount = columns[0].length;
  if (rowCount === 0) bad('empty rows');
  columns.forEach(
    (c, i) =>
      c.length !== rowCount && bad(`row count not match, column:${i}, got:${c.length}, expect:${rowCount}`),
  );
  if (fields.some((f) => f.bind_type === BindType.QUERY) && rowCount !== 1)
    bad('query only supports one row');
  const tb = fields.findIndex((f) => f.bind_type === BindType.TBNAME);
  let tableCount = 1;
  if (tb >= 0) {
    tableCount = 0;
    let last: BindValue = undefined;
    columns[tb].forEach((v, r) => {
      if (typeof v !== 'string' || v === '') bad(`invalid tbname at row ${r}: expect a non-empty string`);
      if (r === 0 || v !== last) tableCount++;
      last = v;
    });
  }
  const entries = fields.map((f, i) => bindEntry(f.field_type, columns[i], f.precision, `field ${i}`));
  const total = entries.reduce((n, e) => n + e.size, HEADER);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, total, true);
  dv.setUint32(4, rowCount, true);
  dv.setUint32(8, tableCount, true);
  dv.setUint32(12, fields.length, true);
  dv.setUint32(16, HEADER, true);
  let p = HEADER;
  for (const e of entries) p = e.write(out, dv, p);
  return out;
}

/** Decode and check column-format bind data with taosAdapter's rules (row/field counts, no trailing bytes). */
export function decodeStmt2ColumnBindData(input: Uint8Array): Stmt2ColumnBindData {
  const bytes = plainBytes(input);
  if (bytes.length < HEADER) binaryError(`data length is less than ${HEADER}`);
  const dv = viewOf(bytes);
  const total = dv.getUint32(0, true);
  if (total !== bytes.length) binaryError(`total length not match, expect ${bytes.length}, but get ${total}`);
  const rowCount = dv.getUint32(4, true);
  const tableCount = dv.getUint32(8, true);
  const fieldCount = dv.getUint32(12, true);
  const offset = dv.getUint32(16, true);
  if (rowCount === 0) binaryError('row count is 0');
  if (fieldCount === 0) binaryError('field count is 0');
  if (offset < HEADER || offset > total)
    binaryError(`field offset out of range, total length: ${total}, field offset: ${offset}`);
  if (fieldCount > MAX_FIELDS) binaryError(`field count exceeds maximum ${MAX_FIELDS}: ${fieldCount}`);
  const fields: Stmt2Column[] = new Array(fieldCount);
  let p = offset;
  for (let i = 0; i < fieldCount; i++) {
    const r = decodeBindEntry(bytes, dv, p, total, `column ${i}`);
    const rows = (r.column.typed ?? r.column.values).length;
    if (rows !== rowCount) {
      binaryError(`column ${i} row count not match, got: ${rows}, expect: ${rowCount}`);
    }
    fields[i] = r.column;
    p = r.next;
  }
  if (p !== total) binaryError('payload has trailing bytes');
  return { rowCount, tableCount, fields };
}

/** A whole `stmt2_bind_exec` (id 11) message: header + `uint16 version=1` + column-format data. */
export function encodeStmt2BindExec(reqId: Uint64, stmtId: Uint64, data: Uint8Array): Uint8Array {
  const { bytes, view } = binaryRequest(reqId, stmtId, BinaryAction.STMT2_BIND_EXEC, 2 + data.length);
  view.setUint16(24, BINARY_PROTOCOL_VERSION, true);
  bytes.set(data, 26);
  return bytes;
}

/** Decode a `stmt2_bind_exec` message (server side). */
export function decodeStmt2BindExec(msg: Uint8Array): {
  reqId: bigint;
  stmtId: bigint;
  data: Stmt2ColumnBindData;
} {
  const h = decodeBinaryHeader(msg);
  if (msg.length < 26) binaryError('message length is too short');
  const version = viewOf(msg).getUint16(24, true);
  if (version !== BINARY_PROTOCOL_VERSION) binaryError(`unknown stmt2 bind exec version:${version}`);
  return { reqId: h.reqId, stmtId: h.resourceId, data: decodeStmt2ColumnBindData(msg.subarray(26)) };
}
