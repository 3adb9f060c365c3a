import { TypeCode, fixedWidth, hasLengths } from '@taosts/protocol';
import type { BindValue, Stmt2Field, Stmt2TableBind } from '@taosts/protocol';
import { BindType, fieldRoles } from '@taosts/protocol';
import { DataError, ProgrammingError } from '../errors.js';

/**
 * stmt2 bind data (protocol.md §6.1), sized exactly before one allocation: typed-array columns
 * of the field's own width are copied as bytes, other values are checked and written one by one.
 * `fields` null means a query statement, whose `?` values are typed from the values.
 */
export function encodeStmt2Data(
  tables: readonly Stmt2TableBind[],
  fields: readonly Stmt2Field[] | null,
): Uint8Array {
  const count = tables.length;
  if (count === 0) throw new ProgrammingError('no tables to bind');
  const query = fields === null || fields.every((f) => f.bind_type === BindType.QUERY);
  const roles = fieldRoles(fields ?? []);
  const names = tables.some((t) => t.tableName !== undefined && t.tableName !== '')
    ? tables.map((t) => Buffer.from(t.tableName ?? '', 'utf8'))
    : null;
  const entries = (t: Stmt2TableBind, what: 'tag' | 'col'): Entry[] => {
    if (what === 'tag') return roles.tags.map((f, j) => entry(f.field_type, [t.tags?.[j]], `tag ${f.name}`));
    return (t.columns ?? []).map((c, j) => {
      const f = query ? undefined : roles.columns[j];
      return entry(f?.field_type ?? queryType(c[0], j), c, f ? `column ${f.name}` : `parameter ${j}`);
    });
  };
  const tags = roles.tags.length > 0 ? tables.map((t) => entries(t, 'tag')) : null;
  const cols = tables.map((t) => entries(t, 'col'));
  const colCount = cols[0]?.length ?? 0;
  const size = (es: Entry[]): number => es.reduce((n, e) => n + e.size, 0);

  let total = 28;
  if (names) total += 2 * count + names.reduce((n, b) => n + b.length + 1, 0);
  if (tags) total += 4 * count + tags.reduce((n, es) => n + size(es), 0);
  if (colCount > 0) total += 4 * count + cols.reduce((n, es) => n + size(es), 0);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, total, true);
  dv.setUint32(4, count, true);
  dv.setUint32(8, roles.tags.length, true);
  dv.setUint32(12, colCount, true);
  let p = 28;
  if (names) {
    dv.setUint32(16, p, true);
    for (const n of names) {
      if (n.includes(0)) throw new ProgrammingError('a table name contains NUL');
      dv.setUint16(p, n.length + 1, true);
      p += 2;
    }
    for (const n of names) {
      out.set(n, p);
      p += n.length + 1;
    }
  }
  const section = (at: number, per: Entry[][]): void => {
    dv.setUint32(at, p, true);
    per.forEach((es, i) => dv.setUint32(p + 4 * i, size(es), true));
    p += 4 * count;
    for (const es of per) for (const e of es) p = e.write(out, dv, p);
  };
  if (tags) section(20, tags);
  if (colCount > 0) section(24, cols);
  return out;
}

interface Entry {
  readonly size: number;
  write(out: Uint8Array, dv: DataView, at: number): number;
}

type Column = ArrayLike<BindValue>;

