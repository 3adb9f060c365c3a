/**
 * Prepared statements of one WS connection; stmt1 and stmt2 share one id space counting from
 * 1, as in taosAdapter's `StmtHolder`.
 */
import { Code, TaosError } from '@taosts/protocol';
import type { PreparedStatement } from './prepared-statement.js';

export class StmtStore {
  readonly #open = new Map<number, PreparedStatement>();
  readonly #max: number;
  #nextId = 1;

  constructor(max = 1024) {
    this.#max = max;
  }

  /** Allocate an id and register the statement `make` builds for it. */
  add<T extends PreparedStatement>(make: (id: number) => T): T {
    if (this.#open.size >= this.#max) {
      throw new TaosError(Code.ADAPTER_GENERIC, `too many open statements (${this.#max}); close some first`);
    }
    const stmt = make(this.#nextId++);
    this.#open.set(stmt.id, stmt);
    return stmt;
  }

  get(id: number): PreparedStatement | undefined {
    return this.#open.get(id);
  }

  /** Close and forget a statement; false when the id is unknown. */
  remove(id: number): boolean {
    const s = this.#open.get(id);
    if (!s) return false;
    this.#open.delete(id);
    s.close();
    return true;
  }

  closeAll(): void {
    for (const s of this.#open.values()) s.close();
    this.#open.clear();
  }
}
