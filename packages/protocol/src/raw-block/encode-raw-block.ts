import { Code, TaosError } from '../errors.js';
import { TypeCode, blockWidth, isVarType } from '../types.js';
import {
  BLOCK_HEADER_SIZE,
  COLUMN_INFO_SIZE,
  bitmapLength,
  isDecimalType,
  isKnownType,
  packDecimalBytes,
  valueWidth,
} from './block-header.js';
import { writeFixedColumn } from './write-fixed.js';
import { writeVarColumn } from './write-var.js';
import { isVarEntries } from './types.js';
import type { BlockColumn, EncodeRawBlockOptions, VarEntries } from './types.js';

interface Part {
  readonly type: TypeCode;
  readonly infoBytes: number;
  /** Column-length entry: values or var data area, without bitmap/offsets. */
  readonly dataLength: number;
  /** Bitmap + values, or offsets + data area. */
  readonly bytes: Uint8Array;
}

/**
 * Encode columns as a TDengine raw block (protocol.md §3): 28-byte header, column info,
 * little-endian column lengths, then per column a NULL bitmap + values or offsets + entries.
 * Throws `TaosError(INVALID_PARA)` naming the column and row of a value that does not fit.
 *
 * @example
 * encodeRawBlock([{ type: TypeCode.TIMESTAMP, values: [1700000000000n] },
 *                 { type: TypeCode.VARCHAR, length: 20, values: ['ab'] }], 1);
 */
export function encodeRawBlock(
  columns: readonly BlockColumn[],
  rowCount: number,
  opts: EncodeRawBlockOptions = {},
): Uint8Array {
  if (!Number.isInteger(rowCount) || rowCount < 0 || rowCount > 0x7fffffff) {
    throw new TaosError(Code.INVALID_PARA, `invalid row count ${rowCount}`);
  }
  const n = columns.length;
  const parts: Part[] = new Array(n);
  let total = BLOCK_HEADER_SIZE + (COLUMN_INFO_SIZE + 4) * n + (opts.blankFill ? 1 : 0);
  for (let c = 0; c < n; c++) {
    const part = encodeColumn(columns[c], c, rowCount, opts.shareRepeats === true);
    parts[c] = part;
    total += part.bytes.length;
  }
  if (total > 0x7fffffff) throw new TaosError(Code.INVALID_PARA, `raw block of ${total} bytes is too large`);

  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setInt32(0, opts.version ?? 1, true);
  dv.setInt32(4, total, true);
  dv.setInt32(8, rowCount, true);
  dv.setInt32(12, n, true);
  dv.setUint32(16, opts.flagSegment ?? 0x80000000, true);
  dv.setBigUint64(20, opts.groupId ?? 0n, true);
  const lenBase = BLOCK_HEADER_SIZE + COLUMN_INFO_SIZE * n;
  let pos = lenBase + 4 * n;
  for (let c = 0; c < n; c++) {
    const p = parts[c];
    const at = BLOCK_HEADER_SIZE + COLUMN_INFO_SIZE * c;
    out[at] = p.type;
    dv.setInt32(at + 1, p.infoBytes | 0, true);
    dv.setInt32(lenBase + 4 * c, p.dataLength, true);
    out.set(p.bytes, pos);
    pos += p.bytes.length;
  }
  // A trailing blankFill byte (0) stays as allocated.
  return out;
}

