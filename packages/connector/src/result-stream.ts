import { isNullAt } from '@taosts/protocol';
import type { ColumnData, DecodedBlock, Precision } from '@taosts/protocol';
import { AbortError, InterfaceError } from './errors.js';
import type { ResultChunk, ResultSource } from './transport.js';
import type { Field, Value } from './values.js';
import { blockRows } from './ws/block-rows.js';

/**
 * One column of a block, as decoded: typed arrays for numbers (`Float32Array` for FLOAT,
 * `BigInt64Array`/`BigUint64Array` for 64-bit integers, TIMESTAMP as `BigInt64Array` ticks at the
 * result precision), arrays for strings, bytes and DECIMAL text. Over REST, a plain array of
 * values. Slots of NULL rows in typed arrays are meaningless: check `isNull(row)`.
 */
export class BlockColumn {
  readonly field: Field;
  readonly data: ColumnData | readonly Value[];
  /** MSB-first NULL bitmap (bit `0x80 >> (row & 7)` of byte `row >> 3`), or null when no row is NULL. */
  readonly nulls: Uint8Array | null;

  /** @internal */
  constructor(field: Field, data: ColumnData | readonly Value[], nulls: Uint8Array | null) {
    this.field = field;
    this.data = data;
    this.nulls = nulls;
  }

  isNull(row: number): boolean {
    return isNullAt(this.nulls, row);
  }

  /** The decoded value at `row` (`null` for NULL): typed-array element, string, bytes… */
  get(row: number): Value {
    return this.isNull(row) ? null : ((this.data as ArrayLike<Value>)[row] as Value);
  }
}

/** One block of a streamed result, column by column. */
export interface ColumnBlock {
  readonly rows: number;
  readonly columns: readonly BlockColumn[];
}

/**
 * A result read block by block (WebSocket: one raw block per `fetch_raw_block`, the next one
 * fetched while the loop works on this one, never more; REST: the reply as one block). Iterate rows with `for await`, blocks of
 * rows with `batches()`, or decoded columns with `blocks()` — once, one way. Leaving the loop
 * early (`break`, `return`, an exception) frees the server-side result; so does `close()`.
 *
 * @example
 * await using s = await conn.stream('select ts, v from big');
 * for await (const [ts, v] of s) if (v > 10) break; // the rest is freed on the server
 */
export class ResultStream implements AsyncIterable<Value[]>, AsyncDisposable {
  readonly fields: readonly Field[];
  /** Affected rows for INSERT/DDL…; undefined for queries. */
  readonly affectedRows: number | undefined;
  readonly reqId: bigint;
  readonly precision: Precision | undefined;
  readonly #source: ResultSource;
  readonly #signal: AbortSignal | undefined;
  #used = false;

  /** @internal */
  constructor(source: ResultSource, signal?: AbortSignal) {
    this.#source = source;
    this.#signal = signal;
    this.fields = source.fields;
    this.affectedRows = source.affectedRows;
    this.reqId = source.reqId;
    this.precision = source.precision;
  }

  /**
   * Rows, one at a time. A plain iterator over the rows of each block rather than an async
   * generator: a row already in hand costs one resolved promise, not a generator round trip.
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<Value[]> {
    const signal = this.#signal;
    const batches = this.batches();
    let rows: Value[][] = [];
    let i = 0;
    const iterator: AsyncIterableIterator<Value[]> = {
      next: async (): Promise<IteratorResult<Value[], undefined>> => {
        while (i >= rows.length) {
          const b = await batches.next();
          if (b.done) return { value: undefined, done: true };
          rows = b.value;
          i = 0;
        }
        // an abort stops the loop at once, not at the end of the block in hand
        if (signal?.aborted) {
          await batches.return(undefined);
          throw this.#aborted();
        }
        return { value: rows[i++]!, done: false };
      },
      // `break`, `return` or an exception in the loop: free the server-side result
      return: async (): Promise<IteratorResult<Value[], undefined>> => {
        rows = [];
        await batches.return(undefined);
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** Rows, one array per block. */
  async *batches(): AsyncGenerator<Value[][], void, undefined> {
    for await (const chunk of this.#chunks())
      yield 'rows' in chunk ? chunk.rows : blockRows(chunk.block, chunk.context);
  }

  /** Decoded columns, one `ColumnBlock` per block (no row objects are built). */
  async *blocks(): AsyncGenerator<ColumnBlock, void, undefined> {
    for await (const chunk of this.#chunks())
      yield 'rows' in chunk ? rowsToBlock(this.fields, chunk.rows) : decodedToBlock(this.fields, chunk.block);
  }

  /** Free the server-side result now. Idempotent. */
  close(): Promise<void> {
    return this.#source.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #aborted(): AbortError {
    return new AbortError('the request was aborted', { reqId: this.reqId, cause: this.#signal?.reason });
  }

  async *#chunks(): AsyncGenerator<ResultChunk, void, undefined> {
    if (this.#used) throw new InterfaceError('a result stream can be iterated only once');
    this.#used = true;
    try {
      for (;;) {
        if (this.#signal?.aborted) throw this.#aborted();
        const chunk = await this.#source.next();
        if (chunk === null) return;
        yield chunk;
      }
    } finally {
      await this.#source.close();
    }
  }
}

function decodedToBlock(fields: readonly Field[], b: DecodedBlock): ColumnBlock {
  return {
    rows: b.rows,
    columns: b.columns.map((c, i) => new BlockColumn(fields[i] as Field, c.data, c.nulls)),
  };
}

function rowsToBlock(fields: readonly Field[], rows: Value[][]): ColumnBlock {
  const n = rows.length;
  const columns = fields.map((f, c) => {
    const data = new Array<Value>(n);
    let nulls: Uint8Array | null = null;
    for (let r = 0; r < n; r++) {
      const v = (rows[r] as Value[])[c] as Value;
      data[r] = v;
      if (v === null) {
        nulls ??= new Uint8Array((n + 7) >>> 3);
        nulls[r >>> 3] = (nulls[r >>> 3] as number) | (0x80 >>> (r & 7));
      }
    }
    return new BlockColumn(f, data, nulls);
  });
  return { rows: n, columns };
}
