import { TypeCode } from '../types.js';
import { decodeRawBlock } from './decode-raw-block.js';
import type { DecodeRawBlockOptions, DecodedBlock, DecodedColumn, Value } from './types.js';

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
 * Transpose decoded columns into row arrays. Each row is built in one pass from per-column
 * sources picked once per column; rows start as packed arrays of `null`, so storing a value never
 * changes an array's elements kind (measured: 5–10× faster than filling `new Array(n)`
 * column by column).
 */
export function blockToRows(block: DecodedBlock): Value[][] {
  const n = block.rows;
  const cols = block.columns.length;
  const sources = block.columns.map((c) => rowSource(c, n));
  const rows: Value[][] = new Array(n);
  for (let r = 0; r < n; r++) {
    const row = nullRow(cols);
    for (let c = 0; c < cols; c++) row[c] = sources[c][r];
    rows[r] = row;
  }
  return rows;
}

/** The column as something indexable by row that yields the final {@link Value}. */
function rowSource(col: DecodedColumn, n: number): ArrayLike<Value> {
  const d = col.data;
  const nulls = col.nulls;
  if (col.type === TypeCode.NULL) return new Array<null>(n).fill(null);
  if (Array.isArray(d)) return d; // strings, bytes, decimals: NULLs are already null
  if (col.type === TypeCode.BOOL) {
    const out = new Array<Value>(n);
    for (let r = 0; r < n; r++) out[r] = isNull(nulls, r) ? null : (d as Uint8Array)[r] !== 0;
    return out;
  }
  if (nulls === null) return d as ArrayLike<number | bigint>;
  const out = new Array<Value>(n);
  const v = d as ArrayLike<number | bigint>;
  for (let r = 0; r < n; r++) out[r] = isNull(nulls, r) ? null : v[r];
  return out;
}

function isNull(nulls: Uint8Array | null, r: number): boolean {
  return nulls !== null && (nulls[r >>> 3] & (0x80 >>> (r & 7))) !== 0;
}

/** A packed array of `cols` nulls (literals for common widths; they allocate fastest). */
function nullRow(cols: number): Value[] {
  switch (cols) {
    case 1:
      return [null];
    case 2:
      return [null, null];
    case 3:
      return [null, null, null];
    case 4:
      return [null, null, null, null];
    case 5:
      return [null, null, null, null, null];
    case 6:
      return [null, null, null, null, null, null];
    case 7:
      return [null, null, null, null, null, null, null];
    case 8:
      return [null, null, null, null, null, null, null, null];
    default:
      return new Array<Value>(cols).fill(null);
  }
}
