import { expandMany, bindParams } from './bind.js';
import type { Params } from './bind.js';
import { InterfaceError, ProgrammingError } from './errors.js';
import type { TransportResult } from './transport.js';
import type { Field, Value } from './values.js';

/** Per-call options of `execute`, `query` and the cursor methods. */
export interface QueryOptions {
  signal?: AbortSignal;
  /** Request id sent to the server (generated when absent). */
  reqId?: bigint | number;
  /** Time limit in ms for this call (default: the connection's `timeout`; 0 = none). */
  timeout?: number;
}

/** PEP 249 column description: name, type code, display size, internal size, precision, scale, null ok. */
export type ColumnDescription = readonly [
  name: string,
  typeCode: number,
  displaySize: number | null,
  internalSize: number | null,
  precision: number | null,
  scale: number | null,
  nullOk: boolean | null,
];

/** @internal What a cursor needs from its connection. */
export interface StatementRunner {
  run(
    sql: string,
    opts: QueryOptions | undefined,
    log: ((sql: string) => void) | undefined,
  ): Promise<TransportResult>;
  readonly maxSqlLength: number;
  readonly closed: boolean;
}

/**
 * A PEP 249-style cursor, async. Holds one result at a time and hands it out with `fetchOne`,
 * `fetchMany` and `fetchAll`, or `for await`.
 *
 * @example
 * await using cur = conn.cursor();
 * await cur.execute('select * from t where v > ?', [10]);
 * for await (const row of cur) console.log(row);
 */
export class Cursor implements AsyncIterable<Value[]> {
  /** Default row count of `fetchMany()`. */
  arraySize = 1;
  readonly #runner: StatementRunner;
  #result: TransportResult | undefined;
  #pos = 0;
  #rowCount = -1;
  #affected: number | undefined;
  #closed = false;
  #log: ((sql: string) => void) | undefined;

  /** @internal Use `connection.cursor()`. */
  constructor(runner: StatementRunner) {
    this.#runner = runner;
  }

  /** Seven-item descriptions of the current result's columns; null without a result set. */
  get description(): readonly ColumnDescription[] | null {
    const r = this.#result;
    if (!r || r.affectedRows !== undefined) return null;
    return r.fields.map(describe);
  }

  /** Columns of the current result set (richer than `description`). */
  get fields(): readonly Field[] {
    return this.#result?.fields ?? [];
  }

  /** Affected rows of the last DML, or rows of the last query; -1 before any execute. */
  get rowCount(): number {
    return this.#rowCount;
  }

  /** Affected rows of the last DML/DDL; undefined after a query. */
  get affectedRows(): number | undefined {
    return this.#affected;
  }

  /** Request id of the last statement. */
  get reqId(): bigint | undefined {
    return this.#result?.reqId;
  }

  get closed(): boolean {
    return this.#closed || this.#runner.closed;
  }

  /**
   * Log every statement this cursor sends (the bound SQL), like taospy's `cursor.log(file)` but
   * to a function of yours: `cur.log((sql) => lines.push(sql))`. Pass `null` to stop.
   */
  log(sink: ((sql: string) => void) | null): this {
    this.#log = sink ?? undefined;
    return this;
  }

  /** Run one statement; resolves with `rowCount`. */
  async execute(sql: string, params?: Params, opts?: QueryOptions): Promise<number> {
    this.#check();
    const text = bindParams(sql, params);
    this.#set(await this.#runner.run(text, opts, this.#log));
    return this.#rowCount;
  }

  /**
   * Run a statement once per parameter set, batched: `INSERT … VALUES (?, ?)` becomes one
   * multi-row INSERT (split only to stay under `maxSqlLength`); other statements run one by one.
   * Every set is bound before the first request. Resolves with the total affected rows.
   */
  async executeMany(sql: string, seqOfParams: Iterable<Params>, opts?: QueryOptions): Promise<number> {
    this.#check();
    const statements = expandMany(sql, [...seqOfParams], this.#runner.maxSqlLength);
    let total = 0;
    let last: TransportResult | undefined;
    for (let k = 0; k < statements.length; k++) {
      const o = k === 0 || opts?.reqId === undefined ? opts : { ...opts, reqId: undefined };
      last = await this.#runner.run(statements[k] as string, o, this.#log);
      total += last.affectedRows ?? last.rows.length;
    }
    this.#result = last && { ...last, rows: [], affectedRows: total };
    this.#pos = 0;
    this.#affected = total;
    this.#rowCount = total;
    return total;
  }

  /** Next row, or null when the result is exhausted. */
  async fetchOne(): Promise<Value[] | null> {
    const rows = this.#rows();
    return this.#pos < rows.length ? (rows[this.#pos++] as Value[]) : null;
  }

  /** Up to `size` next rows (default `arraySize`); fewer at the end, `[]` when exhausted. */
  async fetchMany(size: number = this.arraySize): Promise<Value[][]> {
    if (!Number.isInteger(size) || size < 0)
      throw new ProgrammingError(`fetchMany size must be a non-negative integer, got ${size}`);
    const rows = this.#rows();
    const out = rows.slice(this.#pos, this.#pos + size);
    this.#pos += out.length;
    return out;
  }

  /** All remaining rows. */
  async fetchAll(): Promise<Value[][]> {
    const rows = this.#rows();
    const out = rows.slice(this.#pos);
    this.#pos = rows.length;
    return out;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Value[]> {
    for (;;) {
      const row = await this.fetchOne();
      if (row === null) return;
      yield row;
    }
  }

  /** Drop the current result. Idempotent; the connection stays open. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#result = undefined;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #check(): void {
    if (this.#closed) throw new InterfaceError('the cursor is closed');
    if (this.#runner.closed) throw new InterfaceError('the connection is closed');
  }

  #set(r: TransportResult): void {
    this.#result = r;
    this.#pos = 0;
    this.#affected = r.affectedRows;
    this.#rowCount = r.affectedRows ?? r.rows.length;
  }

  #rows(): readonly Value[][] {
    if (this.#closed) throw new InterfaceError('the cursor is closed');
    const r = this.#result;
    if (!r) throw new ProgrammingError('no result set: call execute() first');
    if (r.affectedRows !== undefined)
      throw new ProgrammingError('the last statement did not produce a result set');
    return r.rows;
  }
}

const DECIMAL = /^DECIMAL\((\d+),\s*(\d+)\)$/i;

function describe(f: Field): ColumnDescription {
  const m = DECIMAL.exec(f.type);
  const size = f.length > 0 ? f.length : null;
  return Object.freeze([
    f.name,
    f.typeCode,
    size,
    size,
    m ? Number(m[1]) : null,
    m ? Number(m[2]) : null,
    null,
  ] as const);
}
