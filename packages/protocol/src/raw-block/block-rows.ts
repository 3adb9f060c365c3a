import { TypeCode } from '../types.js';
import { isNullAt } from './block-header.js';
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

/** One column as something indexable by row that yields the final cell value. */
export type ColumnSource<V> = (col: DecodedColumn, rows: number) => ArrayLike<V>;

/**
 * Transpose decoded columns into row arrays. `source` turns each column into its cells once
 * (default {@link columnValues}); a client passes its own to shape values (timestamps, JSON…).
 * Each row is built in one pass; rows start as packed arrays of `null`, so storing a value never
 * changes an array's elements kind (measured: 5–10× faster than filling `new Array(n)`
 * column by column). With `into`, the rows are appended to it and it is returned.
 *
 * Rows appended to `into` (a whole result, kept) and rows returned per block (usually read and
 * dropped, as a row stream does) come from different array literals: V8 decides per literal
 * whether to allocate in the old generation, from how long its arrays lived, and keeps that
 * decision. One literal for both made whichever pattern ran first slow for the other (a row
 * stream after a `query()` ran at half speed, and `query()` after a stream copied every row).
 *
 * @example blockToRows(decodeRawBlock(bytes), (col, n) => myConverter(col, n))
 */
export function blockToRows(block: DecodedBlock): Value[][];
export function blockToRows<V>(
  block: DecodedBlock,
  source: ColumnSource<V>,
  into?: (V | null)[][],
): (V | null)[][];
export function blockToRows<V>(
  block: DecodedBlock,
  source: ColumnSource<V> = columnValues as ColumnSource<V>,
  into?: (V | null)[][],
): (V | null)[][] {
  const n = block.rows;
  const cols = block.columns.length;
  const sources = block.columns.map((c) => source(c, n));
  // `into`: rows are appended to the caller's array (a whole result), no array per block.
  const rows: (V | null)[][] = into ?? new Array(n);
  for (let r = 0; r < n; r++) {
    const row = into ? keptRow<V>(cols) : nullRow<V>(cols);
    for (let c = 0; c < cols; c++) row[c] = (sources[c] as ArrayLike<V>)[r] as V;
    if (into) into.push(row);
    else rows[r] = row;
  }
  return rows;
}

/**
 * A decoded column's {@link Value}s, indexable by row: the typed array itself when no row is NULL,
 * the string/bytes array as is (NULLs are already null), booleans for BOOL.
 */
export function columnValues(col: DecodedColumn, n: number): ArrayLike<Value> {
  const d = col.data;
  const nulls = col.nulls;
  if (col.type === TypeCode.NULL) return new Array<null>(n).fill(null);
  if (Array.isArray(d)) return d; // strings, bytes, decimals: NULLs are already null
  if (col.type === TypeCode.BOOL) {
    const out = new Array<Value>(n);
    for (let r = 0; r < n; r++) out[r] = isNullAt(nulls, r) ? null : (d as Uint8Array)[r] !== 0;
    return out;
  }
  if (nulls === null) return d as ArrayLike<number | bigint>;
  const out = new Array<Value>(n);
  const v = d as ArrayLike<number | bigint>;
  for (let r = 0; r < n; r++) out[r] = isNullAt(nulls, r) ? null : v[r];
  return out;
}

/**
 * `f` of each non-NULL cell of a column's data (NULL rows, and null array entries, give null):
 * the building block of a custom {@link ColumnSource}.
 */
export function mapColumnValues<T, V>(col: DecodedColumn, n: number, f: (v: T) => V): (V | null)[] {
  const d = col.data as unknown as ArrayLike<T | null>;
  const nulls = col.nulls;
  const out = new Array<V | null>(n);
  for (let r = 0; r < n; r++) {
    const v = d[r] as T | null;
    out[r] = isNullAt(nulls, r) || v === null ? null : f(v);
  }
  return out;
}

/** A packed array of `cols` nulls (literals for common widths; they allocate fastest). */
function nullRow<V>(cols: number): (V | null)[] {
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
      return new Array<V | null>(cols).fill(null);
  }
}

/** {@link nullRow} from literals of its own, for rows kept in a whole result (see blockToRows). */
function keptRow<V>(cols: number): (V | null)[] {
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
      return new Array<V | null>(cols).fill(null);
  }
}
