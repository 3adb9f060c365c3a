import { TypeCode, blockToRows, columnValues, isNullAt, mapColumnValues } from '@taosts/protocol';
import type { DecodedBlock, DecodedColumn, Precision } from '@taosts/protocol';
import { TDTimestamp } from '../timestamp.js';
import { shapeTimestamp } from '../values.js';
import type { Value, ValueContext } from '../values.js';
import { Zone } from '../zone.js';
import { shortestFloat32 } from './float32.js';

const UTC = Zone.of('UTC');

/** What shaping a block's values needs: the value options plus the result precision. */
export interface BlockContext extends ValueContext {
  readonly precision: Precision;
}

/**
 * Rows of a decoded raw block as the connector's values — the same as REST gives for the same
 * data: `TDTimestamp` at the result precision (or per `timestampMode`), `bigint` (or exact string)
 * for 64-bit integers, FLOAT as its shortest decimal, JSON tags parsed, NULL as `null`.
 * Converters are picked once per column; rows are built in one pass by the protocol's transpose.
 * With `into`, the rows are appended to it (a whole result's array) and it is returned.
 */
export function blockRows(block: DecodedBlock, ctx: BlockContext, into?: Value[][]): Value[][] {
  return blockToRows(block, (c, n) => shapeColumn(c, n, ctx), into);
}

/** One column's connector values, indexable by row (a typed array when that is already exact). */
export function shapeColumn(col: DecodedColumn, n: number, ctx: BlockContext): ArrayLike<Value> {
  switch (col.type) {
    case TypeCode.FLOAT:
      return col.data instanceof Float32Array
        ? floats(col, col.data, n)
        : mapColumnValues(col, n, shortestFloat32);
    case TypeCode.BIGINT:
    case TypeCode.UBIGINT:
      return ctx.int64Mode === 'string' ? mapColumnValues(col, n, String) : columnValues(col, n);
    case TypeCode.TIMESTAMP:
      return ctx.timestampMode === 'bigint' ? columnValues(col, n) : timestamps(col, n, ctx);
    case TypeCode.JSON:
      return mapColumnValues(col, n, (s: string) => JSON.parse(s) as Value);
    default:
      // BOOL, ≤ 32-bit numbers, DOUBLE, strings, bytes, DECIMAL text: the protocol's values
      return columnValues(col, n);
  }
}

/** Slots of the per-column memo of FLOAT values (a power of two). */
const FLOAT_SLOTS = 1024;
/** Cells after which a column that has missed the memo on more than half of them stops using it. */
const FLOAT_PROBE = 256;

/**
 * FLOAT cells as their shortest decimals, with a small direct-mapped memo keyed by the float32
 * bits: a value that repeats in the block (sensor readings often do) is converted once and every
 * row shares one boxed number, instead of one heap number per cell kept alive by the rows.
 * Values are exactly `shortestFloat32` of each cell. `out` and the memo are generic arrays
 * (filled with null first) so that V8 keeps the boxes rather than unboxing to a double array.
 */
function floats(col: DecodedColumn, d: Float32Array, n: number): Value[] {
  const bits = new Int32Array(d.buffer, d.byteOffset, n);
  const nulls = col.nulls;
  const keys = new Int32Array(FLOAT_SLOTS);
  const memo = new Array<Value>(FLOAT_SLOTS).fill(null);
  const out = new Array<Value>(n).fill(null);
  let misses = 0;
  let r = 0;
  for (; r < n; r++) {
    // Mostly distinct values: the memo only costs, convert the rest directly.
    if (r === FLOAT_PROBE && misses > FLOAT_PROBE / 2) break;
    if (isNullAt(nulls, r)) continue;
    const b = bits[r] as number;
    const slot = Math.imul(b, 0x9e3779b1) >>> 22; // 10 bits: FLOAT_SLOTS
    let v = memo[slot] as Value;
    if (v === null || keys[slot] !== b) {
      v = shortestFloat32(d[r] as number);
      memo[slot] = v;
      keys[slot] = b;
      misses++;
    }
    out[r] = v;
  }
  for (; r < n; r++) if (!isNullAt(nulls, r)) out[r] = shortestFloat32(d[r] as number);
  return out;
}

function timestamps(col: DecodedColumn, n: number, ctx: BlockContext): Value[] {
  const d = col.data as BigInt64Array;
  const nulls = col.nulls;
  const mode = ctx.timestampMode;
  const p = ctx.precision;
  // Read each int64 as two 32-bit halves: no BigInt per cell (the codec's arrays are aligned).
  const lo = new Uint32Array(d.buffer, d.byteOffset, 2 * n);
  const hi = new Int32Array(d.buffer, d.byteOffset, 2 * n);
  const zone = ctx.zone ?? UTC;
  const out = new Array<Value>(n);
  for (let r = 0; r < n; r++) {
    if (isNullAt(nulls, r)) {
      out[r] = null;
      continue;
    }
    const h = hi[2 * r + 1] as number;
    const l = lo[2 * r] as number;
    let ms: number;
    let sub: number;
    if (p === 'ms') {
      ms = h * 4294967296 + l;
      sub = 0;
    } else if (p === 'us') {
      if (h >= 0x100000 || h < -0x100000) {
        const ts = TDTimestamp.fromEpoch(d[r] as bigint, 'us');
        out[r] = shapeTimestamp(ts, mode, zone);
        continue;
      }
      const v = h * 4294967296 + l; // exact: |v| < 2^52
      ms = Math.floor(v / 1000);
      sub = v - ms * 1000;
    } else {
      // v = h·2^32 + l and 2^32 = 4294·10^6 + 967296, so v = (h·4294)·10^6 + (h·967296 + l),
      // every term exact in a double.
      const rest = h * 967296 + l;
      let q = Math.floor(rest / 1e6);
      let rem = rest - q * 1e6;
      if (rem < 0) {
        q -= 1;
        rem += 1e6;
      } else if (rem >= 1e6) {
        q += 1;
        rem -= 1e6;
      }
      ms = h * 4294 + q;
      sub = rem;
    }
    out[r] =
      mode === 'timestamp'
        ? new TDTimestamp(ms, sub, p)
        : shapeTimestamp(new TDTimestamp(ms, sub, p), mode, zone);
  }
  return out;
}
