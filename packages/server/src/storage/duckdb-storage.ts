/**
 * `Storage` on DuckDB (`@duckdb/node-api`). The only file that imports DuckDB.
 *
 * One instance, a pool of connections (DuckDB runs concurrent connections in parallel and
 * isolates their transactions); rows go in through the appender with DataChunks (perf.md §3a);
 * results come out as column-major batches of engine values.
 */
import {
  DuckDBDataChunk,
  DuckDBDecimalType,
  DuckDBInstance,
  DuckDBMaterializedResult,
  DuckDBTypeId,
  DECIMAL,
  BIGINT,
  BLOB,
  BOOLEAN,
  DOUBLE,
  FLOAT,
  INTEGER,
  SMALLINT,
  TINYINT,
  UBIGINT,
  UINTEGER,
  USMALLINT,
  UTINYINT,
  VARCHAR,
  blobValue,
  decimalValue,
} from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBResult, DuckDBType, DuckDBVector } from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Code, TaosError, VarEntriesBuilder } from '@taosts/protocol';
import type { Batch, BatchColumn, TypedColumn, Value } from '../engine/types.js';
import { formatDecimal } from './decimal.js';
import { mapError } from './map-error.js';
import { readItems, readStrings, readVarEntries, validityBytes, vectorItems } from './read-vector.js';
import type { PointerReader } from './read-vector.js';
import { writeItems } from './write-vector.js';
import type {
  AppendValue,
  Cursor,
  CursorOptions,
  PhysType,
  RelationRef,
  Rows,
  Storage,
  StorageConnection,
} from './storage.js';

export interface DuckDBStorageOptions {
  /** Directory for the database file; undefined = in-memory. */
  readonly path?: string;
  /** DuckDB `threads` setting. */
  readonly threads?: number;
}

const MAX_IDLE = 16;
const CHUNK_ROWS = 2048;
/** Appended by `writeItems` straight into the vector's typed array. */
const NUMERIC_TYPES: ReadonlySet<PhysType> = new Set<PhysType>([
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'UTINYINT',
  'USMALLINT',
  'UINTEGER',
  'UBIGINT',
  'FLOAT',
  'DOUBLE',
]);
/** Rows a cursor batch gathers from DuckDB chunks (2048 each) before handing it out. */
const BATCH_ROWS = 8192;

/** node-api's own native binding, for the one call it does not wrap: a bulk pointer read. */
const fromPointer = (
  createRequire(createRequire(import.meta.url).resolve('@duckdb/node-api'))('@duckdb/node-bindings') as {
    get_data_from_pointer: PointerReader;
  }
).get_data_from_pointer;

/** DuckDB storage; create with `DuckDBStorage.open()`. */
export class DuckDBStorage implements Storage {
  readonly inMemory: boolean;
  #instance: DuckDBInstance | undefined;
  #idle: DuckDBConnection[] = [];
  #busy = new Set<DuckDBConnection>();

  private constructor(instance: DuckDBInstance, inMemory: boolean) {
    this.#instance = instance;
    this.inMemory = inMemory;
  }

  static async open(options: DuckDBStorageOptions = {}): Promise<DuckDBStorage> {
    const config: Record<string, string> = {};
    if (options.threads !== undefined) config.threads = String(options.threads);
    let file = ':memory:';
    if (options.path !== undefined) {
      mkdirSync(options.path, { recursive: true });
      file = join(options.path, 'taosts.duckdb');
    }
    const instance = await DuckDBInstance.create(file, config);
    return new DuckDBStorage(instance, options.path === undefined);
  }