/** One bind entry: `total | type | num | is_null[num] | have_length | [lengths] | buffer_length | buffer`. */
function entry(type: TypeCode, values: Column, where: string): Entry {
  const num = values.length;
  if (hasLengths(type)) {
    const bytes = new Array<Uint8Array | null>(num);
    let buf = 0;
    for (let r = 0; r < num; r++) {
      const b = varBytes(type, values[r], where, r);
      bytes[r] = b;
      if (b) buf += b.length;
    }
    const size = 17 + 5 * num + buf;
    return {
      size,
      write(out, dv, at) {
        head(dv, at, size, type, num);
        let lp = at + 13 + num;
        out[at + 12 + num] = 1;
        let bp = lp + 4 * num + 4;
        dv.setUint32(bp - 4, buf, true);
        for (let r = 0; r < num; r++, lp += 4) {
          const b = bytes[r];
          if (b === null || b === undefined) out[at + 12 + r] = 1;
          else {
            dv.setInt32(lp, b.length, true);
            out.set(b, bp);
            bp += b.length;
          }
        }
        return at + size;
      },
    };
  }
  const width = fixedWidth(type);
  if (width === 0) throw new ProgrammingError(`${where}: type ${type} cannot be bound`);
  let allNull = true;
  for (let r = 0; r < num && allNull; r++) allNull = values[r] === null || values[r] === undefined;
  // An all-NULL entry has an empty buffer, as taosAdapter writes it.
  const buf = allNull ? 0 : num * width;
  const size = 17 + num + buf;
  return {
    size,
    write(out, dv, at) {
      head(dv, at, size, type, num);
      dv.setUint32(at + 13 + num, buf, true);
      const data = at + 17 + num;
      if (allNull) out.fill(1, at + 12, at + 12 + num);
      else if (!copyTyped(type, values, out, data)) writeFixed(type, values, out, dv, at + 12, data, where);
      return at + size;
    },
  };
}

function head(dv: DataView, at: number, size: number, type: number, num: number): void {
  dv.setUint32(at, size, true);
  dv.setInt32(at + 4, type, true);
  dv.setInt32(at + 8, num, true);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const TYPED: Partial<Record<TypeCode, abstract new (...args: never[]) => ArrayBufferView>> = {
  [TypeCode.TINYINT]: Int8Array,
  [TypeCode.UTINYINT]: Uint8Array,
  [TypeCode.SMALLINT]: Int16Array,
  [TypeCode.USMALLINT]: Uint16Array,
  [TypeCode.INT]: Int32Array,
  [TypeCode.UINT]: Uint32Array,
  [TypeCode.BIGINT]: BigInt64Array,
  [TypeCode.TIMESTAMP]: BigInt64Array,
  [TypeCode.UBIGINT]: BigUint64Array,
  [TypeCode.FLOAT]: Float32Array,
  [TypeCode.DOUBLE]: Float64Array,
};

/** A typed array of exactly the field's element type is already the wire bytes (no NULLs). */
function copyTyped(type: TypeCode, values: Column, out: Uint8Array, at: number): boolean {
  const Ctor = TYPED[type];
  if (!LITTLE_ENDIAN || Ctor === undefined || !(values instanceof Ctor)) return false;
  const v = values as unknown as Uint8Array;
  out.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), at);
  return true;
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;

function writeFixed(
  type: TypeCode,
  values: Column,
  out: Uint8Array,
  dv: DataView,
  nulls: number,
  at: number,
  where: string,
): void {
  const w = fixedWidth(type);
  for (let r = 0; r < values.length; r++, at += w) {
    const v = values[r];
    if (v === null || v === undefined) {
      out[nulls + r] = 1;
      continue;
    }
    const bad = (): never => {
      throw new DataError(
        `${where} row ${r}: ${typeof v} ${String(v).slice(0, 40)} is not a valid ${typeName(type)}`,
      );
    };
    switch (type) {
      case TypeCode.BOOL:
        if (typeof v === 'boolean') out[at] = v ? 1 : 0;
        else if (v === 0 || v === 1) out[at] = v;
        else bad();
        break;
      case TypeCode.TINYINT:
        dv.setInt8(at, intIn(v, -128, 127) ?? bad());
        break;
      case TypeCode.UTINYINT:
        dv.setUint8(at, intIn(v, 0, 255) ?? bad());
        break;
      case TypeCode.SMALLINT:
        dv.setInt16(at, intIn(v, -32768, 32767) ?? bad(), true);
        break;
      case TypeCode.USMALLINT:
        dv.setUint16(at, intIn(v, 0, 65535) ?? bad(), true);
        break;
      case TypeCode.INT:
        dv.setInt32(at, intIn(v, -2147483648, 2147483647) ?? bad(), true);
        break;
      case TypeCode.UINT:
        dv.setUint32(at, intIn(v, 0, 4294967295) ?? bad(), true);
        break;
      case TypeCode.BIGINT:
      case TypeCode.TIMESTAMP:
        dv.setBigInt64(at, bigIn(v, I64_MIN, I64_MAX) ?? bad(), true);
        break;
      case TypeCode.UBIGINT:
        dv.setBigUint64(at, bigIn(v, 0n, U64_MAX) ?? bad(), true);
        break;
      case TypeCode.FLOAT:
        if (typeof v !== 'number') bad();
        dv.setFloat32(at, v as number, true);
        break;
      case TypeCode.DOUBLE:
        if (typeof v !== 'number') bad();
        dv.setFloat64(at, v as number, true);
        break;
      default:
        bad();
    }
  }
}

