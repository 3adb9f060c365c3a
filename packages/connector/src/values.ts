import { TypeCode, typeCodeOf, typeName } from '@taosts/protocol';
import type { Precision } from '@taosts/protocol';
import { InterfaceError } from './errors.js';
import { TDTimestamp } from './timestamp.js';
import type { Zone } from './zone.js';

/** How TIMESTAMP values are returned. */
export type TimestampMode = 'timestamp' | 'date' | 'bigint' | 'string';
export const TIMESTAMP_MODES: readonly TimestampMode[] = ['timestamp', 'date', 'bigint', 'string'];

/** JSON as found in JSON tags. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Every value a row cell can hold. */
export type Value = null | boolean | number | bigint | string | TDTimestamp | Date | Uint8Array | JsonValue;

/** A result column. */
export interface Field {
  readonly name: string;
  /** Type name as the server reports it: `INT`, `BIGINT UNSIGNED`, `DECIMAL(10,2)`. */
  readonly type: string;
  /** TDengine type code (`TypeCode`), -1 when the name is unknown. */
  readonly typeCode: number;
  /** Length the server reports: declared length for VARCHAR/NCHAR/VARBINARY, byte width otherwise. */
  readonly length: number;
}

/**
 * Per-column decoding strategy, chosen once per column when the metadata arrives (postgres.js
 * picks a parser per column on RowDescription).
 */
export const Kind = {
  ANY: 0,
  BOOL: 1,
  INT: 2,
  INT64: 3,
  FLOAT: 4,
  TIMESTAMP: 5,
  STRING: 6,
  JSON: 7,
  BYTES: 8,
  DECIMAL: 9,
  NULL: 10,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

const KIND_OF_CODE: Record<number, Kind> = {
  [TypeCode.NULL]: Kind.NULL,
  [TypeCode.BOOL]: Kind.BOOL,
  [TypeCode.TINYINT]: Kind.INT,
  [TypeCode.SMALLINT]: Kind.INT,
  [TypeCode.INT]: Kind.INT,
  [TypeCode.UTINYINT]: Kind.INT,
  [TypeCode.USMALLINT]: Kind.INT,
  [TypeCode.UINT]: Kind.INT,
  [TypeCode.BIGINT]: Kind.INT64,
  [TypeCode.UBIGINT]: Kind.INT64,
  [TypeCode.FLOAT]: Kind.FLOAT,
  [TypeCode.DOUBLE]: Kind.FLOAT,
  [TypeCode.TIMESTAMP]: Kind.TIMESTAMP,
  [TypeCode.VARCHAR]: Kind.STRING,
  [TypeCode.NCHAR]: Kind.STRING,
  [TypeCode.JSON]: Kind.JSON,
  [TypeCode.VARBINARY]: Kind.BYTES,
  [TypeCode.GEOMETRY]: Kind.BYTES,
  [TypeCode.BLOB]: Kind.BYTES,
  [TypeCode.MEDIUMBLOB]: Kind.BYTES,
  [TypeCode.DECIMAL]: Kind.DECIMAL,
  [TypeCode.DECIMAL64]: Kind.DECIMAL,
};

export function kindOf(typeCode: number): Kind {
  return KIND_OF_CODE[typeCode] ?? Kind.ANY;
}

/** A `Field` from one REST `column_meta` entry `[name, typeName | typeCode, length]`. */
export function fieldOf(meta: unknown): Field {
  if (!Array.isArray(meta) || typeof meta[0] !== 'string') {
    throw new InterfaceError(
      `malformed column_meta entry ${JSON.stringify(meta, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`,
    );
  }
  const [name, t, len] = meta as [string, unknown, unknown];
  let type: string;
  let typeCode: number;
  if (typeof t === 'number') {
    typeCode = t; // TDengine 2.x / early 3.0 servers sent numeric codes
    type = t in KIND_OF_CODE ? typeName(t as TypeCode) : String(t);
  } else {
    type = String(t);
    typeCode = typeCodeOf(type) ?? -1;
  }
  const length = typeof len === 'number' ? len : typeof len === 'bigint' ? Number(len) : 0;
  return Object.freeze({ name, type, typeCode, length });
}

/** Decode lowercase/uppercase hex (REST renders VARBINARY/GEOMETRY/BLOB as hex) into bytes. */
export function hexToBytes(s: string, start = 0, end = s.length): Uint8Array | undefined {
  const n = end - start;
  if (n % 2 !== 0) return undefined;
  const out = new Uint8Array(n / 2);
  for (let i = 0, j = start; j < end; i++, j += 2) {
    const hi = HEX[s.charCodeAt(j)] ?? -1;
    const lo = HEX[s.charCodeAt(j + 1)] ?? -1;
    if (hi < 0 || lo < 0) return undefined;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

const HEX: Int8Array = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < 10; i++) t[48 + i] = i;
  for (let i = 0; i < 6; i++) t[65 + i] = t[97 + i] = 10 + i;
  return t;
})();

