import { Code, TaosError } from '../errors.js';
import { isKnownType } from '../raw-block/block-header.js';
import { CTORS, LITTLE_ENDIAN_HOST } from '../raw-block/read-fixed.js';
import { writeFixedColumn } from '../raw-block/write-fixed.js';
import type { Value } from '../raw-block/types.js';
import { TypeCode, fixedWidth, typeName } from '../types.js';
import { readUtf8, utf8Length, writeUtf8 } from '../util/utf8.js';

/** One decoded bind entry ("column bind", protocol.md §6.1): a type and `num` values. */
export interface Stmt2Column {
  readonly type: TypeCode;
  /** Decoded values: the raw-block {@link Value} conventions; TIMESTAMP as bigint ticks. */
  readonly values: Value[];
  /**
   * A numeric entry (not BOOL) without NULLs, as a typed array of the type's element type
   * (TIMESTAMP as `BigInt64Array` ticks). `values` is then built from it on first use.
   */
  readonly typed?: TypedValues;
}

/** Element arrays of the fixed-width numeric types. */
export type TypedValues =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** A value a client may bind: a {@link Value}, or a `Date` for TIMESTAMP fields. */
export type BindValue = Value | Date | undefined;

/**
 * Types sent as bytes with a lengths array: text, binary, and DECIMAL as its decimal string
 * (NCHAR as UTF-8 here, not UCS-4 — protocol.md §6.1).
 */
export function hasLengths(type: TypeCode): boolean {
  switch (type) {
    case TypeCode.VARCHAR:
    case TypeCode.NCHAR:
    case TypeCode.JSON:
    case TypeCode.VARBINARY:
    case TypeCode.GEOMETRY:
    case TypeCode.BLOB:
    case TypeCode.MEDIUMBLOB:
    case TypeCode.DECIMAL:
    case TypeCode.DECIMAL64:
      return true;
    default:
      return false;
  }
}

const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TICKS_PER_MS = [1n, 1000n, 1000000n];

/** A bind entry measured before it is written, so a whole message is allocated once. */
export interface SizedBindEntry {
  readonly size: number;
  /** Write the entry at `at` (into zeroed bytes); returns the offset after it. */
  write(out: Uint8Array, dv: DataView, at: number): number;
}

/**
 * Measure (and check) one bind entry: `uint32 total | int32 type | int32 num | num × is_null |
 * have_length | [num × int32 lengths] | uint32 buffer_length | buffer`. Fixed types take one slot
 * per row (zeros for NULL); an all-NULL entry has an empty buffer, as taosAdapter writes it. A
 * typed array of the type's own element type is copied as bytes. `precision` (0/1/2) converts
 * `Date` values of TIMESTAMP fields to ticks. Bad values throw `TaosError(WRONG_VALUE_TYPE)`
 * naming `where` and the row.
 */
export function bindEntry(
  type: TypeCode,
  values: ArrayLike<BindValue>,
  precision: number,
  where: string,
): SizedBindEntry {
  const num = values.length;
  if (hasLengths(type)) return varEntry(type, values, where);
  if (fixedWidth(type) === 0 || type === TypeCode.NULL)
    throw new TaosError(Code.INVALID_PARA, `${where}: type ${typeName(type)} cannot be bound`);
  let allNull = true;
  for (let r = 0; r < num && allNull; r++) allNull = values[r] === null || values[r] === undefined;
  const buf = allNull ? 0 : num * fixedWidth(type);
  const size = 17 + num + buf;
  const vals = type === TypeCode.TIMESTAMP ? withTicks(values, precision) : values;
  return {
    size,
    write(out, dv, at) {
      head(dv, at, size, type, num);
      dv.setUint32(at + 13 + num, buf, true);
      const nulls = at + 12;
      const data = at + 17 + num;
      if (allNull) out.fill(1, nulls, nulls + num);
      else if (!copyTyped(type, vals, out, data)) {
        const nullAt = (r: number): void => {
          out[nulls + r] = 1;
        };
        const target = { out, dv, at: data, nullAt, where, code: Code.WRONG_VALUE_TYPE };
        writeFixedColumn(type, vals as ArrayLike<Value | undefined>, num, target, 0, 0);
      }
      return at + size;
    },
  };
}

