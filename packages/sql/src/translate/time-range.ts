/**
 * The query's primary-key time range from WHERE (sql.md §4.5): top-level AND-ed comparisons of
 * the timestamp column with constants. Defines `_qstart`/`_qend` and the FILL range.
 */
import type { Expr } from '../ast/index.js';
import type { Source } from './scope.js';
import { constTicks } from './time-const.js';
import type { TranslateContext } from './types.js';

export interface TimeRange {
  /** Inclusive bounds in ticks; undefined = unbounded. */
  readonly start?: bigint;
  readonly end?: bigint;
}

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' };

function isTs(e: Expr, src: Source): boolean {
  if (e.kind !== 'Column' || !src.ts || !src.table) return false;
  return e.name === '_rowts' || e.name === '_c0' || e.name === src.table.columns[0]?.name;
}

export function timeRange(where: Expr | undefined, src: Source, ctx: TranslateContext): TimeRange {
  let start: bigint | undefined;
  let end: bigint | undefined;
  const lower = (v: bigint) => (start = start === undefined || v > start ? v : start);
  const upper = (v: bigint) => (end = end === undefined || v < end ? v : end);
  const value = (e: Expr): bigint | undefined => {
    try {
      return constTicks(e, ctx, src.precision);
    } catch {
      return undefined;
    }
  };
  const visit = (e: Expr): void => {
    if (e.kind === 'Binary' && e.op === 'and') {
      visit(e.left);
      visit(e.right);
      return;
    }
    if (e.kind === 'Between' && !e.not && isTs(e.expr, src)) {
      const lo = value(e.low);
      const hi = value(e.high);
      if (lo !== undefined) lower(lo);
      if (hi !== undefined) upper(hi);
      return;
    }
    if (e.kind !== 'Binary' || !(e.op in FLIP)) return;
    let op = e.op;
    let other = e.right;
    if (!isTs(e.left, src)) {
      if (!isTs(e.right, src)) return;
      op = FLIP[e.op] as typeof op;
      other = e.left;
    }
    const v = value(other);
    if (v === undefined) return;
    if (op === '>') lower(v + 1n);
    else if (op === '>=') lower(v);
    else if (op === '<') upper(v - 1n);
    else if (op === '<=') upper(v);
    else {
      lower(v);
      upper(v);
    }
  };
  if (where) visit(where);
  return { start, end };
}
