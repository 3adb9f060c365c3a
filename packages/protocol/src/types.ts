/**
 * TDengine column type codes, names and widths (protocol.md §2.6, §3.2).
 * One table drives REST `column_meta`, WS `fields_types` and raw-block layout.
 */
export const TypeCode = {
  NULL: 0,
  BOOL: 1,
  TINYINT: 2,
  SMALLINT: 3,
  INT: 4,
  BIGINT: 5,
  FLOAT: 6,
  DOUBLE: 7,
  VARCHAR: 8,
  TIMESTAMP: 9,
  NCHAR: 10,
  UTINYINT: 11,
  USMALLINT: 12,
  UINT: 13,
  UBIGINT: 14,
  JSON: 15,
  VARBINARY: 16,
  DECIMAL: 17,
  BLOB: 18,
  MEDIUMBLOB: 19,
  GEOMETRY: 20,
  DECIMAL64: 21,
} as const;
export type TypeCode = (typeof TypeCode)[keyof typeof TypeCode];

interface TypeInfo {
  /** Name as REST `column_meta` and DESCRIBE report it. */
  readonly name: string;
  /** Fixed byte width in raw blocks; 0 for variable-length types. */
  readonly width: number;
}

const INFO: Record<TypeCode, TypeInfo> = {
  0: { name: 'NULL', width: 1 },
  1: { name: 'BOOL', width: 1 },
  2: { name: 'TINYINT', width: 1 },
  3: { name: 'SMALLINT', width: 2 },
  4: { name: 'INT', width: 4 },
  5: { name: 'BIGINT', width: 8 },
  6: { name: 'FLOAT', width: 4 },
  7: { name: 'DOUBLE', width: 8 },
  8: { name: 'VARCHAR', width: 0 },
  9: { name: 'TIMESTAMP', width: 8 },
  10: { name: 'NCHAR', width: 0 },
  11: { name: 'TINYINT UNSIGNED', width: 1 },
  12: { name: 'SMALLINT UNSIGNED', width: 2 },
  13: { name: 'INT UNSIGNED', width: 4 },
  14: { name: 'BIGINT UNSIGNED', width: 8 },
  15: { name: 'JSON', width: 0 },
  16: { name: 'VARBINARY', width: 0 },
  17: { name: 'DECIMAL', width: 16 },
  18: { name: 'BLOB', width: 0 },
  19: { name: '', width: 0 },
  20: { name: 'GEOMETRY', width: 0 },
  21: { name: 'DECIMAL', width: 8 },
};

/** REST/DESCRIBE type name; DECIMAL carries `(p,s)` (protocol.md §2.6). */
export function typeName(code: TypeCode, precision?: number, scale?: number): string {
  if ((code === TypeCode.DECIMAL || code === TypeCode.DECIMAL64) && precision !== undefined) {
    return `DECIMAL(${precision},${scale ?? 0})`;
  }
  return INFO[code].name;
}

/** Type code from a REST/DESCRIBE type name (`VARCHAR`, `BIGINT UNSIGNED`, `DECIMAL(10,2)`). */
export function typeCodeOf(name: string): TypeCode | undefined {
  const upper = name.trim().toUpperCase();
  if (upper.startsWith('DECIMAL')) return TypeCode.DECIMAL;
  if (upper === 'BINARY') return TypeCode.VARCHAR;
  for (const [code, info] of Object.entries(INFO)) {
    if (info.name === upper) return Number(code) as TypeCode;
  }
  return undefined;
}

/** Byte width of a fixed-width type in raw blocks, 0 for variable-length types. */
export function fixedWidth(code: TypeCode): number {
  return INFO[code].width;
}

export function isVarType(code: TypeCode): boolean {
  return INFO[code].width === 0;
}

/** Types whose values are 64-bit integers (bigint in JS). */
export function isBigIntType(code: TypeCode): boolean {
  return code === TypeCode.BIGINT || code === TypeCode.UBIGINT || code === TypeCode.TIMESTAMP;
}

/** Length REST `column_meta` reports for a column (declared length for var types, §2.6). */
export function displayLength(code: TypeCode, declared?: number): number {
  switch (code) {
    case TypeCode.JSON:
      return 4095;
    case TypeCode.BLOB:
      return 4194304;
    case TypeCode.DECIMAL:
      return 16;
    case TypeCode.DECIMAL64:
      return 8;
    default:
      return isVarType(code) ? (declared ?? 0) : INFO[code].width;
  }
}

/** Internal width used in raw-block column info: VARCHAR(n) → n+2, NCHAR(n) → 4n+2 (§2.6). */
export function blockWidth(code: TypeCode, declared?: number): number {
  switch (code) {
    case TypeCode.NCHAR:
      return 4 * (declared ?? 0) + 2;
    case TypeCode.VARCHAR:
    case TypeCode.VARBINARY:
    case TypeCode.GEOMETRY:
      return (declared ?? 0) + 2;
    case TypeCode.JSON:
      return 4095 * 4 + 2;
    case TypeCode.BLOB:
      return 4194304 + 4;
    default:
      return INFO[code].width;
  }
}

export type Precision = 'ms' | 'us' | 'ns';
export const PRECISIONS: readonly Precision[] = ['ms', 'us', 'ns'];
/** Wire code of a precision: 0 ms, 1 us, 2 ns. */
export function precisionCode(p: Precision): 0 | 1 | 2 {
  return p === 'ms' ? 0 : p === 'us' ? 1 : 2;
}
export function precisionOf(code: number): Precision {
  return code === 1 ? 'us' : code === 2 ? 'ns' : 'ms';
}
/** Ticks per second at a precision. */
export function ticksPerSecond(p: Precision): bigint {
  return p === 'ms' ? 1_000n : p === 'us' ? 1_000_000n : 1_000_000_000n;
}
