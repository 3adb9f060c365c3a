/** The environment an expression is translated in (which scope, which keys, which window). */
import type { Precision } from '@taosts/protocol';
import type { Expr } from '../ast/index.js';
import type { Source, Typed } from './scope.js';
import type { TranslateContext } from './types.js';

/**
 * `row`: per-row expressions (WHERE, plain projections) — aggregates are an error;
 * `agg`: select list / HAVING / ORDER BY of an aggregate query — plain columns must be keys;
 * `arg`: inside an aggregate's arguments — per-row again, but nesting is an error.
 */
export type Scope = 'row' | 'agg' | 'arg';

/** SQL of the window pseudo-columns in a window query. */
export interface WindowPc {
  readonly wstart: string;
  readonly wend: string;
  readonly wduration: string;
  /**
   * INTERVAL windows: TWA and ELAPSED interpolate to the window bounds when the timeline has
   * rows before/after the window (`_wend` is exclusive).
   */
  readonly bounded?: boolean;
}

/**
 * Per-row columns computed over the filtered rows before grouping (window functions such as
 * `lag(ts) OVER (PARTITION BY <keys> ORDER BY ts)`); `add` returns the column's reference.
 */
export interface RowColumns {
  /** `PARTITION BY …` terms of the query's keys (source-level SQL). */
  readonly partition: readonly string[];
  add(sql: string): string;
}

/** Renders a plain column of an aggregate query from the row a selection function picked. */
export type Companion = (column: string) => string;

export interface Env {
  readonly ctx: TranslateContext;
  readonly src: Source;
  readonly precision: Precision;
  readonly scope: Scope;
  readonly window?: WindowPc;
  /** `_qstart` / `_qend` as tick literals. */
  readonly qrange?: { readonly start: string; readonly end: string };
  /** Group/partition keys by fingerprint (agg scope): such sub-expressions render as the key. */
  readonly keys?: ReadonlyMap<string, Typed>;
  /** GROUP BY / PARTITION BY present: decides the error code for a stray plain column. */
  readonly grouped: boolean;
  readonly companion?: Companion;
  /** Partitioned by tbname: tags and tbname are constant per group (rendered with any_value). */
  readonly tagsConstant?: boolean;
  /** Aggregate queries: derived per-row columns (timeline-aggregates.ts). */
  readonly rowColumns?: RowColumns;
}

/** Structural identity of an expression (GROUP BY matching). */
export function fingerprint(e: Expr): string {
  return JSON.stringify(e, (k, v) => (k === 'text' ? undefined : typeof v === 'bigint' ? `${v}n` : v));
}