  async #acquire(): Promise<DuckDBConnection> {
    const instance = this.#instance;
    if (!instance) throw new TaosError(Code.OPS_NOT_SUPPORT, 'storage is closed');
    const c = this.#idle.pop() ?? (await instance.connect());
    this.#busy.add(c);
    return c;
  }

  #release(c: DuckDBConnection, healthy = true): void {
    this.#busy.delete(c);
    if (healthy && this.#instance && this.#idle.length < MAX_IDLE) this.#idle.push(c);
    else c.closeSync();
  }

  async withConnection<T>(fn: (c: StorageConnection) => Promise<T>): Promise<T> {
    const c = await this.#acquire();
    try {
      return await fn(new Conn(c));
    } finally {
      this.#release(c);
    }
  }

  async transaction<T>(fn: (c: StorageConnection) => Promise<T>): Promise<T> {
    const c = await this.#acquire();
    let healthy = true;
    try {
      await c.run('BEGIN TRANSACTION');
      let result: T;
      try {
        result = await fn(new Conn(c));
      } catch (e) {
        try {
          await c.run('ROLLBACK');
        } catch {
          healthy = false;
        }
        throw e;
      }
      try {
        await c.run('COMMIT');
      } catch (e) {
        // A failed commit leaves DuckDB's transaction aborted; make sure it is gone.
        try {
          await c.run('ROLLBACK');
        } catch {
          healthy = false;
        }
        throw mapError(e);
      }
      return result;
    } finally {
      this.#release(c, healthy);
    }
  }

  async stream(
    sql: string,
    prepare?: (c: StorageConnection) => Promise<void>,
    small = false,
    options: CursorOptions = {},
  ): Promise<Cursor> {
    const c = await this.#acquire();
    try {
      if (prepare) await prepare(new Conn(c));
      // A small result in one round trip; anything else streams chunk by chunk (bounded memory).
      const result = small ? await c.run(sql) : await c.stream(sql);
      return new DuckCursor(result, () => this.#release(c), options);
    } catch (e) {
      this.#release(c);
      throw mapError(e);
    }
  }

  async close(): Promise<void> {
    const instance = this.#instance;
    if (!instance) return;
    this.#instance = undefined;
    if (!this.inMemory) {
      try {
        const c = await instance.connect();
        await c.run('CHECKPOINT');
        c.closeSync();
      } catch {
        // The WAL still holds everything committed; a checkpoint is only tidiness.
      }
    }
    for (const c of this.#idle) c.closeSync();
    this.#idle = [];
    for (const c of this.#busy) c.closeSync();
    this.#busy.clear();
    instance.closeSync();
  }
}

class Conn implements StorageConnection {
  readonly #c: DuckDBConnection;
  constructor(c: DuckDBConnection) {
    this.#c = c;
  }

  async run(sql: string): Promise<void> {
    try {
      await this.#c.run(sql);
    } catch (e) {
      throw mapError(e);
    }
  }

  async exec(sql: string): Promise<number> {
    try {
      const r = await this.#c.run(sql);
      return Number(r.rowsChanged);
    } catch (e) {
      throw mapError(e);
    }
  }

  async query(sql: string): Promise<Rows> {
    let result: DuckDBResult;
    try {
      result = await this.#c.run(sql);
    } catch (e) {
      throw mapError(e);
    }
    const names = result.columnNames();
    const readers = result.columnTypes().map(readerFor);
    const rows: Value[][] = [];
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const vectors = readers.map((_, i) => chunk.getColumnVector(i));
      for (let r = 0; r < chunk.rowCount; r++) {
        rows.push(vectors.map((v, i) => readers[i]!(v, r)));
      }
    }
    return { columnNames: names, rows };
  }

  async append(
    rel: RelationRef,
    types: readonly PhysType[],
    columns: readonly ArrayLike<AppendValue>[],
    rowCount: number,
  ): Promise<void> {
    if (rowCount === 0) return;
    let appender;
    try {
      appender = await this.#c.createAppender(rel.table, rel.schema, rel.catalog ?? null);
    } catch (e) {
      throw mapError(e);
    }
    const duckTypes = types.map(duckTypeOf);
    const writers = types.map(writerFor);
    const numeric = types.map((t) => NUMERIC_TYPES.has(t));
    const chunk = DuckDBDataChunk.create(duckTypes);
    try {
      for (let start = 0; start < rowCount; start += CHUNK_ROWS) {
        const n = Math.min(CHUNK_ROWS, rowCount - start);
        chunk.rowCount = n;
        for (let col = 0; col < writers.length; col++) {
          const vector = chunk.getColumnVector(col);
          const values = columns[col]!;
          const write = writers[col]!;
          if (!numeric[col] || !writeItems(vector, values, start, n))
            for (let r = 0; r < n; r++) write(vector, r, values[start + r] ?? null);
          vector.flush();
        }
        appender.appendDataChunk(chunk);
      }
      appender.closeSync();
    } catch (e) {
      try {
        appender.clear();
        appender.closeSync();
      } catch {
        // Already failed; the original error is what matters.
      }
      throw mapError(e);
    }
  }
}

class DuckCursor implements Cursor {
  readonly columnTypes: readonly string[];
  readonly columnNames: readonly string[];
  #result: DuckDBResult | undefined;
  #readers: readonly ColumnReader[];
  /** Per column, the typed array its NULL-free values are gathered in (numbers, timestamps). */
  #typed: readonly (TypedCtor | undefined)[];
  /** Per column: read as raw-block entries (a VARCHAR column the consumer asked that for). */
  #entries: readonly boolean[];
  #batchRows: number;
  #release: (() => void) | undefined;

  constructor(result: DuckDBResult, release: () => void, options: CursorOptions) {
    this.#result = result;
    this.#release = release;
    const types = result.columnTypes();
    this.columnTypes = types.map((t) => t.toString());
    this.columnNames = result.columnNames();
    this.#readers = types.map(columnReaderFor);
    this.#typed = types.map(typedArrayFor);
    this.#entries = types.map(
      (t, i) => options.varEntries?.[i] === true && t.typeId === DuckDBTypeId.VARCHAR,
    );
    this.#batchRows = Math.max(
      CHUNK_ROWS,
      Math.ceil((options.batchRows ?? BATCH_ROWS) / CHUNK_ROWS) * CHUNK_ROWS,
    );
  }

  /**
   * The next chunk: read in place from a materialised result, fetched from a streaming one. A
   * streaming result starts fetching the chunk after it at once, so that DuckDB produces it (on
   * a worker thread) while we read this one's vectors.
   *
   * Caveat (`@duckdb/node-api` 1.5): a streaming result that fails part-way through ends like
   * one that is exhausted (`duckdb_fetch_chunk` returns no chunk either way and the binding does
   * not expose `duckdb_result_error`). The translator therefore keeps row-level failures out of
   * DuckDB (TDengine never fails a cast on a value, cast.ts; arithmetic is DOUBLE; integer sums
   * wrap like TDengine's); its own `error()` checks sit behind blocking window operators.
   */
  async #fetch(result: DuckDBResult): Promise<DuckDBDataChunk | null> {
    if (result instanceof DuckDBMaterializedResult)
      return this.#chunk < result.chunkCount ? result.getChunk(this.#chunk++) : null;
    const chunk = await (this.#ahead ?? result.fetchChunk());
    this.#ahead = undefined;
    if (chunk && chunk.rowCount > 0 && this.#result === result) {
      const ahead = result.fetchChunk();
      // A failure surfaces on the next call; close waits for it to settle.
      ahead.catch(() => undefined);
      this.#ahead = ahead;
    }
    return chunk;
  }
  #chunk = 0;
  /** The streaming result's next chunk, on its way. */
  #ahead: Promise<DuckDBDataChunk | null> | undefined;

  async next(): Promise<Batch | undefined> {
    const result = this.#result;
    if (!result) return undefined;
    const width = this.#readers.length;
    const max = this.#batchRows;
    const columns: (Value[] | TypedColumn)[] = this.#typed.map((t) => (t ? new (t as TypedCtor)(max) : []));
    const entries = this.#entries.map((e) => (e ? new VarEntriesBuilder(max, 16 * max) : undefined));
    let rowCount = 0;
    // Chunks hold at most 2048 rows, often fewer (filters, LIMIT): fetch one only while a whole
    // one still fits, so a batch never outgrows the arrays it started with.
    while (rowCount + CHUNK_ROWS <= max) {
      let chunk;
      try {
        chunk = await this.#fetch(result);
      } catch (e) {
        this.close();
        throw mapError(e);
      }
      if (!chunk || chunk.rowCount === 0) {
        this.close();
        break;
      }
      const n = chunk.rowCount;
      if (n > CHUNK_ROWS) throw new TaosError(Code.OPS_NOT_SUPPORT, `chunk of ${n} rows`);
      for (let i = 0; i < width; i++) {
        const v = chunk.getColumnVector(i);
        const builder = entries[i];
        if (builder) {
          readEntries(v, n, builder, rowCount);
          continue;
        }
        const col = columns[i]!;
        if (!Array.isArray(col) && copyItems(v, n, col, rowCount)) continue;
        // A NULL (or an unexpected vector): this column is plain values from here on.
        const out = Array.isArray(col)
          ? col
          : (columns[i] = Array.from(col.subarray(0, rowCount) as ArrayLike<Value>));
        this.#readers[i]!(v, n, out as Value[], rowCount);
      }
      rowCount += n;
    }
    if (rowCount === 0) return undefined;
    const out: BatchColumn[] = columns;
    for (let i = 0; i < width; i++) {
      const col = columns[i]!;
      const builder = entries[i];
      if (builder) out[i] = builder.finish(rowCount);
      else if (!Array.isArray(col)) out[i] = col.subarray(0, rowCount);
    }
    return { rowCount, columns: out };
  }

  close(): void {
    this.#result = undefined;
    const release = this.#release;
    this.#release = undefined;
    // Never hand the connection on while a chunk is still being fetched on it.
    const ahead = this.#ahead;
    this.#ahead = undefined;
    if (ahead && release) void ahead.then(release, release);
    else release?.();
  }
}