function varEntry(type: TypeCode, values: ArrayLike<BindValue>, where: string): SizedBindEntry {
  const num = values.length;
  // Text is measured here and written straight into the message (no per-value byte arrays).
  const items = new Array<string | Uint8Array | null>(num);
  const lengths = new Array<number>(num);
  let buf = 0;
  for (let r = 0; r < num; r++) {
    const v = varItem(type, values[r], where, r);
    items[r] = v;
    const len = v === null ? 0 : typeof v === 'string' ? utf8Length(v) : v.length;
    lengths[r] = len;
    buf += len;
  }
  const size = 17 + 5 * num + buf;
  return {
    size,
    write(out, dv, at) {
      head(dv, at, size, type, num);
      const nulls = at + 12;
      out[nulls + num] = 1;
      let lp = nulls + num + 1;
      let bp = lp + 4 * num + 4;
      dv.setUint32(bp - 4, buf, true);
      for (let r = 0; r < num; r++, lp += 4) {
        const v = items[r] as string | Uint8Array | null;
        if (v === null) {
          out[nulls + r] = 1;
          continue;
        }
        const len = lengths[r] as number;
        dv.setInt32(lp, len, true);
        if (typeof v === 'string') writeUtf8(v, out, bp);
        else out.set(v, bp);
        bp += len;
      }
      return at + size;
    },
  };
}

function head(dv: DataView, at: number, size: number, type: number, num: number): void {
  dv.setUint32(at, size, true);
  dv.setInt32(at + 4, type, true);
  dv.setInt32(at + 8, num, true);
}

/**
 * A typed array of exactly the type's element type is already the wire bytes (no NULLs). Not for
 * BOOL: a byte other than 0/1 is not a valid BOOL.
 */
function copyTyped(type: TypeCode, values: ArrayLike<unknown>, out: Uint8Array, at: number): boolean {
  const Ctor = type === TypeCode.BOOL || type === TypeCode.NULL ? undefined : CTORS[type];
  if (!LITTLE_ENDIAN_HOST || Ctor === undefined || !(values instanceof Ctor)) return false;
  const v = values as ArrayBufferView;
  out.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), at);
  return true;
}

/** TIMESTAMP values with `Date`s turned into ticks of the field's precision (copied only if needed). */
function withTicks(values: ArrayLike<BindValue>, precision: number): ArrayLike<BindValue> {
  if (ArrayBuffer.isView(values)) return values;
  let out: BindValue[] | undefined;
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (v instanceof Date) {
      out ??= Array.from(values);
      const ms = v.getTime();
      if (!Number.isFinite(ms)) throw new TaosError(Code.WRONG_VALUE_TYPE, `row ${r}: invalid Date`);
      out[r] = BigInt(ms) * (TICKS_PER_MS[precision] ?? 1n);
    }
  }
  return out ?? values;
}

/**
 * A variable-length value as text (sent as UTF-8, NCHAR too — §6.1) or bytes (sent as is);
 * DECIMAL travels as its decimal text.
 */
function varItem(type: TypeCode, v: BindValue, where: string, r: number): string | Uint8Array | null {
  if (v === null || v === undefined) return null;
  switch (type) {
    case TypeCode.VARCHAR:
    case TypeCode.JSON:
    case TypeCode.VARBINARY:
      if (typeof v === 'string' || v instanceof Uint8Array) return v;
      break;
    case TypeCode.NCHAR:
      if (typeof v === 'string') return v;
      break;
    case TypeCode.DECIMAL:
    case TypeCode.DECIMAL64: {
      const s = typeof v === 'number' && Number.isFinite(v) ? String(v) : v;
      if (typeof s === 'string') {
        if (DECIMAL_TEXT.test(s)) return s;
        throw bad(where, r, `'${s.slice(0, 40)}' is not a decimal`);
      }
      break;
    }
    default:
      if (v instanceof Uint8Array) return v;
      if (typeof v === 'string')
        throw bad(where, r, `a string cannot be bound to a ${typeName(type)} field; pass bytes`);
  }
  throw bad(where, r, `${v instanceof Date ? 'Date' : typeof v} is not a valid ${typeName(type)}`);
}

function bad(where: string, r: number, msg: string): TaosError {
  return new TaosError(Code.WRONG_VALUE_TYPE, `${where} row ${r}: ${msg}`);
}

type Reader = (dv: DataView, at: number) => Value;
const FIXED_READERS: Partial<Record<TypeCode, Reader>> = {
  [TypeCode.BOOL]: (dv, at) => dv.getUint8(at) !== 0,
  [TypeCode.TINYINT]: (dv, at) => dv.getInt8(at),
  [TypeCode.SMALLINT]: (dv, at) => dv.getInt16(at, true),
  [TypeCode.INT]: (dv, at) => dv.getInt32(at, true),
  [TypeCode.BIGINT]: (dv, at) => dv.getBigInt64(at, true),
  [TypeCode.FLOAT]: (dv, at) => dv.getFloat32(at, true),
  [TypeCode.DOUBLE]: (dv, at) => dv.getFloat64(at, true),
  [TypeCode.TIMESTAMP]: (dv, at) => dv.getBigInt64(at, true),
  [TypeCode.UTINYINT]: (dv, at) => dv.getUint8(at),
  [TypeCode.USMALLINT]: (dv, at) => dv.getUint16(at, true),
  [TypeCode.UINT]: (dv, at) => dv.getUint32(at, true),
  [TypeCode.UBIGINT]: (dv, at) => dv.getBigUint64(at, true),
};

