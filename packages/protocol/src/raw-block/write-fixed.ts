import { Code, TaosError } from '../errors.js';
import { TypeCode, typeName } from '../types.js';
import { decimalLimit, parseDecimal } from '../util/decimal.js';
import type { Value } from './types.js';

type Values = ArrayLike<Value | undefined>;

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;

/**
 * Where a fixed-width column goes: values at `out[at + width × row]`, NULL rows reported to
 * `nullAt` (a raw block sets a bitmap bit, a stmt2 bind entry an is_null byte). Bad values throw
 * `TaosError(code)` naming `where` and the row.
 */
export interface FixedTarget {
  readonly out: Uint8Array;
  /** A view over all of `out`'s bytes. */
  readonly dv: DataView;
  readonly at: number;
  readonly nullAt: (r: number) => void;
  readonly where: string;
  readonly code: number;
}

function bad(t: FixedTarget, r: number, type: TypeCode, v: unknown): never {
  const shown = typeof v === 'string' ? `'${v.length > 40 ? v.slice(0, 40) + '…' : v}'` : String(v);
  throw new TaosError(t.code, `${t.where} row ${r}: ${typeof v} ${shown} is not a valid ${typeName(type)}`);
}

/** A 64-bit value as bigint: bigint as is, safe-integer numbers converted. */
function big(v: unknown, t: FixedTarget, r: number, type: TypeCode): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  return bad(t, r, type, v);
}

/** A ≤ 32-bit integer value as number: bigint converted (then range-checked like numbers). */
function small(v: unknown): unknown {
  return typeof v === 'bigint' ? Number(v) : v;
}

/**
 * Write one fixed-width column. One loop per type, picked here once per column, so the per-cell
 * work is a check and a DataView store.
 */
export function writeFixedColumn(
  type: TypeCode,
  values: Values,
  rows: number,
  t: FixedTarget,
  precision: number,
  scale: number,
): void {
  const { out, dv, at: bm, nullAt } = t;
  switch (type) {
    case TypeCode.NULL:
      for (let r = 0; r < rows; r++) nullAt(r);
      return;
    case TypeCode.BOOL:
      for (let r = 0; r < rows; r++) {
        const v = values[r];
        if (v === null || v === undefined) nullAt(r);
        else if (typeof v === 'boolean') out[bm + r] = v ? 1 : 0;
        else if (typeof v === 'number' && (v === 0 || v === 1)) out[bm + r] = v;
        else bad(t, r, type, v);
      }
      return;
    case TypeCode.TINYINT:
    case TypeCode.UTINYINT: {
      const signed = type === TypeCode.TINYINT;
      for (let r = 0; r < rows; r++) {
        const v = small(values[r]);
        if (v === null || v === undefined) nullAt(r);
        else if (typeof v === 'number' && (signed ? (v << 24) >> 24 : v & 0xff) === v) out[bm + r] = v & 0xff;
        else bad(t, r, type, v);
      }
      return;
    }
    case TypeCode.SMALLINT:
    case TypeCode.USMALLINT: {
      const signed = type === TypeCode.SMALLINT;
      for (let r = 0; r < rows; r++) {
        const v = small(values[r]);
        if (v === null || v === undefined) nullAt(r);
        else if (typeof v === 'number' && (signed ? (v << 16) >> 16 : v & 0xffff) === v) {
          dv.setUint16(bm + 2 * r, v & 0xffff, true);
        } else bad(t, r, type, v);
      }
      return;
    }
    case TypeCode.INT:
      for (let r = 0; r < rows; r++) {
        const v = small(values[r]);
        if (v === null || v === undefined) nullAt(r);
        else if (typeof v === 'number' && (v | 0) === v) dv.setInt32(bm + 4 * r, v, true);
        else bad(t, r, type, v);
      }
      return;
    case TypeCode.UINT:
      for (let r = 0; r < rows; r++) {
        const v = small(values[r]);
        if (v === null || v === undefined) nullAt(r);
        else if (typeof v === 'number' && v >>> 0 === v) dv.setUint32(bm + 4 * r, v, true);
        else bad(t, r, type, v);
      }
      return;
    case TypeCode.BIGINT:
    case TypeCode.TIMESTAMP:
      for (let r = 0; r < rows; r++) {
        const v = values[r];
        if (v === null || v === undefined) {
          nullAt(r);
          continue;
        }
        const b = big(v, t, r, type);
        if (b < I64_MIN || b > I64_MAX) bad(t, r, type, v);
        dv.setBigInt64(bm + 8 * r, b, true);
      }
      return;
    case TypeCode.UBIGINT:
      for (let r = 0; r < rows; r++) {
        const v = values[r];
        if (v === null || v === undefined) {
          nullAt(r);
          continue;
        }
        const b = big(v, t, r, type);
        if (b < 0n || b > U64_MAX) bad(t, r, type, v);
        dv.setBigUint64(bm + 8 * r, b, true);
      }
      return;
    case TypeCode.FLOAT:
      for (let r = 0; r < rows; r++) {
        const v = values[r];
        if (v === null || v === undefined) nullAt(r);
        else if (typeof v === 'number') dv.setFloat32(bm + 4 * r, v, true);
        else bad(t, r, type, v);
      }
      return;
    case TypeCode.DOUBLE:
      for (let r = 0; r < rows; r++) {
        const v = values[r];
        if (v === null || v === undefined) nullAt(r);
        else if (typeof v === 'number') dv.setFloat64(bm + 8 * r, v, true);
        else bad(t, r, type, v);
      }
      return;
    case TypeCode.DECIMAL64:
    case TypeCode.DECIMAL: {
      const limit = decimalLimit(precision);
      const wide = type === TypeCode.DECIMAL;
      for (let r = 0; r < rows; r++) {
        const v = values[r];
        if (v === null || v === undefined) {
          nullAt(r);
          continue;
        }
        if (typeof v !== 'string' && typeof v !== 'number') bad(t, r, type, v);
        const u = parseDecimal(String(v), scale);
        if (u > limit || u < -limit) {
          throw new TaosError(
            Code.DECIMAL_OVERFLOW,
            `${t.where} row ${r}: ${v} overflows DECIMAL(${precision},${scale})`,
          );
        }
        if (wide) {
          dv.setBigUint64(bm + 16 * r, BigInt.asUintN(64, u), true);
          dv.setBigInt64(bm + 16 * r + 8, BigInt.asIntN(64, u >> 64n), true);
        } else {
          dv.setBigInt64(bm + 8 * r, u, true);
        }
      }
      return;
    }
    default:
      throw new TaosError(Code.INVALID_PARA, `${t.where}: type ${typeName(type)} is not fixed-width`);
  }
}
