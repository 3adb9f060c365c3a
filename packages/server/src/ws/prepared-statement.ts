/**
 * What stmt1 and stmt2 statements share: the prepared plan, the bound `?` values of a query, an
 * executed query's result until the result action takes it, and one-at-a-time actions, as
 * taosAdapter locks each statement. Each protocol adds how it holds bound INSERT rows.
 */
import { Code, TaosError } from '@taosts/protocol';
import type { ExecResult, QueryResult, Value } from '../engine/types.js';
import type { Stmt2Plan } from './stmt2/stmt2-plan.js';

export abstract class PreparedStatement {
  abstract readonly kind: 'stmt1' | 'stmt2';
  readonly id: number;
  plan: Stmt2Plan | undefined;
  /** Bound `?` values (query). */
  params: Value[] | undefined;
  /** The executed query's result, until the result action or the next exec. */
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

  /**
   * Keep an executed query's result for the result action; the affected row count. A statement
   * or connection closed while the query ran gets nothing: the result is closed, 0 affected.
   */
  keepResult(r: ExecResult, connectionClosed: boolean): number {
    if (this.#closed || connectionClosed) {
      if (r.kind === 'query') r.close();
      return 0;
    }
    this.result = r;
    return r.kind === 'affected' ? r.affectedRows : 0;
  }

  /** Hand the kept query result over to the caller. */
  takeResult(): QueryResult {
    const r = this.result;
    if (!r || r.kind !== 'query') throw new TaosError(Code.ADAPTER_GENERIC, 'result is nil');
    this.result = undefined;
    return r;
  }

  /** Drop binds and any pending result. */
  reset(): void {
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

/**
 * The table of a bound table name: `tb`, `db.tb`, with either part in backquotes
 * (`` `db`.`tb` ``). taosc accepts a database prefix on names bound to a statement; one statement
 * writes one database, so a prefix must name the statement's own (`stmtDb`: the one in its SQL,
 * else the session's).
 */
export function boundTable(name: string, stmtDb: string | undefined): string {
  let dot = -1;
  for (let i = 0, quoted = false; i < name.length; i++) {
    const ch = name[i];
    if (ch === '`') quoted = !quoted;
    else if (ch === '.' && !quoted) {
      dot = i;
      break;
    }
  }
  if (dot < 0) return unquote(name);
  const db = unquote(name.slice(0, dot));
  if (db !== stmtDb)
    throw new TaosError(
      Code.OPS_NOT_SUPPORT,
      `stmt writes database ${stmtDb ?? '(none)'}, not ${db} (table name ${name})`,
    );
  return unquote(name.slice(dot + 1));
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('`') && s.endsWith('`') ? s.slice(1, -1) : s;
}
