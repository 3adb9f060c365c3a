import { TypeCode } from '../types.js';
import { formatDecimal } from '../util/decimal.js';
import { isNullAt } from './block-header.js';
import type { ColumnData } from './types.js';

/** Typed arrays read host byte order; the wire is little-endian. */
export const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type Ctor =
  | Int8ArrayConstructor
  | Uint8ArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | BigInt64ArrayConstructor
  | BigUint64ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

/** The typed array whose elements are a fixed-width type's values, byte for byte (LE hosts). */
export const CTORS: Partial<Record<TypeCode, Ctor>> = {
  [TypeCode.NULL]: Uint8Array,
  [TypeCode.BOOL]: Uint8Array,
  [TypeCode.TINYINT]: Int8Array,
  [TypeCode.SMALLINT]: Int16Array,
  [TypeCode.INT]: Int32Array,
  [TypeCode.BIGINT]: BigInt64Array,
  [TypeCode.FLOAT]: Float32Array,
  [TypeCode.DOUBLE]: Float64Array,
  [TypeCode.TIMESTAMP]: BigInt64Array,
  [TypeCode.UTINYINT]: Uint8Array,
  [TypeCode.USMALLINT]: Uint16Array,
  [TypeCode.UINT]: Uint32Array,
  [TypeCode.UBIGINT]: BigUint64Array,
};

/**
 * Values of a fixed-width column starting at `at`. The slice is copied first: block offsets are
 * not aligned for typed-array views, and a copy is memcpy-fast (perf.md §4.4).
 */
export function readFixedColumn(
  type: TypeCode,
  bytes: Uint8Array,
  at: number,
  rows: number,
  nulls: Uint8Array | null,
  scale: number,
): ColumnData {
  if (type === TypeCode.DECIMAL || type === TypeCode.DECIMAL64) {
    return readDecimals(type, bytes, at, rows, nulls, scale);
  }
  const Ctor = CTORS[type]!;
  const width = Ctor.BYTES_PER_ELEMENT;
  if (LITTLE_ENDIAN_HOST || width === 1) {
    return new Ctor(bytes.slice(at, at + rows * width).buffer, 0, rows);
  }
  return readBigEndianHost(Ctor, bytes, at, rows);
}

/* c8 ignore start -- only runs on big-endian hosts */
function readBigEndianHost(Ctor: Ctor, bytes: Uint8Array, at: number, rows: number): ColumnData {
  const dv = new DataView(bytes.buffer, bytes.byteOffset + at, rows * Ctor.BYTES_PER_ELEMENT);
  const out = new Ctor(rows);
  const w = Ctor.BYTES_PER_ELEMENT;
  for (let r = 0; r < rows; r++) {
    const o = r * w;
    let v: number | bigint;
    if (Ctor === Int16Array) v = dv.getInt16(o, true);
    else if (Ctor === Uint16Array) v = dv.getUint16(o, true);
    else if (Ctor === Int32Array) v = dv.getInt32(o, true);
    else if (Ctor === Uint32Array) v = dv.getUint32(o, true);
    else if (Ctor === Float32Array) v = dv.getFloat32(o, true);
    else if (Ctor === Float64Array) v = dv.getFloat64(o, true);
    else if (Ctor === BigInt64Array) v = dv.getBigInt64(o, true);
    else v = dv.getBigUint64(o, true);
    (out as unknown as (number | bigint)[])[r] = v;
  }
  return out;
}
/* c8 ignore stop */

function readDecimals(
  type: TypeCode,
  bytes: Uint8Array,
  at: number,
  rows: number,
  nulls: Uint8Array | null,
  scale: number,
): (string | null)[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: (string | null)[] = new Array(rows);
  const wide = type === TypeCode.DECIMAL;
  for (let r = 0; r < rows; r++) {
    if (isNullAt(nulls, r)) {
      out[r] = null;
      continue;
    }
    let u: bigint;
    if (wide) {
      const o = at + 16 * r;
      // low uint64 at +0, high int64 at +8: a signed 128-bit integer (§3.2)
      u = (dv.getBigInt64(o + 8, true) << 64n) | dv.getBigUint64(o, true);
    } else {
      u = dv.getBigInt64(at + 8 * r, true);
    }
    out[r] = formatDecimal(u, scale);
  }
  return out;
}
