import type { TypeCode } from '../types.js';

/**
 * A cell value as the engine represents it: BOOL `boolean`; TINYINT…INT and unsigned ≤ 32 bits
 * `number`; BIGINT/UBIGINT/TIMESTAMP `bigint` (timestamps as ticks in the result precision);
 * FLOAT/DOUBLE `number` (FLOAT is the exact float32 value); VARCHAR/NCHAR/JSON `string`;
 * VARBINARY/GEOMETRY/BLOB `Uint8Array`; DECIMAL/DECIMAL64 exact decimal `string`; NULL `null`.
 */
export type Value = boolean | number | bigint | string | Uint8Array | null;

/** One column handed to {@link encodeRawBlock}. */
export interface BlockColumn {
  readonly type: TypeCode;
  /**
   * Declared length of a variable-length column (VARCHAR(n)/VARBINARY(n) bytes, NCHAR(n) chars).
   * Defaults to the longest value in the block. Ignored for fixed-width types.
   */
  readonly length?: number;
  /** DECIMAL precision (default 38 for DECIMAL, 18 for DECIMAL64). */
  readonly precision?: number;
  /** DECIMAL scale (default 0). */
  readonly scale?: number;
  /**
   * One value per row (`null` or `undefined` is NULL), or for VARCHAR/VARBINARY/JSON/GEOMETRY
   * entries already in the block's form ({@link VarEntries}).
   */
  readonly values: ArrayLike<Value | undefined> | VarEntries;
}

/**
 * A variable-length column already in raw-block form (protocol.md §3.2): row `r` is the entry at
 * byte `offsets[r]` of `data` (-1: NULL), each entry a little-endian `uint16` length and that
 * many bytes. Rows may share an entry. A server holding UTF-8 text hands these to
 * {@link encodeRawBlock} without turning them into strings first. Not for NCHAR (UCS-4) or BLOB.
 */
export interface VarEntries {
  readonly kind: 'var-entries';
  readonly offsets: Int32Array;
  readonly data: Uint8Array;
  /** Longest payload in bytes (the default declared length). */
  readonly maxLength: number;
}

/** True when a column's values are {@link VarEntries}. */
export function isVarEntries(values: unknown): values is VarEntries {
  return (values as { kind?: unknown } | null)?.kind === 'var-entries';
}

export interface EncodeRawBlockOptions {
  /** Header version: 1 for query results (default), 2 for TMQ (protocol.md §3.5). */
  readonly version?: 1 | 2;
  /** Append the 1-byte `blankFill` flag newer servers send after the last column (§3.3). */
  readonly blankFill?: boolean;
  /** Header flag word; taosd sends `0x80000000` ("has column info", the default), TA's serializer 0. */
  readonly flagSegment?: number;
  /** Header group id (default 0). */
  readonly groupId?: bigint;
  /**
   * Write a repeated string of a VARCHAR/NCHAR/JSON column once and point every row holding it at
   * that entry (offsets may repeat; readers follow each row's offset). taosd writes each row's
   * entry; sharing makes blocks of repetitive text (tags, status values) smaller to send and to
   * decode. Default false.
   */
  readonly shareRepeats?: boolean;
}

/** Column data as decoded: a typed array for numeric types, an array for the rest. */
export type ColumnData =
  | Uint8Array // BOOL (0/1 as sent; ≠0 is true), UTINYINT, NULL
  | Int8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array // BIGINT, TIMESTAMP
  | BigUint64Array
  | Float32Array
  | Float64Array
  | (string | null)[] // VARCHAR, NCHAR, JSON, DECIMAL, DECIMAL64
  | (Uint8Array | null)[]; // VARBINARY, GEOMETRY, BLOB, MEDIUMBLOB

/** Column metadata carried in a raw block's column-info section. */
export interface BlockColumnInfo {
  readonly type: TypeCode;
  /** Column-info `bytes`: internal width (VARCHAR(n) → n+2, NCHAR(n) → 4n+2); packed for DECIMAL. */
  readonly bytes: number;
  /** DECIMAL precision and scale unpacked from `bytes`; 0 for other types. */
  readonly precision: number;
  readonly scale: number;
}

export interface DecodedColumn extends BlockColumnInfo {
  /**
   * NULL flags as an MSB-first bitmap (bit `0x80 >> (r & 7)` of byte `r >> 3` set = NULL), or
   * `null` when no row is NULL. Typed-array slots of NULL rows hold meaningless values; array
   * data holds `null` there.
   */
  readonly nulls: Uint8Array | null;
  readonly data: ColumnData;
}

export interface DecodedBlock {
  readonly version: number;
  readonly rows: number;
  readonly groupId: bigint;
  readonly columns: DecodedColumn[];
}

export interface DecodeRawBlockOptions {
  /**
   * Read the columns as these types instead of the types in the block's column info. taosAdapter
   * decodes stmt1 INSERT binds with the statement's field types (protocol.md §5).
   */
  readonly types?: readonly TypeCode[];
}
