/**
 * The engine's contract with the endpoints (REST, WS) and the CLI: SQL text in, result out.
 * Endpoints never see DuckDB; they render `QueryResult` batches as JSON or raw blocks.
 */
import type { Precision, TypedValues, VarEntries } from '@taosts/protocol';
import type { ResultColumn, SchemaProvider, Statement } from '@taosts/sql';
import type { RowsInsert } from '../ingest/insert-rows.js';

export type { ResultColumn };

/** Per-connection state. REST builds a fresh one per request; WS keeps one per socket. */
export interface Session {
  readonly user: string;
  /** Current database (`USE`, REST path, WS `conn.db`). */
  db?: string;
  /** IANA zone for zone-less timestamp strings, TODAY(), 1d windows (REST `conn_tz`, WS `tz`). */
  timezone: string;
  readonly reqId?: bigint;
}

/**
 * Values in result batches, by TDengine type:
 * BOOL boolean; TINYINT…INT and unsigned up to INT UNSIGNED number; BIGINT, BIGINT UNSIGNED
 * bigint; FLOAT, DOUBLE number; TIMESTAMP bigint ticks in `precision`; VARCHAR, NCHAR string;
 * JSON string holding JSON text; VARBINARY, GEOMETRY (WKB), BLOB Uint8Array; DECIMAL string with
 * exactly `scale` fraction digits; SQL NULL null.
 */
export type Value = boolean | number | bigint | string | Uint8Array | null;

/**
 * A NULL-free numeric column as the typed array whose elements already are its `Value`s
 * (TIMESTAMP/BIGINT `BigInt64Array`, FLOAT `Float32Array`, INT `Int32Array`…), so that numbers
 * reach the WS raw-block encoder as bytes, never boxed one by one.
 */
export type TypedColumn = TypedValues;

/**
 * One result column of a batch: `Value`s, or a typed array when no row is NULL, or (only for a
 * consumer that asked for them, see `CursorOptions.varEntries`) text as raw-block entries.
 */
export type BatchColumn = readonly Value[] | TypedColumn | VarEntries;

/** Column-major slice of a result. */
export interface Batch {
  readonly rowCount: number;
  /**
   * One column per result column, each `rowCount` long; `columns[c][r]` is the Value, except for
   * `VarEntries` columns (read them with `columnValues`).
   */
  readonly columns: readonly BatchColumn[];
}

/** How a consumer wants a query's batches. */
export interface ResultOptions {
  /**
   * VARCHAR columns as raw-block entries (`VarEntries`: UTF-8 bytes read straight from storage)
   * rather than strings; for a consumer that only encodes raw blocks (the WS fetch path).
   */
  readonly varcharEntries?: boolean;
  /** Rows per batch at most (storage reads whole 2048-row chunks). */
  readonly batchRows?: number;
}

export interface QueryResult {
  readonly kind: 'query';
  readonly columns: readonly ResultColumn[];
  /** Precision of every TIMESTAMP column in this result. */
  readonly precision: Precision;
  /** Next batch, or undefined when the result is exhausted (then it is closed). */
  next(): Promise<Batch | undefined>;
  /** Release the result early; idempotent. */
  close(): void;
}

export interface AffectedResult {
  readonly kind: 'affected';
  readonly affectedRows: number;
}

export type ExecResult = QueryResult | AffectedResult;

export interface Engine {
  /** Run one SQL statement. Throws `TaosError` with TDengine's code on failure. */
  execute(sql: string, session: Session, options?: ResultOptions): Promise<ExecResult>;
  /** Check a user's password. */
  authenticate(user: string, password: string): boolean;
  /** Server version reported to clients (`server_version()`, WS `version`). */
  readonly version: string;
  close(): Promise<void>;
  /** Run a parsed statement (WS stmt2 queries with bound values, schemaless DDL). Optional. */
  executeStatement?(
    stmt: Statement,
    session: Session,
    sql?: string,
    options?: ResultOptions,
  ): Promise<ExecResult>;
  /** Insert typed rows without SQL text (stmt2, schemaless); returns affected rows. Optional. */
  insertRows?(req: RowsInsert, session: Session): Promise<number>;
  /** Check a statement without running it (WS `validate_sql`). Optional. */
  validate?(sql: string, session: Session): Promise<void>;
  /** The catalog as the translator sees it (stmt2 field lookup, schemaless). Optional. */
  readonly schema?: SchemaProvider;
}