type TypedCtor = new (n: number) => TypedColumn;

const utf8 = new TextEncoder();

/** Read `n` rows of a VARCHAR vector as raw-block entries into `out` from row `at`. */
function readEntries(v: DuckDBVector, n: number, out: VarEntriesBuilder, at: number): void {
  const dv = (v as unknown as { dataView?: unknown }).dataView;
  const valid = validityBytes(v);
  if (dv instanceof DataView && valid !== undefined && dv.byteLength >= 16 * n) {
    readVarEntries(dv, valid, n, out, at, fromPointer);
    return;
  }
  for (let r = 0; r < n; r++) {
    const s = v.getItem(r);
    if (s === null) out.setNull(at + r);
    else {
      const bytes = utf8.encode(String(s));
      out.add(at + r, bytes, 0, bytes.length);
    }
  }
}

/** The typed array a vector's `items` are (and its `Value`s, element by element), if any. */
function typedArrayFor(type: DuckDBType): TypedCtor | undefined {
  switch (type.typeId) {
    case DuckDBTypeId.TINYINT:
      return Int8Array;
    case DuckDBTypeId.SMALLINT:
      return Int16Array;
    case DuckDBTypeId.INTEGER:
      return Int32Array;
    case DuckDBTypeId.UTINYINT:
      return Uint8Array;
    case DuckDBTypeId.USMALLINT:
      return Uint16Array;
    case DuckDBTypeId.UINTEGER:
      return Uint32Array;
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return BigInt64Array;
    case DuckDBTypeId.UBIGINT:
      return BigUint64Array;
    case DuckDBTypeId.FLOAT:
      return Float32Array;
    case DuckDBTypeId.DOUBLE:
      return Float64Array;
    default:
      return undefined;
  }
}

