/** INSERT nodes (sql.md §3). */
import type { Expr } from './expr.js';
import type { Query, TableName } from './select.js';

/**
 * `INSERT INTO t1 … VALUES … t2 USING st TAGS (…) VALUES …`: one clause per target table, in
 * source order. A clause whose table turns out to be a super table is a super-table insert
 * (then `columns` must contain `tbname`, sql.md §1.3).
 */
export interface Insert {
  readonly kind: 'Insert';
  readonly clauses: readonly InsertClause[];
}

export interface InsertClause {
  readonly table: TableName;
  /** `USING stb [(tag, …)] TAGS (…)` auto-create. */
  readonly using?: {
    readonly stable: TableName;
    readonly tagNames?: readonly string[];
    readonly tags: readonly Expr[];
  };
  /** Explicit column list; absent = all columns in schema order. */
  readonly columns?: readonly string[];
  /**
   * Row values. Each value is an Expr, usually a literal; `NOW + 1s`, `'…' + 10s`, function
   * calls and `?` params also occur. Rows are arrays of equal length.
   */
  readonly rows: readonly (readonly Expr[])[];
  /** `FILE '…'`: a client-side CSV in TDengine; we reject it. */
  readonly file?: string;
}

/** `INSERT INTO t [(cols)] SELECT …`. */
export interface InsertSelect {
  readonly kind: 'InsertSelect';
  readonly table: TableName;
  readonly columns?: readonly string[];
  readonly query: Query;
}
