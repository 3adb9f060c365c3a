import { Code, TaosError } from '../errors.js';
import { TypeCode, fixedWidth, isVarType } from '../types.js';
import type { BlockColumnInfo } from './types.js';

/** Raw-block header size (protocol.md §3.1). */
export const BLOCK_HEADER_SIZE = 28;
/** Per-column info: int8 type + int32 bytes, packed. */
export const COLUMN_INFO_SIZE = 5;

/** Bytes of the NULL bitmap for `rows` rows. */
export function bitmapLength(rows: number): number {
  return (rows + 7) >>> 3;
}

/** Is row `r` NULL in an MSB-first bitmap (`null` bitmap = no NULLs)? */
export function isNullAt(nulls: Uint8Array | null, r: number): boolean {
  return nulls !== null && (nulls[r >>> 3] & (0x80 >>> (r & 7))) !== 0;
}

/** Width of a var entry's length prefix: BLOB/MEDIUMBLOB use uint32, the rest uint16 (§3.2). */
export function varPrefixWidth(type: TypeCode): 2 | 4 {
  return type === TypeCode.BLOB || type === TypeCode.MEDIUMBLOB ? 4 : 2;
}

/** Byte width of one value of a fixed-width type in a block (DECIMAL 16, DECIMAL64 8). */
export function valueWidth(type: TypeCode): number {
  return fixedWidth(type);
}

/** Column-info `bytes` of a DECIMAL column: scale in byte 0, precision byte 1, width byte 3 (§3.1). */
export function packDecimalBytes(type: TypeCode, precision: number, scale: number): number {
  const width = type === TypeCode.DECIMAL64 ? 8 : 16;
  return ((width << 24) | ((precision & 0xff) << 8) | (scale & 0xff)) >>> 0;
}

export function isDecimalType(type: TypeCode): boolean {
  return type === TypeCode.DECIMAL || type === TypeCode.DECIMAL64;
}

export function isKnownType(code: number): code is TypeCode {
  return Number.isInteger(code) && code >= 0 && code <= 21;
}

/** Everything before the column data, validated. */
export interface BlockHeader {
  readonly version: number;
  /** Total block length from the header (includes the header and any trailing blankFill byte). */
  readonly length: number;
  readonly rows: number;
  readonly flagSegment: number;
  readonly groupId: bigint;
  readonly columns: BlockColumnInfo[];
  /** Per-column data lengths (values or var data area; excludes bitmap/offsets). */
  readonly columnLengths: Int32Array;
  /** Offset of the first column's data from the block start. */
  readonly dataOffset: number;
}

function fail(msg: string): never {
  throw new TaosError(Code.INVALID_DATA_FMT, `invalid raw block: ${msg}`);
}

/**
 * Read and check a raw block's header, column info and column lengths.
 *
 * @example const h = readBlockHeader(block); h.rows; h.columns[0].type
 */
export function readBlockHeader(bytes: Uint8Array): BlockHeader {
  if (bytes.length < BLOCK_HEADER_SIZE) fail(`${bytes.length} bytes, header needs ${BLOCK_HEADER_SIZE}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getInt32(0, true);
  const length = dv.getInt32(4, true);
  const rows = dv.getInt32(8, true);
  const cols = dv.getInt32(12, true);
  const flagSegment = dv.getUint32(16, true);
  const groupId = dv.getBigUint64(20, true);
  if (length < BLOCK_HEADER_SIZE || length > bytes.length) {
    fail(`length field ${length} outside 28..${bytes.length} (buffer size)`);
  }
  if (rows < 0) fail(`negative row count ${rows}`);
  if (cols < 0) fail(`negative column count ${cols}`);
  // Row counts are bounded by the column data that must back them; without columns nothing is.
  if (cols === 0 && rows > 0) fail(`${rows} rows without columns`);
  const dataOffset = BLOCK_HEADER_SIZE + (COLUMN_INFO_SIZE + 4) * cols;
  if (dataOffset > length) fail(`${cols} columns do not fit in ${length} bytes`);
  const columns: BlockColumnInfo[] = new Array(cols);
  const columnLengths = new Int32Array(cols);
  const lenBase = BLOCK_HEADER_SIZE + COLUMN_INFO_SIZE * cols;
  for (let c = 0; c < cols; c++) {
    const at = BLOCK_HEADER_SIZE + COLUMN_INFO_SIZE * c;
    const type = bytes[at];
    if (!isKnownType(type)) fail(`column ${c} has unknown type ${type}`);
    const b = dv.getInt32(at + 1, true);
    const dec = isDecimalType(type);
    columns[c] = { type, bytes: b, precision: dec ? (b >>> 8) & 0xff : 0, scale: dec ? b & 0xff : 0 };
    const len = dv.getInt32(lenBase + 4 * c, true);
    if (len < 0) fail(`column ${c} has negative length ${len}`);
    columnLengths[c] = len;
  }
  return { version, length, rows, flagSegment, groupId, columns, columnLengths, dataOffset };
}

/** Offsets of each column's start (bitmap or offsets array) and data, checked against `length`. */
export function columnOffsets(h: BlockHeader, types: readonly TypeCode[]): Int32Array {
  const n = h.columns.length;
  const out = new Int32Array(n * 2);
  let pos = h.dataOffset;
  const bm = bitmapLength(h.rows);
  for (let c = 0; c < n; c++) {
    const type = types[c];
    const len = h.columnLengths[c];
    let data: number;
    if (isVarType(type)) {
      data = pos + 4 * h.rows;
    } else {
      const expected = h.rows * valueWidth(type);
      if (len !== expected) {
        fail(`column ${c} (type ${type}) length ${len}, expected ${h.rows} rows × ${valueWidth(type)}`);
      }
      data = pos + bm;
    }
    out[2 * c] = pos;
    out[2 * c + 1] = data;
    pos = data + len;
    if (pos > h.length) fail(`column ${c} ends at ${pos}, past block length ${h.length}`);
  }
  return out;
}
