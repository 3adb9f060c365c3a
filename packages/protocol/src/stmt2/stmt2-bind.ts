import { Code, TaosError } from '../errors.js';
import { TypeCode } from '../types.js';
import { plainBytes } from '../util/plain-bytes.js';
import { readUtf8, utf8Length, writeUtf8 } from '../util/utf8.js';
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
import type { BindValue, SizedBindEntry, Stmt2Column } from './bind-entry.js';
import { BindType, fieldRoles } from './stmt2-fields.js';
import type { Stmt2Field } from './stmt2-fields.js';

/** One table's worth of a `stmt2_bind` batch (client side). */
export interface Stmt2TableBind {
  readonly tableName?: string;
  /** One value per tag field. */
  readonly tags?: readonly BindValue[];
  /**
   * One array of row values per column field (or per `?` of a query, each of length 1). A typed
   * array of the field's own element type (`BigInt64Array` ticks for TIMESTAMP) is copied as bytes.
   */
  readonly columns?: readonly ArrayLike<BindValue>[];
}

/** A decoded `stmt2_bind` payload (server side); sections absent on the wire are `null`. */
export interface Stmt2BindData {
  readonly count: number;
  readonly tagCount: number;
  readonly colCount: number;
  readonly tableNames: string[] | null;
  /** Per table, one single-row entry per tag. */
  readonly tags: Stmt2Column[][] | null;
  /** Per table, one entry per column, all of the table's row count. */
  readonly columns: Stmt2Column[][] | null;
}

const HEADER = 28;

function invalid(msg: string): never {
  throw new TaosError(Code.INVALID_PARA, msg);
}

/**
 * Encode stmt2 bind data (protocol.md §6.1). `fields` are the prepared statement's fields; pass
 * `null` for a query statement, whose `?` values are typed from the values themselves.
 *
 * @example encodeStmt2BindData([{ tableName: 'd1', tags: ['SF'], columns: [[1700000000000n], [10.5]] }], fields)
 */
export function encodeStmt2BindData(
  tables: readonly Stmt2TableBind[],
  fields: readonly Stmt2Field[] | null,
): Uint8Array {
  const count = tables.length;
  if (count === 0) invalid('empty data');
  // Query statements: no fields, or only `?` params (bind_type 3), which then give the types.
  const query = fields === null || fields.every((f) => f.bind_type === BindType.QUERY);
  const params = query ? (fields ?? []) : [];
  const roles = fieldRoles(fields ?? []);
  let colCount = roles.columns.length;
  const tagCount = roles.tags.length;
  if (query) {
    const t = tables[0];
    if (count !== 1) invalid('query only need one data');
    if (t.tableName || (t.tags?.length ?? 0) > 0) invalid('query not need table name or tags');
    colCount = t.columns?.length ?? 0;
    if (colCount === 0) invalid('query need col');
    t.columns!.forEach(
      (c, j) => c.length !== 1 && invalid(`query col data must be one row, col:${j}, count:${c.length}`),
    );
  }
  tables.forEach((t, i) => {
    if (query) return;
    if ((t.tags?.length ?? 0) !== tagCount)
      invalid(`table ${i}: tag count not match, data count:${t.tags?.length ?? 0}, type count:${tagCount}`);
    if ((t.columns?.length ?? 0) !== colCount)
      invalid(
        `table ${i}: col count not match, data count:${t.columns?.length ?? 0}, type count:${colCount}`,
      );
    const rows = t.columns?.[0]?.length ?? 0;
    t.columns?.forEach(
      (c, j) =>
        c.length !== rows && invalid(`table ${i}: column ${j} has ${c.length} rows, column 0 has ${rows}`),
    );
  });
  const needNames = tables.some((t) => t.tableName !== undefined && t.tableName !== '');
  if (!needNames && tagCount === 0 && colCount === 0) invalid('no data');

  // Measure every entry first, then write the message into one exact allocation.
  const names = needNames ? tables.map((t) => t.tableName ?? '') : null;
  const nameLengths = names?.map((n, i) => {
    if (n.includes('\0')) invalid(`table ${i}: table name contains NUL`);
    const len = utf8Length(n) + 1;
    if (len > 0xffff) invalid(`table name too long, index:${i}, length:${len - 1}`);
    return len;
  });
  const tags =
    tagCount > 0
      ? tables.map((t, i) =>
          roles.tags.map((f, j) =>
            bindEntry(f.field_type, [t.tags![j]], f.precision, `table ${i} tag ${f.name || j}`),
          ),
        )
      : null;
  const cols =
    colCount > 0
      ? tables.map((t, i) =>
          t.columns!.map((c, j) => {
            const f = query ? params[j] : roles.columns[j];
            const type = f?.field_type ?? queryType(c[0], j);
            const where = query ? `parameter ${j}` : `table ${i} column ${f?.name || j}`;
            return bindEntry(type, c, f?.precision ?? 0, where);
          }),
        )
      : null;
  const sizes = (per: SizedBindEntry[][] | null): number[] =>
    per?.map((es) => es.reduce((n, e) => n + e.size, 0)) ?? [];
  const tagSizes = sizes(tags);
  const colSizes = sizes(cols);
  const sum = (ns: readonly number[]): number => ns.reduce((a, n) => a + n, 0);
  let total = HEADER;
  if (nameLengths) total += 2 * count + sum(nameLengths);
  if (tags) total += 4 * count + sum(tagSizes);
  if (cols) total += 4 * count + sum(colSizes);

  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, total, true);
  dv.setUint32(4, count, true);
  dv.setUint32(8, tagCount, true);
  dv.setUint32(12, colCount, true);
  let p = HEADER;
  if (names && nameLengths) {
    dv.setUint32(16, p, true);
    for (const len of nameLengths) {
      dv.setUint16(p, len, true);
      p += 2;
    }
    names.forEach((n, i) => {
      writeUtf8(n, out, p);
      p += nameLengths[i]!; // the NUL terminator is the allocation's zero
    });
  }
  const section = (offsetField: number, per: SizedBindEntry[][], perSizes: number[]): void => {
    dv.setUint32(offsetField, p, true);
    perSizes.forEach((n, i) => dv.setUint32(p + 4 * i, n, true));
    p += 4 * count;
    for (const es of per) for (const e of es) p = e.write(out, dv, p);
  };
  if (tags) section(20, tags, tagSizes);
  if (cols) section(24, cols, colSizes);
  return out;
}

