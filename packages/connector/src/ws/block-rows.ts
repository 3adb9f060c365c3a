import { TypeCode } from '@taosts/protocol';
import type { DecodedBlock, DecodedColumn, Precision } from '@taosts/protocol';
import { TDTimestamp } from '../timestamp.js';
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
 * Converters are picked once per column; rows are built in one pass.
 */
export function blockRows(block: DecodedBlock, ctx: BlockContext): Value[][] {
  const n = block.rows;
  const cols = block.columns.length;
  const sources = block.columns.map((c) => columnValues(c, n, ctx));
  const rows: Value[][] = new Array(n);
  for (let r = 0; r < n; r++) {
    const row = nullRow(cols);
    for (let c = 0; c < cols; c++) row[c] = (sources[c] as ArrayLike<Value>)[r] as Value;
    rows[r] = row;
  }
  return rows;
}

/** One column's values, indexable by row (a typed array when that is already exact). */
export function columnValues(col: DecodedColumn, n: number, ctx: BlockContext): ArrayLike<Value> {
  const d = col.data;
  const nulls = col.nulls;
  switch (col.type) {
    case TypeCode.NULL:
      return new Array<null>(n).fill(null);
    case TypeCode.BOOL: {
      const out = new Array<Value>(n);
      for (let r = 0; r < n; r++) out[r] = isNull(nulls, r) ? null : (d as Uint8Array)[r] !== 0;
      return out;
    }
    case TypeCode.FLOAT: {
      const out = new Array<Value>(n);
      const f = d as Float32Array;
      for (let r = 0; r < n; r++) out[r] = isNull(nulls, r) ? null : shortestFloat32(f[r] as number);
      return out;
    }
    case TypeCode.BIGINT:
    case TypeCode.UBIGINT:
      if (ctx.int64Mode === 'string') return mapNonNull(d as ArrayLike<bigint>, nulls, n, String);
      return withNulls(d as ArrayLike<bigint>, nulls, n);
    case TypeCode.TIMESTAMP:
      return timestamps(d as BigInt64Array, nulls, n, ctx);
    case TypeCode.JSON:
      return mapNonNull(d as ArrayLike<string | null>, nulls, n, (s) => JSON.parse(s as string) as Value);
    default:
      // strings, bytes, DECIMAL text (already null where NULL), and ≤ 32-bit numbers
      if (Array.isArray(d)) return d as Value[];
      return withNulls(d as ArrayLike<number>, nulls, n);
  }
}

function timestamps(
  d: BigInt64Array,
  nulls: Uint8Array | null,
  n: number,
  ctx: BlockContext,
): ArrayLike<Value> {
  const mode = ctx.timestampMode;
  if (mode === 'bigint') return withNulls(d, nulls, n);
  const p = ctx.precision;
  // Read each int64 as two 32-bit halves: no BigInt per cell (the codec's arrays are aligned).
  const lo = new Uint32Array(d.buffer, d.byteOffset, 2 * n);
  const hi = new Int32Array(d.buffer, d.byteOffset, 2 * n);
  const zone = ctx.zone ?? UTC;
  const out = new Array<Value>(n);
  for (let r = 0; r < n; r++) {
    if (isNull(nulls, r)) {
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
        out[r] = shape(ts, mode, zone);
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
      mode === 'timestamp' ? new TDTimestamp(ms, sub, p) : shape(new TDTimestamp(ms, sub, p), mode, zone);
  }
  return out;
}

function shape(ts: TDTimestamp, mode: BlockContext['timestampMode'], zone: Zone): Value {
  switch (mode) {
    case 'timestamp':
      return ts;
    case 'date':
      return ts.toDate();
    case 'bigint':
      return ts.epoch;
    case 'string':
      return ts.toZonedString(zone);
  }
}

function withNulls<T extends Value>(d: ArrayLike<T>, nulls: Uint8Array | null, n: number): ArrayLike<Value> {
  if (nulls === null) return d;
  const out = new Array<Value>(n);
  for (let r = 0; r < n; r++) out[r] = isNull(nulls, r) ? null : (d[r] as T);
  return out;
}

function mapNonNull<T>(d: ArrayLike<T>, nulls: Uint8Array | null, n: number, f: (v: T) => Value): Value[] {
  const out = new Array<Value>(n);
  for (let r = 0; r < n; r++) {
    const v = d[r] as T;
    out[r] = isNull(nulls, r) || v === null ? null : f(v);
  }
  return out;
}

export function isNull(nulls: Uint8Array | null, r: number): boolean {
  return nulls !== null && ((nulls[r >>> 3] as number) & (0x80 >>> (r & 7))) !== 0;
}

/** A packed array of `cols` nulls (literals allocate fastest and keep one elements kind). */
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
