/**
 * TDengine result types and their DuckDB representation (translate/types.ts contract):
 * one table drives the final casts and the `ResultColumn` metadata.
 */
import { TypeCode, displayLength, fixedWidth, isVarType } from '@taosts/protocol';
import type { ResultColumn } from '../schema.js';

/** A TDengine type: code plus declared length (bytes; characters for NCHAR). */
export interface TType {
  readonly code: TypeCode;
  readonly length: number;
  readonly precision?: number;
  readonly scale?: number;
}

const DUCK: Record<TypeCode, string> = {
  [TypeCode.NULL]: 'VARCHAR',
  [TypeCode.BOOL]: 'BOOLEAN',
  [TypeCode.TINYINT]: 'TINYINT',
  [TypeCode.SMALLINT]: 'SMALLINT',
  [TypeCode.INT]: 'INTEGER',
  [TypeCode.BIGINT]: 'BIGINT',
  [TypeCode.FLOAT]: 'FLOAT',
  [TypeCode.DOUBLE]: 'DOUBLE',
  [TypeCode.VARCHAR]: 'VARCHAR',
  [TypeCode.TIMESTAMP]: 'BIGINT',
  [TypeCode.NCHAR]: 'VARCHAR',
  [TypeCode.UTINYINT]: 'UTINYINT',
  [TypeCode.USMALLINT]: 'USMALLINT',
  [TypeCode.UINT]: 'UINTEGER',
  [TypeCode.UBIGINT]: 'UBIGINT',
  [TypeCode.JSON]: 'VARCHAR',
  [TypeCode.VARBINARY]: 'BLOB',
  [TypeCode.DECIMAL]: 'DECIMAL',
  [TypeCode.BLOB]: 'BLOB',
  [TypeCode.MEDIUMBLOB]: 'BLOB',
  [TypeCode.GEOMETRY]: 'BLOB',
  [TypeCode.DECIMAL64]: 'DECIMAL',
};

/** The DuckDB type that represents a TDengine type (TIMESTAMP → BIGINT ticks). */
export function duckType(t: TType): string {
  if (t.code === TypeCode.DECIMAL || t.code === TypeCode.DECIMAL64) {
    return `DECIMAL(${t.precision ?? 18},${t.scale ?? 0})`;
  }
  return DUCK[t.code];
}

export function fixed(code: TypeCode): TType {
  return { code, length: fixedWidth(code) };
}

export const T = {
  bool: fixed(TypeCode.BOOL),
  int: fixed(TypeCode.INT),
  bigint: fixed(TypeCode.BIGINT),
  ubigint: fixed(TypeCode.UBIGINT),
  uint: fixed(TypeCode.UINT),
  double: fixed(TypeCode.DOUBLE),
  timestamp: fixed(TypeCode.TIMESTAMP),
  varchar: (length: number): TType => ({ code: TypeCode.VARCHAR, length }),
} as const;

/**
 * Type of a bare NULL literal. TDengine reports `select null` as a NULL-typed column; REST shows
 * it as VARCHAR with length 0 in practice, which is what we report.
 */
export const NULL_TYPE: TType = { code: TypeCode.VARCHAR, length: 0 };

const INTEGER_CODES = new Set<number>([
  TypeCode.TINYINT,
  TypeCode.SMALLINT,
  TypeCode.INT,
  TypeCode.BIGINT,
  TypeCode.UTINYINT,
  TypeCode.USMALLINT,
  TypeCode.UINT,
  TypeCode.UBIGINT,
]);
const UNSIGNED_CODES = new Set<number>([
  TypeCode.UTINYINT,
  TypeCode.USMALLINT,
  TypeCode.UINT,
  TypeCode.UBIGINT,
]);

export const isInteger = (t: TType): boolean => INTEGER_CODES.has(t.code);
export const isUnsigned = (t: TType): boolean => UNSIGNED_CODES.has(t.code);
export const isFloat = (t: TType): boolean => t.code === TypeCode.FLOAT || t.code === TypeCode.DOUBLE;
export const isDecimal = (t: TType): boolean => t.code === TypeCode.DECIMAL || t.code === TypeCode.DECIMAL64;
export const isNumeric = (t: TType): boolean =>
  isInteger(t) || isFloat(t) || isDecimal(t) || t.code === TypeCode.BOOL;
export const isTimestamp = (t: TType): boolean => t.code === TypeCode.TIMESTAMP;
/** VARCHAR, NCHAR, JSON (the types stored as DuckDB VARCHAR). */
export const isString = (t: TType): boolean =>
  t.code === TypeCode.VARCHAR || t.code === TypeCode.NCHAR || t.code === TypeCode.JSON;
export const isBinary = (t: TType): boolean => isVarType(t.code) && !isString(t);

/** Wrap a DuckDB expression so its DuckDB type is exactly the representation of `t`. */
export function castTo(sql: string, t: TType): string {
  return `CAST(${sql} AS ${duckType(t)})`;
}

export function resultColumn(name: string, t: TType): ResultColumn {
  const col: ResultColumn = {
    name,
    type: t.code,
    length: isVarType(t.code) ? t.length : displayLength(t.code, t.length),
  };
  if (isDecimal(t)) return { ...col, precision: t.precision, scale: t.scale };
  return col;
}

/** TDengine truncates result column names to 64 bytes (sql.md §4.3). */
export function columnName(text: string): string {
  const buf = new TextEncoder().encode(text);
  if (buf.length <= 64) return text;
  let end = 64;
  while (end > 0 && (buf[end] & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(buf.subarray(0, end));
}