/** Copy `n` NULL-free values of a numeric vector into `out` at `at`; false when it has NULLs. */
function copyItems(v: DuckDBVector, n: number, out: TypedColumn, at: number): boolean {
  const items = vectorItems(v);
  if (items === undefined || items.length < n || !allValid(validityBytes(v), n)) return false;
  if (items.constructor !== out.constructor) return false;
  (out as Int8Array).set(items.subarray(0, n) as Int8Array, at);
  return true;
}

function allValid(valid: Uint8Array | null | undefined, n: number): boolean {
  if (valid === null) return true;
  if (valid === undefined) return false;
  for (let r = 0; r < n; r++) if (!((valid[r >>> 3]! >>> (r & 7)) & 1)) return false;
  return true;
}

type Reader = (v: DuckDBVector, row: number) => Value;
/** Reads `n` rows of a vector into `out` from `at`. */
type ColumnReader = (v: DuckDBVector, n: number, out: Value[], at: number) => void;
type Writer = (v: DuckDBVector, row: number, value: AppendValue) => void;

const plain: Reader = (v, r) => v.getItem(r) as Value;

function readerFor(type: DuckDBType): Reader {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.VARCHAR:
      return plain;
    case DuckDBTypeId.BLOB:
      return (v, r) => {
        const item = v.getItem(r) as { bytes: Uint8Array } | null;
        return item === null ? null : new Uint8Array(item.bytes);
      };
    case DuckDBTypeId.DECIMAL: {
      const scale = (type as DuckDBDecimalType).scale;
      return (v, r) => {
        const item = v.getItem(r) as { value: bigint } | null;
        return item === null ? null : formatDecimal(item.value, scale);
      };
    }
    case DuckDBTypeId.TIMESTAMP:
      return (v, r) => (v.getItem(r) as { micros: bigint } | null)?.micros ?? null;
    case DuckDBTypeId.TIMESTAMP_MS:
      return (v, r) => (v.getItem(r) as { milliseconds: bigint } | null)?.milliseconds ?? null;
    case DuckDBTypeId.TIMESTAMP_NS:
      return (v, r) => (v.getItem(r) as { nanoseconds: bigint } | null)?.nanoseconds ?? null;
    case DuckDBTypeId.SQLNULL:
      return () => null;
    default:
      return (v, r) => {
        const item = v.getItem(r);
        return item === null ? null : String(item);
      };
  }
}

