/**
 * The engine's narrow view of the database it stores data in. Only `duckdb-storage.ts`
 * implements it (and is the only file that imports DuckDB).
 */
import type { Batch, Value } from '../engine/types.js';

/** Physical column types the engine creates and appends. */
export type PhysType =
  | 'BOOLEAN'
  | 'TINYINT'
  | 'SMALLINT'
  | 'INTEGER'
  | 'BIGINT'
  | 'UTINYINT'
  | 'USMALLINT'
  | 'UINTEGER'
  | 'UBIGINT'
  | 'FLOAT'
  | 'DOUBLE'
  | 'VARCHAR'
  | 'BLOB'
  | `DECIMAL(${number},${number})`;

/**
 * A value to append. Same as `Value`, except DECIMAL columns take the scaled integer as a
 * bigint (`12.30` in DECIMAL(10,2) is `1230n`).
 */
export type AppendValue = Value;

/** A relation addressed by its parts; `catalog: 'temp'` for connection-local temp tables. */
export interface RelationRef {
  readonly schema: string;
  readonly table: string;
  readonly catalog?: string;
}

/** Streaming query result, column-major batches converted to engine values. */
/** How a cursor hands out its batches. */
export interface CursorOptions {
  /**
   * Per result column: true to read a text column as raw-block entries (`VarEntries`, UTF-8
   * bytes straight from storage) instead of strings, for a consumer that only encodes blocks.
   */
  readonly varEntries?: readonly boolean[];
  /** Rows per batch at most (default 8192; rounded up to whole 2048-row storage chunks). */
  readonly batchRows?: number;
}

export interface Cursor {
  /** DuckDB type names of the result columns (`BIGINT`, `DECIMAL(10,2)`, …). */
  readonly columnTypes: readonly string[];
  readonly columnNames: readonly string[];
  next(): Promise<Batch | undefined>;
  /** Idempotent; releases the connection. */
  close(): void;
}

/** A fully read (small) result. */
export interface Rows {
  readonly columnNames: readonly string[];
  readonly rows: readonly (readonly Value[])[];
}

export interface StorageConnection {
  /** Run one or more statements, discarding results. */
  run(sql: string): Promise<void>;
  /** Run a query and read it whole (metadata and small results). */
  query(sql: string): Promise<Rows>;
  /** Number of rows a DML statement changed. */
  exec(sql: string): Promise<number>;
  /** Append column-major data through DuckDB's appender (DataChunks); `columns[i].length >= rowCount`. */
  append(
    rel: RelationRef,
    types: readonly PhysType[],
    columns: readonly ArrayLike<AppendValue>[],
    rowCount: number,
  ): Promise<void>;
}

export interface Storage {
  /** True when data lives only in memory. */
  readonly inMemory: boolean;
  /** Borrow a pooled connection for the duration of `fn` (autocommit mode). */
  withConnection<T>(fn: (c: StorageConnection) => Promise<T>): Promise<T>;
  /** Run `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (c: StorageConnection) => Promise<T>): Promise<T>;
  /**
   * Stream a query on a pooled connection held until the cursor is exhausted or closed.
   * `prepare` runs first on the same connection (e.g. to fill connection-local temp tables).
   * `small`: the caller knows the result is a few rows, so it may be materialised in one call
   * instead of streamed (each streamed fetch is a round trip to DuckDB's threads).
   */
  stream(
    sql: string,
    prepare?: (c: StorageConnection) => Promise<void>,
    small?: boolean,
    options?: CursorOptions,
  ): Promise<Cursor>;
  /** Idempotent. */
  close(): Promise<void>;
}
