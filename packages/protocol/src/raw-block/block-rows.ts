import { TypeCode } from '../types.js';
import { decodeRawBlock } from './decode-raw-block.js';
import type { DecodeRawBlockOptions, DecodedBlock, DecodedColumn, Value } from './types.js';

type Rows = Value[][];
type Nulls = Uint8Array | null;

/**
 * Decode a raw block into row arrays of {@link Value}s: `bigint` for 64-bit integers and
 * timestamps (ticks), exact float32 values for FLOAT, `boolean` for BOOL, `null` for NULL.
 *
 * @example for (const [ts, current] of decodeRawBlockRows(block)) { … }
 */
export function decodeRawBlockRows(bytes: Uint8Array, opts?: DecodeRawBlockOptions): Value[][] {
  return blockToRows(decodeRawBlock(bytes, opts));
}

/**
 * Transpose decoded columns into row arrays. Each column is copied by a loop specialised for its
 * data kind (chosen once per column), so the per-cell work stays monomorphic.
 */
export function blockToRows(block: DecodedBlock): Value[][] {
  const n = block.rows;
  const cols = block.columns.length;
  const rows: Rows = new Array(n);
  for (let r = 0; r < n; r++) rows[r] = new Array(cols);
  for (let c = 0; c < cols; c++) fillColumn(rows, c, block.columns[c], n);
  return rows;
}

function fillColumn(rows: Rows, c: number, col: DecodedColumn, n: number): void {
  const d = col.data;
  const nulls = col.nulls;
  if (col.type === TypeCode.BOOL) return fillBool(rows, c, d as Uint8Array, nulls, n);
  if (col.type === TypeCode.NULL) return fillNull(rows, c, n);
  if (Array.isArray(d)) return fillArray(rows, c, d, n);
  if (d instanceof BigInt64Array) return fillBigInt64(rows, c, d, nulls, n);
  if (d instanceof Float32Array) return fillFloat32(rows, c, d, nulls, n);
  if (d instanceof Float64Array) return fillFloat64(rows, c, d, nulls, n);
  if (d instanceof Int32Array) return fillInt32(rows, c, d, nulls, n);
  return fillOther(rows, c, d as ArrayLike<number | bigint>, nulls, n);
}

// One function per data kind keeps each loop's element loads monomorphic.

function fillBigInt64(rows: Rows, c: number, d: BigInt64Array, nulls: Nulls, n: number): void {
  if (nulls === null) for (let r = 0; r < n; r++) rows[r][c] = d[r];
  else for (let r = 0; r < n; r++) rows[r][c] = (nulls[r >>> 3] & (0x80 >>> (r & 7))) !== 0 ? null : d[r];
}

function fillFloat32(rows: Rows, c: number, d: Float32Array, nulls: Nulls, n: number): void {
  if (nulls === null) for (let r = 0; r < n; r++) rows[r][c] = d[r];
  else for (let r = 0; r < n; r++) rows[r][c] = (nulls[r >>> 3] & (0x80 >>> (r & 7))) !== 0 ? null : d[r];
}

function fillFloat64(rows: Rows, c: number, d: Float64Array, nulls: Nulls, n: number): void {
  if (nulls === null) for (let r = 0; r < n; r++) rows[r][c] = d[r];
  else for (let r = 0; r < n; r++) rows[r][c] = (nulls[r >>> 3] & (0x80 >>> (r & 7))) !== 0 ? null : d[r];
}

function fillInt32(rows: Rows, c: number, d: Int32Array, nulls: Nulls, n: number): void {
  if (nulls === null) for (let r = 0; r < n; r++) rows[r][c] = d[r];
  else for (let r = 0; r < n; r++) rows[r][c] = (nulls[r >>> 3] & (0x80 >>> (r & 7))) !== 0 ? null : d[r];
}

function fillOther(rows: Rows, c: number, d: ArrayLike<number | bigint>, nulls: Nulls, n: number): void {
  for (let r = 0; r < n; r++)
    rows[r][c] = nulls !== null && (nulls[r >>> 3] & (0x80 >>> (r & 7))) !== 0 ? null : d[r];
}

function fillBool(rows: Rows, c: number, d: Uint8Array, nulls: Nulls, n: number): void {
  for (let r = 0; r < n; r++) {
    rows[r][c] = nulls !== null && (nulls[r >>> 3] & (0x80 >>> (r & 7))) !== 0 ? null : d[r] !== 0;
  }
}

function fillNull(rows: Rows, c: number, n: number): void {
  for (let r = 0; r < n; r++) rows[r][c] = null;
}

function fillArray(rows: Rows, c: number, d: readonly (string | Uint8Array | null)[], n: number): void {
  for (let r = 0; r < n; r++) rows[r][c] = d[r];
}