/**
 * Read and check one bind entry at `at` (server side). Every count, length and offset is checked
 * against `end`; failures throw `TaosError(0xffff)` naming `where`.
 */
export function decodeBindEntry(
  bytes: Uint8Array,
  dv: DataView,
  at: number,
  end: number,
  where: string,
): { column: Stmt2Column; next: number } {
  const fail = (m: string): never => {
    throw new TaosError(Code.ADAPTER_GENERIC, `${where}: ${m}`);
  };
  if (at + 17 > end) fail('bind entry header out of range');
  const total = dv.getUint32(at, true);
  const entryEnd = at + total;
  if (total < 17 || entryEnd > end) fail(`bind entry length ${total} out of range`);
  const rawType = dv.getInt32(at + 4, true);
  if (!isKnownType(rawType) || rawType === TypeCode.NULL) fail(`unsupported buffer type ${rawType}`);
  const type = rawType as TypeCode;
  const num = dv.getInt32(at + 8, true);
  if (num < 0 || at + 17 + num > entryEnd) fail(`row count ${num} out of range`);
  let p = at + 12;
  const nulls = p;
  for (let r = 0; r < num; r++) if (bytes[nulls + r] > 1) fail(`is_null[${r}] is ${bytes[nulls + r]}`);
  p += num;
  const haveLength = bytes[p++];
  const withLengths = hasLengths(type);
  if (haveLength !== (withLengths ? 1 : 0)) fail(`have_length ${haveLength} does not fit type ${type}`);
  const lengthsAt = p;
  if (withLengths) p += 4 * num;
  if (p + 4 > entryEnd) fail('buffer length out of range');
  const bufLen = dv.getInt32(p, true);
  p += 4;
  if (bufLen < 0 || p + bufLen !== entryEnd)
    fail(`bind data length error: buffer ${bufLen} in entry of ${total}`);
  const values: Value[] = new Array(num);
  if (withLengths) {
    let q = p;
    for (let r = 0; r < num; r++) {
      const len = dv.getInt32(lengthsAt + 4 * r, true);
      if (bytes[nulls + r] === 1) {
        values[r] = null;
        continue;
      }
      if (len < 0 || q + len > entryEnd) fail(`length[${r}] ${len} out of range`);
      const isText =
        type === TypeCode.VARCHAR ||
        type === TypeCode.NCHAR ||
        type === TypeCode.JSON ||
        type === TypeCode.DECIMAL ||
        type === TypeCode.DECIMAL64;
      values[r] = isText ? readUtf8(bytes, q, q + len) : bytes.slice(q, q + len);
      q += len;
    }
    if (q !== entryEnd) fail(`lengths sum to ${q - p}, buffer has ${bufLen}`);
  } else {
    const width = fixedWidth(type);
    const allNull = bufLen === 0;
    if (!(bufLen === num * width || (allNull && isAllNull(bytes, nulls, num)))) {
      fail(`buffer of ${bufLen} bytes for ${num} values of width ${width}`);
    }
    const Ctor = type === TypeCode.BOOL ? undefined : CTORS[type];
    if (Ctor && LITTLE_ENDIAN_HOST && bufLen > 0 && !hasNull(bytes, nulls, num)) {
      // One copy into an aligned buffer; the values array is only built if someone asks.
      const typed = new Ctor(bytes.slice(p, p + bufLen).buffer, 0, num) as TypedValues;
      let cached: Value[] | undefined;
      const column: Stmt2Column = {
        type,
        typed,
        get values(): Value[] {
          return (cached ??= Array.from(typed as ArrayLike<Value>));
        },
      };
      return { column, next: entryEnd };
    }
    const read = FIXED_READERS[type]!;
    for (let r = 0; r < num; r++) values[r] = bytes[nulls + r] === 1 ? null : read(dv, p + r * width);
  }
  return { column: { type, values }, next: entryEnd };
}

function hasNull(bytes: Uint8Array, at: number, num: number): boolean {
  return bytes.subarray(at, at + num).includes(1);
}

function isAllNull(bytes: Uint8Array, at: number, num: number): boolean {
  for (let r = 0; r < num; r++) if (bytes[at + r] !== 1) return false;
  return true;
}
