/** SELECT / UNION nodes (sql.md §4). */
import type { DurationLit, Expr, NumberLit, StringLit } from './expr.js';

export type Query = Select | SetOp;

export interface Select {
  readonly kind: 'Select';
  readonly distinct: boolean;
  /** `SELECT TAGS …`: one row per child table (sql.md §4.2). */
  readonly tags: boolean;
  readonly items: readonly SelectItem[];
  /** Absent for `SELECT 1`, `SELECT server_version()`. */
  readonly from?: FromItem;
  readonly where?: Expr;
  readonly partitionBy?: readonly Expr[];
  readonly window?: Window;
  /** INTERP's RANGE(...) EVERY(...) FILL(...). */
  readonly range?: Range;
  readonly groupBy?: readonly Expr[];
  readonly having?: Expr;
  readonly orderBy?: readonly OrderItem[];
  readonly slimit?: Limit;
  readonly limit?: Limit;
}

export interface SelectItem {
  readonly expr: Expr;
  /** `AS alias`, normalised like an identifier. */
  readonly alias?: string;
  /**
   * The expression's source text after TDengine's lower-casing outside quotes, spaces kept:
   * the default column name (sql.md §4.3). Truncation to 64 bytes is the consumer's job.
   */
  readonly text: string;
}

export type FromItem = TableRef | SubqueryRef | Join;

export interface TableName {
  readonly db?: string;
  readonly name: string;
}

export interface TableRef {
  readonly kind: 'TableRef';
  readonly table: TableName;
  readonly alias?: string;
}

export interface SubqueryRef {
  readonly kind: 'Subquery';
  readonly query: Query;
  readonly alias?: string;
}

export type JoinType =
  | 'inner'
  | 'left'
  | 'right'
  | 'full'
  | 'left semi'
  | 'right semi'
  | 'left anti'
  | 'right anti'
  | 'left asof'
  | 'right asof'
  | 'left window'
  | 'right window'
  | 'comma';

export interface Join {
  readonly kind: 'Join';
  readonly type: JoinType;
  readonly left: FromItem;
  readonly right: FromItem;
  readonly on?: Expr;
}

export type Window = IntervalWindow | SessionWindow | StateWindow | EventWindow | CountWindow;

export interface IntervalWindow {
  readonly kind: 'Interval';
  /** Duration, or a unit-less number of db-precision ticks. */
  readonly interval: DurationLit | NumberLit;
  /** Offset; `'auto'` for `INTERVAL(1d, AUTO)`. */
  readonly offset?: DurationLit | NumberLit | 'auto';
  readonly sliding?: DurationLit | NumberLit;
  readonly fill?: Fill;
}

export interface SessionWindow {
  readonly kind: 'Session';
  readonly column: Expr;
  readonly gap: DurationLit | NumberLit;
}

export interface StateWindow {
  readonly kind: 'StateWindow';
  readonly expr: Expr;
}

export interface EventWindow {
  readonly kind: 'EventWindow';
  readonly start: Expr;
  readonly end: Expr;
}

export interface CountWindow {
  readonly kind: 'CountWindow';
  readonly count: number;
  readonly sliding?: number;
}

export type FillMode = 'none' | 'null' | 'null_f' | 'value' | 'value_f' | 'prev' | 'next' | 'linear' | 'near';

export interface Fill {
  readonly mode: FillMode;
  /** Constants for FILL(VALUE, v1, v2, …). */
  readonly values: readonly Expr[];
}

export interface Range {
  readonly start: Expr;
  readonly end?: Expr;
  readonly every?: DurationLit | NumberLit;
  readonly fill?: Fill;
}

export interface OrderItem {
  readonly expr: Expr;
  readonly desc: boolean;
  readonly nulls?: 'first' | 'last';
}

/** LIMIT n [OFFSET m] / LIMIT m, n; SLIMIT likewise. Values are literal integers. */
export interface Limit {
  readonly count: bigint;
  readonly offset?: bigint;
}

export interface SetOp {
  readonly kind: 'SetOp';
  readonly op: 'union' | 'union all';
  readonly left: Query;
  readonly right: Query;
  readonly orderBy?: readonly OrderItem[];
  readonly limit?: Limit;
}

export type { StringLit };