/** Type of a query `?` value, as taosAdapter's `generateBindQueryData` picks it. */
function queryType(v: BindValue, j: number): TypeCode {
  switch (typeof v) {
    case 'string':
      return TypeCode.VARCHAR;
    case 'boolean':
      return TypeCode.BOOL;
    case 'bigint':
      return v > 0x7fffffffffffffffn ? TypeCode.UBIGINT : TypeCode.BIGINT;
    case 'number':
      return Number.isSafeInteger(v) ? TypeCode.BIGINT : TypeCode.DOUBLE;
  }
  if (v instanceof Uint8Array) return TypeCode.VARCHAR;
  if (v instanceof Date) return TypeCode.TIMESTAMP;
  return invalid(`query param ${j}: unsupported value ${String(v)}`);
}

/**
 * A whole `stmt2_bind` (id 9) message: header + `uint16 version=1` + `int32 col_idx` + bind data.
 *
 * @example ws.send(encodeStmt2Bind(reqId, stmtId, encodeStmt2BindData(tables, fields)))
 */
export function encodeStmt2Bind(reqId: Uint64, stmtId: Uint64, data: Uint8Array, colIdx = -1): Uint8Array {
  const { bytes, view } = binaryRequest(reqId, stmtId, BinaryAction.STMT2_BIND, 6 + data.length);
  view.setUint16(24, BINARY_PROTOCOL_VERSION, true);
  view.setInt32(26, colIdx, true);
  bytes.set(data, 30);
  return bytes;
}

/** Decode a `stmt2_bind` message (server side): header fields, `col_idx`, and the bind data. */
export function decodeStmt2Bind(msg: Uint8Array): {
  reqId: bigint;
  stmtId: bigint;
  colIdx: number;
  data: Stmt2BindData;
} {
  const h = decodeBinaryHeader(msg);
  if (msg.length < 30) binaryError('message length is too short');
  const dv = viewOf(msg);
  const version = dv.getUint16(24, true);
  if (version !== BINARY_PROTOCOL_VERSION) binaryError(`unknown stmt2 bind version:${version}`);
  return {
    reqId: h.reqId,
    stmtId: h.resourceId,
    colIdx: dv.getInt32(26, true),
    data: decodeStmt2BindData(msg.subarray(30)),
  };
}