/** How BIGINT / BIGINT UNSIGNED values are returned: exact `bigint`, or JSON-safe decimal strings. */
export type Int64Mode = 'bigint' | 'string';
export const INT64_MODES: readonly Int64Mode[] = ['bigint', 'string'];

/** Context every decoded value needs: how to shape timestamps and 64-bit integers, and where zone-less text lives. */
export interface ValueContext {
  readonly timestampMode: TimestampMode;
  /** Default `'bigint'`. */
  readonly int64Mode?: Int64Mode;
  readonly zone: Zone | undefined;
}

/**
 * Shape a timestamp according to the timestamp mode. `text` is the string mode's answer: the
 * server's own text (REST), or the zone to render it in (raw blocks carry ticks).
 */
export function shapeTimestamp(ts: TDTimestamp, mode: TimestampMode, text: string | Zone): Value {
  switch (mode) {
    case 'timestamp':
      return ts;
    case 'date':
      return ts.toDate();
    case 'bigint':
      return ts.epoch;
    case 'string':
      return typeof text === 'string' ? text : ts.toZonedString(text);
  }
}

/**
 * Convert a value produced by the generic lossless JSON scanner into the column's JS value.
 * The fast decoder only comes here for cells whose JSON token is not the usual one.
 */
export function convertCell(kind: Kind, v: unknown, ctx: ValueContext): Value {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case Kind.NULL:
      return null;
    case Kind.BOOL:
      return typeof v === 'boolean' ? v : Boolean(Number(v));
    case Kind.INT:
      return typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? Number(v) : (v as number);
    case Kind.INT64: {
      let b: bigint;
      if (typeof v === 'bigint') b = v;
      else if (typeof v === 'number' && Number.isInteger(v)) b = BigInt(v);
      else if (typeof v === 'string' && /^-?\d+$/.test(v)) b = BigInt(v);
      else throw new InterfaceError(`expected a 64-bit integer, got ${String(v)}`);
      return ctx.int64Mode === 'string' ? b.toString() : b;
    }
    case Kind.FLOAT:
      return typeof v === 'number' ? v : Number(v);
    case Kind.TIMESTAMP: {
      if (typeof v === 'string')
        return shapeTimestamp(TDTimestamp.parse(v, { zone: ctx.zone }), ctx.timestampMode, v);
      // Some servers send epoch integers (ms) instead of text.
      const ts = TDTimestamp.fromEpoch(typeof v === 'bigint' ? v : BigInt(v as number), 'ms');
      return shapeTimestamp(ts, ctx.timestampMode, ts.toISOString());
    }
    case Kind.STRING:
      return typeof v === 'string' ? v : String(v);
    case Kind.BYTES: {
      if (typeof v !== 'string') throw new InterfaceError('expected a hex string for a binary column');
      const hex = v.startsWith('\\x') || v.startsWith('0x') ? v.slice(2) : v;
      const b = hexToBytes(hex);
      if (!b) throw new InterfaceError(`invalid hex in binary column: ${v.slice(0, 32)}`);
      return b;
    }
    case Kind.DECIMAL:
      return typeof v === 'string' ? v : String(v);
    case Kind.JSON:
    case Kind.ANY:
      return v as Value;
  }
}

export type { Precision };
