/**
 * Validation of column and tag definitions (sql.md §1.2, §1.9, §2.1) and their catalog form.
 */
import { Code, TaosError, TypeCode, displayLength } from '@taosts/protocol';
import type { ColumnDef, DataType } from '@taosts/sql';
import { XCode } from '../engine/codes.js';
import { colName, tagName, quoteIdent } from './model.js';
import type { CatColumn } from './model.js';

export const LIMITS = {
  dbName: 64,
  tableName: 192,
  columnName: 64,
  columns: 4096,
  tags: 128,
  varColumn: 65517,
  varTag: 16382,
  ncharColumn: 16379,
  ncharTag: 4095,
  rowBytes: 65531,
  tagBytes: 16382,
  comment: 1024,
} as const;

const utf8 = new TextEncoder();
export function byteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else return utf8.encode(s).length;
  }
  return n;
}

/** Identifier checks shared by databases, tables and columns (sql.md §1.8). */
export function checkName(name: string, max: number): void {
  if (name.length === 0 || byteLength(name) > max || name.includes('.')) {
    throw new TaosError(Code.INVALID_IDENTIFIER_NAME, `Invalid identifier name: ${name}`);
  }
}

/** Normalise a declared type: DECIMAL(p ≤ 18) is DECIMAL64, BINARY is VARCHAR. */
export function normaliseType(t: DataType): DataType {
  if (t.code === TypeCode.DECIMAL || t.code === TypeCode.DECIMAL64) {
    const precision = t.precision ?? 10;
    const scale = t.scale ?? 0;
    if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
      throw new TaosError(
        Code.INVALID_PARA,
        `Invalid decimal precision or scale: DECIMAL(${precision}, ${scale})`,
      );
    }
    return { code: precision <= 18 ? TypeCode.DECIMAL64 : TypeCode.DECIMAL, precision, scale };
  }
  return t;
}

function isLengthType(code: TypeCode): boolean {
  return (
    code === TypeCode.VARCHAR ||
    code === TypeCode.NCHAR ||
    code === TypeCode.VARBINARY ||
    code === TypeCode.GEOMETRY
  );
}

/** Bytes a column costs in TDengine's row-length accounting (§2.1: var types +2). */
export function rowBytes(c: { type: TypeCode; length: number }): number {
  switch (c.type) {
    case TypeCode.NCHAR:
      return c.length * 4 + 2;
    case TypeCode.VARCHAR:
    case TypeCode.VARBINARY:
    case TypeCode.GEOMETRY:
      return c.length + 2;
    case TypeCode.JSON:
      return 4095 * 4 + 2;
    case TypeCode.BLOB:
      return 4 + 2;
    default:
      return displayLength(c.type);
  }
}

/** Declared length, validated against column or tag limits. */
export function declaredLength(t: DataType, isTag: boolean): number {
  if (isLengthType(t.code)) {
    const n = t.length;
    const max =
      t.code === TypeCode.NCHAR
        ? isTag
          ? LIMITS.ncharTag
          : LIMITS.ncharColumn
        : isTag
          ? LIMITS.varTag
          : LIMITS.varColumn;
    if (n === undefined || !Number.isInteger(n) || n < 1 || n > max)
      throw new TaosError(Code.INVALID_VAR_COLUMN_LEN);
    return n;
  }
  return displayLength(t.code);
}

/** A catalog column from a definition; `key` names it physically. */
export function catColumn(def: ColumnDef, key: number, isTag: boolean): CatColumn {
  checkName(def.name, LIMITS.columnName);
  const t = normaliseType(def.type);
  if (t.code === TypeCode.NULL || t.code === TypeCode.MEDIUMBLOB)
    throw new TaosError(Code.OPS_NOT_SUPPORT, `type not supported`);
  if (!isTag && t.code === TypeCode.JSON) throw new TaosError(Code.INVALID_COL_JSON);
  if (isTag && (t.code === TypeCode.BLOB || t.code === TypeCode.DECIMAL || t.code === TypeCode.DECIMAL64)) {
    throw new TaosError(
      Code.OPS_NOT_SUPPORT,
      `${t.code === TypeCode.BLOB ? 'BLOB' : 'DECIMAL'} cannot be a tag`,
    );
  }
  const length = declaredLength(t, isTag);
  const col: CatColumn = {
    name: def.name,
    type: t.code,
    length,
    phys: quoteIdent(isTag ? tagName(key) : colName(key)),
    key,
    ...(t.precision !== undefined && (t.code === TypeCode.DECIMAL || t.code === TypeCode.DECIMAL64)
      ? { precision: t.precision, scale: t.scale ?? 0 }
      : {}),
    ...(def.options?.get('encode') !== undefined ? { encode: def.options.get('encode') } : {}),
    ...(def.options?.get('compress') !== undefined ? { compress: def.options.get('compress') } : {}),
    ...(def.options?.get('level') !== undefined ? { level: def.options.get('level') } : {}),
    ...(def.primaryKey ? { primaryKey: true } : {}),
  };
  return col;
}

