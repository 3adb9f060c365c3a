/**
 * Typed values (stmt2 binds, schemaless fields) → stored values of a column. Values already
 * of the column's type take a checked fast path; anything else goes through the INSERT literal
 * converter (`convertValue`), so ranges, lengths and error codes match `INSERT … VALUES`.
 */
import { TypeCode } from '@taosts/protocol';
import type { ColumnSchema, Expr } from '@taosts/sql';
import { byteLength } from '../catalog/column-defs.js';
import type { Value } from '../engine/types.js';
import type { AppendValue } from '../storage/storage.js';
import { convertValue } from './convert-value.js';
import type { EvalContext } from './convert-value.js';

export type BoundConverter = (v: Value) => AppendValue;

const DECODER = new TextDecoder();
const FLOAT_MAX = 3.4028234663852886e38;

/** The literal a typed value would be written as in SQL. */
export function literalOf(v: Value): Expr {
  if (v === null) return { kind: 'Null' };
  switch (typeof v) {
    case 'boolean':
      return { kind: 'Bool', value: v };
    case 'number':
      return Number.isFinite(v)
        ? { kind: 'Number', text: String(v), isInt: Number.isInteger(v) }
        : { kind: 'String', value: String(v) };
    case 'bigint':
      return { kind: 'Number', text: v.toString(), isInt: true };
    case 'string':
      return { kind: 'String', value: v };
    default:
      return { kind: 'String', value: DECODER.decode(v) };
  }
}

const INT_RANGE: Partial<Record<TypeCode, readonly [number, number]>> = {
  [TypeCode.TINYINT]: [-128, 127],
  [TypeCode.SMALLINT]: [-32768, 32767],
  [TypeCode.INT]: [-2147483648, 2147483647],
  [TypeCode.UTINYINT]: [0, 255],
  [TypeCode.USMALLINT]: [0, 65535],
  [TypeCode.UINT]: [0, 4294967295],
};

const BIG_RANGE: Partial<Record<TypeCode, readonly [bigint, bigint]>> = {
  [TypeCode.BIGINT]: [-(2n ** 63n), 2n ** 63n - 1n],
  [TypeCode.UBIGINT]: [0n, 2n ** 64n - 1n],
  [TypeCode.TIMESTAMP]: [-(2n ** 63n), 2n ** 63n - 1n],
};

/** A converter for one column, chosen once per column. */
export function boundConverter(col: ColumnSchema, ctx: EvalContext): BoundConverter {
  const slow = (v: Value): AppendValue => convertValue(literalOf(v), col, ctx);
  const t = col.type;
  const ints = INT_RANGE[t];
  if (ints) {
    const [min, max] = ints;
    return (v) =>
      typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : v === null ? null : slow(v);
  }
  const bigs = BIG_RANGE[t];
  if (bigs) {
    const [min, max] = bigs;
    return (v) => {
      if (typeof v === 'bigint' && v >= min && v <= max) return v;
      if (typeof v === 'number' && Number.isSafeInteger(v) && (t !== TypeCode.UBIGINT || v >= 0))
        return BigInt(v);
      return v === null ? null : slow(v);
    };
  }
  switch (t) {
    case TypeCode.BOOL:
      return (v) => (typeof v === 'boolean' || v === null ? v : slow(v));
    case TypeCode.FLOAT:
      return (v) =>
        typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= FLOAT_MAX
          ? Math.fround(v)
          : v === null
            ? null
            : slow(v);
    case TypeCode.DOUBLE:
      return (v) => (typeof v === 'number' && Number.isFinite(v) ? v : v === null ? null : slow(v));
    case TypeCode.VARCHAR:
      return (v) => {
        if (v instanceof Uint8Array) v = DECODER.decode(v);
        if (typeof v === 'string' && (v.length * 3 <= col.length || byteLength(v) <= col.length)) return v;
        return v === null ? null : slow(v);
      };
    case TypeCode.VARBINARY:
    case TypeCode.BLOB:
    case TypeCode.GEOMETRY:
      // Bound bytes are stored as they are (GEOMETRY binds carry WKB); text goes the SQL way.
      return (v) => {
        if (v instanceof Uint8Array) {
          if (t === TypeCode.BLOB ? v.length <= 4194304 : v.length <= col.length) return v;
          return slow(DECODER.decode(v));
        }
        return v === null ? null : slow(v);
      };
    default:
      return (v) => (v === null ? null : slow(v));
  }
}