/**
 * Whole-vector readers: typed-array copies for numbers and timestamps (whose `items` already are
 * the ticks `Value` wants), bulk string extraction for VARCHAR, `getItem` for the rest.
 */
function columnReaderFor(type: DuckDBType): ColumnReader {
  const read = readerFor(type);
  const perItem: ColumnReader = (v, n, out, at) => {
    for (let r = 0; r < n; r++) out[at + r] = read(v, r);
  };
  switch (type.typeId) {
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return (v, n, out, at) => {
        const items = vectorItems(v);
        const valid = validityBytes(v);
        if (items === undefined || valid === undefined || items.length < n) perItem(v, n, out, at);
        else readItems(items, valid, n, out, at);
      };
    case DuckDBTypeId.VARCHAR:
      return (v, n, out, at) => {
        const dv = (v as unknown as { dataView?: unknown }).dataView;
        const valid = validityBytes(v);
        if (!(dv instanceof DataView) || valid === undefined || dv.byteLength < 16 * n)
          perItem(v, n, out, at);
        else readStrings(dv, valid, n, out, at, fromPointer);
      };
    default:
      return perItem;
  }
}

function duckTypeOf(t: PhysType): DuckDBType {
  switch (t) {
    case 'BOOLEAN':
      return BOOLEAN;
    case 'TINYINT':
      return TINYINT;
    case 'SMALLINT':
      return SMALLINT;
    case 'INTEGER':
      return INTEGER;
    case 'BIGINT':
      return BIGINT;
    case 'UTINYINT':
      return UTINYINT;
    case 'USMALLINT':
      return USMALLINT;
    case 'UINTEGER':
      return UINTEGER;
    case 'UBIGINT':
      return UBIGINT;
    case 'FLOAT':
      return FLOAT;
    case 'DOUBLE':
      return DOUBLE;
    case 'VARCHAR':
      return VARCHAR;
    case 'BLOB':
      return BLOB;
    default: {
      const m = /^DECIMAL\((\d+),(\d+)\)$/.exec(t);
      if (!m) throw new TaosError(Code.OPS_NOT_SUPPORT, `unknown physical type ${t}`);
      return DECIMAL(Number(m[1]), Number(m[2]));
    }
  }
}

function writerFor(t: PhysType): Writer {
  if (t === 'BLOB') {
    return (v, r, value) => v.setItem(r, value === null ? null : blobValue(value as Uint8Array));
  }
  if (t.startsWith('DECIMAL')) {
    const m = /^DECIMAL\((\d+),(\d+)\)$/.exec(t)!;
    const width = Number(m[1]);
    const scale = Number(m[2]);
    return (v, r, value) => v.setItem(r, value === null ? null : decimalValue(value as bigint, width, scale));
  }
  return (v, r, value) => (v as unknown as { setItem(i: number, x: unknown): void }).setItem(r, value);
}