/**
 * Decode and strictly check stmt2 bind data (server side): total length, section bounds,
 * per-table sizes (> 0 and equal to their entries), NUL-terminated names without inner NULs,
 * entry lengths, one row per tag, equal row counts per table. Errors are `TaosError(0xffff)`.
 */
export function decodeStmt2BindData(input: Uint8Array): Stmt2BindData {
  const bytes = plainBytes(input);
  if (bytes.length < HEADER) binaryError(`bind data length ${bytes.length} is less than ${HEADER}`);
  const dv = viewOf(bytes);
  const total = dv.getUint32(0, true);
  if (total !== bytes.length) binaryError(`total length not match, expect ${bytes.length}, but get ${total}`);
  const count = dv.getUint32(4, true);
  const tagCount = dv.getUint32(8, true);
  const colCount = dv.getUint32(12, true);
  const namesOff = dv.getUint32(16, true);
  const tagsOff = dv.getUint32(20, true);
  const colsOff = dv.getUint32(24, true);
  if (count === 0) binaryError('table count is 0');
  if (namesOff === 0 && tagsOff === 0 && colsOff === 0) binaryError('no data');
  for (const off of [namesOff, tagsOff, colsOff]) {
    if (off !== 0 && off < HEADER) binaryError(`section offset ${off} overlaps the header`);
  }

  let tableNames: string[] | null = null;
  if (namesOff > 0) {
    let end = namesOff + 2 * count;
    if (end > total)
      binaryError(`table name lengths out of range, total length: ${total}, tableNamesLengthEnd: ${end}`);
    tableNames = new Array(count);
    for (let i = 0; i < count; i++) {
      const len = dv.getUint16(namesOff + 2 * i, true);
      if (len === 0) binaryError(`table name length is 0, tableIndex: ${i}`);
      if (end + len > total)
        binaryError(`table names out of range, total length: ${total}, tableNameTotalLength: ${end + len}`);
      if (bytes[end + len - 1] !== 0) binaryError(`table name ${i} is not NUL-terminated`);
      const nul = bytes.indexOf(0, end);
      if (nul !== end + len - 1) binaryError(`table name ${i} contains NUL`);
      tableNames[i] = readUtf8(bytes, end, end + len - 1);
      end += len;
    }
  }
  const section = (off: number, per: number, what: 'tag' | 'col'): Stmt2Column[][] | null => {
    if (off === 0) return null;
    if (per === 0) binaryError(`${what} count is 0, but ${what}s offset is not 0`);
    let p = off + 4 * count;
    if (p > total) binaryError(`${what}s out of range, total length: ${total}, ${what}End: ${p}`);
    const out: Stmt2Column[][] = new Array(count);
    for (let i = 0; i < count; i++) {
      const size = dv.getUint32(off + 4 * i, true);
      if (size === 0) binaryError(`${what} length is 0, tableIndex: ${i}`);
      const end = p + size;
      if (end > total)
        binaryError(`${what}s out of range, total length: ${total}, ${what}sTotalLength: ${end}`);
      const entries: Stmt2Column[] = new Array(per);
      for (let j = 0; j < per; j++) {
        const r = decodeBindEntry(bytes, dv, p, end, `table ${i} ${what} ${j}`);
        const rows = (r.column.typed ?? r.column.values).length;
        if (what === 'tag' && rows !== 1)
          binaryError(`table ${i} tag ${j}: ${rows} rows, tags bind exactly 1`);
        const rows0 = j > 0 ? (entries[0].typed ?? entries[0].values).length : rows;
        if (rows !== rows0) {
          binaryError(`table ${i} col ${j}: ${rows} rows, col 0 has ${rows0}`);
        }
        entries[j] = r.column;
        p = r.next;
      }
      if (p !== end)
        binaryError(`table ${i} ${what}s: size ${size} does not match its entries (${size - (end - p)})`);
      out[i] = entries;
    }
    return out;
  };
  const tags = section(tagsOff, tagCount, 'tag');
  const columns = section(colsOff, colCount, 'col');
  return { count, tagCount, colCount, tableNames, tags, columns };
}
