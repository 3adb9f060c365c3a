/**
 * Open query results of one WS connection (protocol.md §4.6–4.8). Ids count from 1 per
 * connection. Fetches on one result are serialised. Each fetch hands out one raw block (at most
 * `BLOCK_ROWS` rows) and keeps `AHEAD` engine batches read and encoded (or on their way), so
 * that they are ready while the client is still decoding this one (reading starts as soon as
 * the result opens). A result therefore holds at most the rest of the current batch and `AHEAD`
 * batches, however slowly (or never) the client fetches. A finished or failed result frees itself.
 */
import { Code, TaosError } from '@taosts/protocol';
import type { ResultColumn } from '@taosts/sql';
import type { Batch, QueryResult, ResultOptions } from '../engine/types.js';
import { encodeBatch, sliceBatch } from './encode-block.js';

/** Rows per raw block sent to clients. */
export const BLOCK_ROWS = 4096;
/**
 * Batches a result reads and encodes ahead of the client's fetches: enough to keep producing
 * through a client's pause (a GC, its own work on a block), few enough that a client that stops
 * fetching holds a few blocks, never more.
 */
export const AHEAD = 4;

/**
 * What the WS fetch path asks the engine for: batches of one block, text as UTF-8 entries
 * straight from storage (nothing but the block encoder reads them).
 */
export const WS_RESULT_OPTIONS: ResultOptions = { varcharEntries: true, batchRows: BLOCK_ROWS };

/** One block of a result: its rows, and those rows encoded as a raw block. */
export interface ResultBlock {
  readonly batch: Batch;
  readonly bytes: Uint8Array;
}

export class OpenResult {
  readonly id: number;
  readonly columns: readonly ResultColumn[];
  readonly precision: QueryResult['precision'];
  readonly #result: QueryResult;
  readonly #onDone: (r: OpenResult) => void;
  #chain: Promise<unknown> = Promise.resolve();
  #queued: ResultBlock[] = [];
  /** Batches being read and encoded ahead of the client, oldest first (at most `AHEAD`). */
  #ahead: Promise<ResultBlock[] | undefined>[] = [];
  #busy: Promise<Batch | undefined> | undefined;
  #closed = false;
  /** The raw block of the last legacy `fetch`, for `fetch_block`. */
  lastBlock: Uint8Array | undefined;

  constructor(id: number, result: QueryResult, onDone: (r: OpenResult) => void) {
    this.id = id;
    this.columns = result.columns;
    this.precision = result.precision;
    this.#result = result;
    this.#onDone = onDone;
    // The first block is read while the query reply travels and the client asks for it.
    this.#prefetch();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * The next block of at most `BLOCK_ROWS` rows, or undefined at the end (the result is then
   * freed). Calls are serialised; an engine error frees the result and rethrows.
   */
  next(): Promise<ResultBlock | undefined> {
    const run = this.#chain.then(() => this.#pull());
    this.#chain = run.catch(() => undefined);
    return run;
  }

  /** Run `fn` after pending fetches (e.g. `fetch_block` after `fetch`). */
  after<T>(fn: () => T): Promise<T> {
    const run = this.#chain.then(fn);
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async #pull(): Promise<ResultBlock | undefined> {
    if (this.#closed) throw new TaosError(Code.ADAPTER_GENERIC, 'result has been freed');
    let blocks: ResultBlock[] | undefined = this.#queued;
    try {
      // Skip empty batches: an empty block would read as "no more data" to some clients.
      while (blocks && blocks.length === 0 && !this.#closed) blocks = await this.#nextAhead();
    } catch (e) {
      this.close();
      throw e;
    }
    if (this.#closed) return undefined;
    if (!blocks) {
      this.close();
      return undefined;
    }
    const first = blocks[0]!;
    this.#queued = blocks.slice(1);
    this.#prefetch();
    return first;
  }

  /** The oldest batch read ahead (`#pull` tops the queue up again once it has it). */
  #nextAhead(): Promise<ResultBlock[] | undefined> {
    this.#prefetch();
    return this.#ahead.shift()!;
  }

  /**
   * Read ahead until `AHEAD` batches are ready or on their way, one engine call after another;
   * after the end of the result (or a failure) the rest resolve the same way.
   */
  #prefetch(): void {
    while (this.#ahead.length < AHEAD && !this.#closed) {
      const last = this.#ahead.at(-1);
      const ahead = last
        ? last.then((b) => (b && !this.#closed ? this.#produce() : undefined))
        : this.#produce();
      // Errors surface on the fetch that takes this batch; never as an unhandled rejection.
      ahead.catch(() => undefined);
      this.#ahead.push(ahead);
    }
  }

  /** The engine's next batch as encoded blocks (none for an empty batch), or undefined at the end. */
  async #produce(): Promise<ResultBlock[] | undefined> {
    const batch = await this.#engineNext();
    if (!batch || this.#closed) return batch && [];
    return sliceBatch(batch, BLOCK_ROWS)
      .filter((b) => b.rowCount > 0)
      .map((b) => ({ batch: b, bytes: encodeBatch(this.columns, b) }));
  }

  /** The engine's next batch, remembered so that `close` can wait for it. */
  #engineNext(): Promise<Batch | undefined> {
    const p = this.#result.next();
    this.#busy = p;
    const clear = () => {
      if (this.#busy === p) this.#busy = undefined;
    };
    p.then(clear, clear);
    return p;
  }

  /** Free the result (idempotent). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queued = [];
    this.lastBlock = undefined;
    this.#ahead = [];
    // Never release the engine cursor under a fetch still running on it.
    const busy = this.#busy;
    if (busy)
      void busy.then(
        () => this.#result.close(),
        () => this.#result.close(),
      );
    else this.#result.close();
    this.#onDone(this);
  }
}

export class ResultStore {
  readonly #open = new Map<number, OpenResult>();
  readonly #max: number;
  #nextId = 1;

  constructor(max = 1024) {
    this.#max = max;
  }

  get size(): number {
    return this.#open.size;
  }

  /** Register a result; closes it and throws when the connection holds too many. */
  add(result: QueryResult): OpenResult {
    if (this.#open.size >= this.#max) {
      result.close();
      throw new TaosError(
        Code.ADAPTER_GENERIC,
        `too many open results (${this.#max}); free results with free_result`,
      );
    }
    const r = new OpenResult(this.#nextId++, result, (x) => this.#open.delete(x.id));
    this.#open.set(r.id, r);
    return r;
  }

  get(id: number): OpenResult | undefined {
    return this.#open.get(id);
  }

  /** Free every result (socket closed). */
  closeAll(): void {
    for (const r of [...this.#open.values()]) r.close();
  }
}
