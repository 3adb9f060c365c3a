/**
 * One stmt2 statement of a WS connection: its prepared plan, the binds waiting for `exec`, and
 * the result of an executed query until `stmt2_result` takes it. Actions on one statement run
 * one at a time, as taosAdapter locks each statement.
 */
import { Code, TaosError } from '@taosts/protocol';
import type { ExecResult, Value } from '../../engine/types.js';
import type { TableRows } from '../../ingest/insert-rows.js';
import type { StmtEntry } from '../stmt-store.js';
import type { Stmt2Plan } from './stmt2-plan.js';

export class Stmt2Statement implements StmtEntry {
  readonly kind = 'stmt2' as const;
  readonly id: number;
  plan: Stmt2Plan | undefined;
  /** Bound tables (INSERT), accumulated until exec. */
  tables: TableRows[] = [];
  /** Bound `?` values (query). */
  params: Value[] | undefined;
  /** The executed query's result, until `stmt2_result` or the next exec. */
  result: ExecResult | undefined;
  #chain: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(id: number) {
    this.id = id;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Run `fn` after every action queued on this statement. */
  run<T>(fn: () => T | Promise<T>): Promise<T> {
    const p = this.#chain.then(() => {
      if (this.#closed) throw new TaosError(Code.ADAPTER_GENERIC, 'stmt has been freed');
      return fn();
    });
    this.#chain = p.catch(() => undefined);
    return p;
  }

  /** Drop binds and any pending result. */
  reset(): void {
    this.tables = [];
    this.params = undefined;
    this.dropResult();
  }

  dropResult(): void {
    if (this.result?.kind === 'query') this.result.close();
    this.result = undefined;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.reset();
  }
}