function encodeColumn(col: BlockColumn, c: number, rows: number, shareRepeats: boolean): Part {
  const type = col.type;
  if (!isKnownType(type) || type === TypeCode.MEDIUMBLOB) {
    throw new TaosError(Code.INVALID_PARA, `column ${c}: unsupported type ${String(type)}`);
  }
  if (isVarEntries(col.values)) return entriesPart(col, col.values, c, rows);
  if (col.values.length !== rows) {
    throw new TaosError(Code.INVALID_PARA, `column ${c}: ${col.values.length} values for ${rows} rows`);
  }
  if (isVarType(type)) {
    const { bytes, dataLength, maxLength } = writeVarColumn(type, col.values, rows, c, shareRepeats);
    const declared = col.length ?? maxLength;
    return { type, infoBytes: blockWidth(type, declared), dataLength, bytes };
  }
  const width = valueWidth(type);
  const bm = bitmapLength(rows);
  const bytes = new Uint8Array(bm + rows * width);
  let infoBytes = width;
  let scale = 0;
  let precision = 0;
  if (isDecimalType(type)) {
    precision = col.precision ?? (type === TypeCode.DECIMAL64 ? 18 : 38);
    scale = col.scale ?? 0;
    if (!(precision >= 1 && precision <= 38 && scale >= 0 && scale <= precision)) {
      throw new TaosError(Code.INVALID_PARA, `column ${c}: invalid DECIMAL(${precision},${scale})`);
    }
    infoBytes = packDecimalBytes(type, precision, scale);
  }
  if (copyTyped(type, col.values, bytes, bm)) return { type, infoBytes, dataLength: rows * width, bytes };
  const target = {
    out: bytes,
    dv: new DataView(bytes.buffer),
    at: bm,
    nullAt: (r: number): void => {
      bytes[r >>> 3] |= 0x80 >>> (r & 7);
    },
    where: `column ${c}`,
    code: Code.INVALID_PARA,
  };
  writeFixedColumn(type, col.values, rows, target, precision, scale);
  return { type, infoBytes, dataLength: rows * width, bytes };
}

/** A column of ready entries: its offsets (as wire bytes) followed by its data area. */
function entriesPart(col: BlockColumn, e: VarEntries, c: number, rows: number): Part {
  const type = col.type;
  if (!isVarType(type) || type === TypeCode.NCHAR || type === TypeCode.BLOB) {
    throw new TaosError(Code.INVALID_PARA, `column ${c}: type ${type} cannot take ready var entries`);
  }
  if (e.offsets.length !== rows) {
    throw new TaosError(Code.INVALID_PARA, `column ${c}: ${e.offsets.length} offsets for ${rows} rows`);
  }
  const off = 4 * rows;
  const bytes = new Uint8Array(off + e.data.length);
  if (LITTLE_ENDIAN) bytes.set(new Uint8Array(e.offsets.buffer, e.offsets.byteOffset, off));
  else {
    const dv = new DataView(bytes.buffer);
    for (let r = 0; r < rows; r++) dv.setInt32(4 * r, e.offsets[r]!, true);
  }
  bytes.set(e.data, off);
  return { type, infoBytes: blockWidth(type, col.length ?? e.maxLength), dataLength: e.data.length, bytes };
}

/** Host byte order is the wire's (little-endian), so typed arrays can be copied as bytes. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The typed array whose elements are exactly a type's wire values (every value in range). */
const TYPED: Partial<Record<TypeCode, abstract new (...a: never[]) => ArrayBufferView>> = {
  [TypeCode.TINYINT]: Int8Array,
  [TypeCode.UTINYINT]: Uint8Array,
  [TypeCode.SMALLINT]: Int16Array,
  [TypeCode.USMALLINT]: Uint16Array,
  [TypeCode.INT]: Int32Array,
  [TypeCode.UINT]: Uint32Array,
  [TypeCode.BIGINT]: BigInt64Array,
  [TypeCode.TIMESTAMP]: BigInt64Array,
  [TypeCode.UBIGINT]: BigUint64Array,
  [TypeCode.FLOAT]: Float32Array,
  [TypeCode.DOUBLE]: Float64Array,
};

/**
 * A typed array of the type's own element type has no NULLs and no out-of-range values: its
 * bytes are the column's values, copied in one call. False for anything else.
 */
function copyTyped(type: TypeCode, values: unknown, out: Uint8Array, at: number): boolean {
  const Ctor = TYPED[type];
  if (Ctor === undefined || !LITTLE_ENDIAN || !(values instanceof Ctor)) return false;
  const v = values as ArrayBufferView;
  // `encodeColumn` has checked that there are exactly `rows` values.
  out.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), at);
  return true;
}