function intIn(v: unknown, lo: number, hi: number): number | undefined {
  const n = typeof v === 'bigint' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= lo && n <= hi ? n : undefined;
}

function bigIn(v: unknown, lo: bigint, hi: bigint): bigint | undefined {
  const b =
    typeof v === 'bigint' ? v : typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : undefined;
  return b !== undefined && b >= lo && b <= hi ? b : undefined;
}

const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Bytes of a variable-length value: text as UTF-8 (NCHAR too, §6.1), binary as is, DECIMAL as text. */
function varBytes(type: TypeCode, v: BindValue, where: string, r: number): Uint8Array | null {
  if (v === null || v === undefined) return null;
  if (
    v instanceof Uint8Array &&
    type !== TypeCode.NCHAR &&
    type !== TypeCode.DECIMAL &&
    type !== TypeCode.DECIMAL64
  )
    return v;
  if (typeof v === 'string') {
    if (type === TypeCode.DECIMAL || type === TypeCode.DECIMAL64) {
      if (!DECIMAL_TEXT.test(v))
        throw new DataError(`${where} row ${r}: '${v.slice(0, 40)}' is not a decimal`);
    } else if (
      type !== TypeCode.VARCHAR &&
      type !== TypeCode.NCHAR &&
      type !== TypeCode.JSON &&
      type !== TypeCode.VARBINARY
    ) {
      throw new DataError(
        `${where} row ${r}: a string cannot be bound to a ${typeName(type)} column; pass bytes`,
      );
    }
    return Buffer.from(v, 'utf8');
  }
  if (
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (type === TypeCode.DECIMAL || type === TypeCode.DECIMAL64)
  )
    return Buffer.from(String(v), 'utf8');
  throw new DataError(
    `${where} row ${r}: ${v instanceof Date ? 'Date' : typeof v} is not a valid ${typeName(type)}`,
  );
}

/** Type of a query `?` value, as taosAdapter's `generateBindQueryData` picks it. */
function queryType(v: BindValue, j: number): TypeCode {
  switch (typeof v) {
    case 'string':
      return TypeCode.VARCHAR;
    case 'boolean':
      return TypeCode.BOOL;
    case 'bigint':
      return v > I64_MAX ? TypeCode.UBIGINT : TypeCode.BIGINT;
    case 'number':
      return Number.isSafeInteger(v) ? TypeCode.BIGINT : TypeCode.DOUBLE;
  }
  if (v instanceof Uint8Array) return TypeCode.VARCHAR;
  if (v === null || v === undefined) return TypeCode.VARCHAR;
  throw new DataError(`parameter ${j}: unsupported value ${String(v)}`);
}

const NAMES: Partial<Record<TypeCode, string>> = {
  [TypeCode.BOOL]: 'BOOL',
  [TypeCode.TINYINT]: 'TINYINT',
  [TypeCode.SMALLINT]: 'SMALLINT',
  [TypeCode.INT]: 'INT',
  [TypeCode.BIGINT]: 'BIGINT',
  [TypeCode.FLOAT]: 'FLOAT',
  [TypeCode.DOUBLE]: 'DOUBLE',
  [TypeCode.TIMESTAMP]: 'TIMESTAMP',
  [TypeCode.UTINYINT]: 'TINYINT UNSIGNED',
  [TypeCode.USMALLINT]: 'SMALLINT UNSIGNED',
  [TypeCode.UINT]: 'INT UNSIGNED',
  [TypeCode.UBIGINT]: 'BIGINT UNSIGNED',
};

function typeName(t: TypeCode): string {
  return NAMES[t] ?? `type ${t}`;
}