/** Whole-schema checks for a super table (tags non-empty) or a normal table (tags empty). */
export function checkSchema(
  columns: readonly CatColumn[],
  tags: readonly CatColumn[],
  isSuper: boolean,
): void {
  if (columns.length === 0 || columns[0]!.type !== TypeCode.TIMESTAMP)
    throw new TaosError(Code.INVALID_FIRST_COLUMN);
  if (columns.length < 2) throw new TaosError(Code.INVALID_COLUMNS_NUM, 'Invalid number of columns');
  if (isSuper && (tags.length < 1 || tags.length > LIMITS.tags))
    throw new TaosError(Code.INVALID_TAGS_NUM, 'Invalid number of tag columns');
  if (columns.length + tags.length > LIMITS.columns)
    throw new TaosError(Code.TOO_MANY_COLUMNS_PAR, 'Too many columns');
  const seen = new Set<string>();
  for (const c of [...columns, ...tags]) {
    if (seen.has(c.name)) throw new TaosError(Code.DUPLICATED_COLUMN);
    seen.add(c.name);
  }
  const jsonTags = tags.filter((t) => t.type === TypeCode.JSON).length;
  if (jsonTags > 0 && tags.length > 1)
    throw new TaosError(XCode.ONLY_ONE_JSON_TAG, 'Only one tag if there is a json tag');
  if (columns.filter((c) => c.type === TypeCode.BLOB).length > 1)
    throw new TaosError(Code.OPS_NOT_SUPPORT, 'Only one BLOB column is allowed');
  columns.forEach((c, i) => {
    if (c.primaryKey && i !== 1)
      throw new TaosError(Code.OPS_NOT_SUPPORT, 'Primary key column must be the second column');
    if (c.primaryKey) throw new TaosError(Code.OPS_NOT_SUPPORT, 'Composite primary key is not supported');
  });
  const rowLen = columns.reduce((n, c) => n + rowBytes(c), 0);
  if (rowLen > LIMITS.rowBytes)
    throw new TaosError(Code.INVALID_ROW_LENGTH, 'Row length exceeds max length 65531');
  const tagLen = tags.reduce((n, c) => n + rowBytes(c), 0);
  if (jsonTags === 0 && tagLen > LIMITS.tagBytes)
    throw new TaosError(Code.INVALID_TAGS_LENGTH, 'Tags length exceeds max length 16382');
}

/** Type text as ins_columns/ins_tags print it: `VARCHAR(64)`, `NCHAR(10)`, `DECIMAL(10, 2)`. */
export function typeText(c: { type: TypeCode; length: number; precision?: number; scale?: number }): string {
  switch (c.type) {
    case TypeCode.VARCHAR:
    case TypeCode.NCHAR:
    case TypeCode.VARBINARY:
    case TypeCode.GEOMETRY:
      return `${typeLabel(c)}(${c.length})`;
    default:
      return typeLabel(c);
  }
}

/** Type name as DESCRIBE prints it. */
export function typeLabel(c: { type: TypeCode; precision?: number; scale?: number }): string {
  switch (c.type) {
    case TypeCode.DECIMAL:
    case TypeCode.DECIMAL64:
      return `DECIMAL(${c.precision ?? 0}, ${c.scale ?? 0})`;
    case TypeCode.BOOL:
      return 'BOOL';
    case TypeCode.TINYINT:
      return 'TINYINT';
    case TypeCode.SMALLINT:
      return 'SMALLINT';
    case TypeCode.INT:
      return 'INT';
    case TypeCode.BIGINT:
      return 'BIGINT';
    case TypeCode.FLOAT:
      return 'FLOAT';
    case TypeCode.DOUBLE:
      return 'DOUBLE';
    case TypeCode.VARCHAR:
      return 'VARCHAR';
    case TypeCode.TIMESTAMP:
      return 'TIMESTAMP';
    case TypeCode.NCHAR:
      return 'NCHAR';
    case TypeCode.UTINYINT:
      return 'TINYINT UNSIGNED';
    case TypeCode.USMALLINT:
      return 'SMALLINT UNSIGNED';
    case TypeCode.UINT:
      return 'INT UNSIGNED';
    case TypeCode.UBIGINT:
      return 'BIGINT UNSIGNED';
    case TypeCode.JSON:
      return 'JSON';
    case TypeCode.VARBINARY:
      return 'VARBINARY';
    case TypeCode.GEOMETRY:
      return 'GEOMETRY';
    case TypeCode.BLOB:
    case TypeCode.MEDIUMBLOB:
      return 'BLOB';
    case TypeCode.NULL:
      return 'NULL';
  }
}
