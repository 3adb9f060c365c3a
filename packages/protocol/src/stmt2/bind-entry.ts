import { Code, TaosError } from '../errors.js';
import { bitmapLength, isKnownType } from '../raw-block/block-header.js';
import { writeFixedColumn } from '../raw-block/write-fixed.js';
import type { Value } from '../raw-block/types.js';
import { TypeCode, fixedWidth } from '../types.js';
import type { ByteWriter } from '../util/byte-writer.js';
import { encodeUtf8, readUtf8 } from '../util/utf8.js';

/** One decoded bind entry ("column bind", protocol.md §6.1): a type and `num` values. */
export interface Stmt2Column {
  readonly type: TypeCode;
  /** Decoded values: the raw-block {@link Value} conventions; TIMESTAMP as bigint ticks. */
  readonly values: Value[];
}

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

/**
 * Append one bind entry: `uint32 total | int32 type | int32 num | num × is_null | have_length |
 * [num × int32 lengths] | uint32 buffer_length | buffer`. Fixed types take one slot per row
 * (zeros for NULL); an all-NULL entry has an empty buffer, as taosAdapter writes it.
 * `precision` (0/1/2) converts `Date` values of TIMESTAMP fields to ticks.
 */
export function encodeBindEntry(
  w: ByteWriter,
  type: TypeCode,
  values: readonly BindValue[],
  precision: number,
  where: string,
): void {
  const num = values.length;
  const start = w.reserve(12);
  w.setI32(start + 4, type);
  w.setI32(start + 8, num);
  const nullsAt = w.reserve(num);
  const allNull = values.every((v) => v === null || v === undefined);
  const withLengths = hasLengths(type);
  w.u8(withLengths ? 1 : 0);
  const lengthsAt = withLengths ? w.reserve(4 * num) : 0;
  const bufLenAt = w.reserve(4);
  const bufStart = w.length;
  const isNull = (r: number): void => {
    w.finish()[nullsAt + r] = 1;
  };
  if (allNull) {
    for (let r = 0; r < num; r++) isNull(r);
  } else if (withLengths) {
    for (let r = 0; r < num; r++) {
      const bytes = varBytes(type, values[r], `${where} row ${r}`);
      if (bytes === null) isNull(r);
      else {
        w.setI32(lengthsAt + 4 * r, bytes.length);
        w.bytes(bytes);
      }
    }
  } else {
    const vals =
      type === TypeCode.TIMESTAMP
        ? values.map((v) => (v instanceof Date ? dateTicks(v, precision) : v))
        : values;
    for (const v of vals) if (v instanceof Date) throw bad(where, `Date is only valid for TIMESTAMP`);
    const bm = bitmapLength(num);
    const tmp = new Uint8Array(bm + num * fixedWidth(type));
    try {
      writeFixedColumn(type, vals as readonly Value[], num, tmp, bm, 0, 0, 0);
    } catch (e) {
      throw e instanceof TaosError ? bad(where, e.message.replace(/^column 0 /, '')) : e;
    }
    for (let r = 0; r < num; r++) if (tmp[r >>> 3] & (0x80 >>> (r & 7))) isNull(r);
    w.bytes(tmp.subarray(bm));
  }
  w.setU32(bufLenAt, w.length - bufStart);
  w.setU32(start, w.length - start);
}

function varBytes(type: TypeCode, v: BindValue, where: string): Uint8Array | null {
  if (v === null || v === undefined) return null;
  switch (type) {
    case TypeCode.VARCHAR:
    case TypeCode.JSON:
      if (typeof v === 'string') return encodeUtf8(v);
      if (v instanceof Uint8Array) return v;
      break;
    case TypeCode.NCHAR:
      if (typeof v === 'string') return encodeUtf8(v);
      break;
    case TypeCode.DECIMAL:
    case TypeCode.DECIMAL64: {
      const s = typeof v === 'number' && Number.isFinite(v) ? String(v) : v;
      if (typeof s === 'string' && DECIMAL_TEXT.test(s)) return encodeUtf8(s);
      break;
    }
    default:
      if (v instanceof Uint8Array) return v;
  }
  throw bad(where, `${v instanceof Date ? 'Date' : typeof v} is not a valid value for type ${type}`);
}

function dateTicks(d: Date, precision: number): bigint {
  const ms = d.getTime();
  if (!Number.isFinite(ms)) throw new TaosError(Code.INVALID_PARA, 'invalid Date');
  return BigInt(ms) * (TICKS_PER_MS[precision] ?? 1n);
}

function bad(where: string, msg: string): TaosError {
  return new TaosError(Code.INVALID_PARA, `${where}: ${msg}`);
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
    const read = FIXED_READERS[type]!;
    for (let r = 0; r < num; r++) values[r] = bytes[nulls + r] === 1 ? null : read(dv, p + r * width);
  }
  return { column: { type, values }, next: entryEnd };
}

function isAllNull(bytes: Uint8Array, at: number, num: number): boolean {
  for (let r = 0; r < num; r++) if (bytes[at + r] !== 1) return false;
  return true;
}
