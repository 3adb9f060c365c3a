/**
 * Queries whose result is provably a few rows, so the storage may materialise it in one call
 * instead of streaming it (perf: a small query pays one DuckDB round trip, not three). A wrong
 * "no" only costs speed; a "yes" must be safe for memory, so the rules are conservative.
 */
import type { Expr, Query } from '@taosts/sql';

/** Aggregates that return one row per group (no multi-row or row-producing functions). */
const ONE_ROW_AGGREGATES = new Set([
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'first',
  'last',
  'last_row',
  'spread',
  'stddev',
  'stddev_pop',
  'std',
  'var_pop',
  'variance',
  'hyperloglog',
  'apercentile',
  'percentile',
  'elapsed',
  'twa',
  'irate',
  'mode',
]);

/** Most rows a LIMIT may ask for and still count as small. */
const SMALL_LIMIT = 4096n;

/** An expression that is a constant or built only from one-row aggregates of anything. */
function oneRow(e: Expr): boolean {
  switch (e.kind) {
    case 'Func':
      return ONE_ROW_AGGREGATES.has(e.name) || (e.args.length > 0 && e.args.every(oneRow));
    case 'Number':
    case 'String':
    case 'Bool':
    case 'Null':
    case 'Duration':
    case 'Timestamp':
      return true;
    case 'Unary':
      return oneRow(e.operand);
    case 'Binary':
      return oneRow(e.left) && oneRow(e.right);
    case 'Cast':
      return oneRow(e.expr);
    default:
      return false;
  }
}

/** True when the translator's bound on a result's rows (`Translation.maxRows`) makes it small. */
export function isSmallBound(maxRows: bigint | undefined): boolean {
  return maxRows !== undefined && maxRows <= SMALL_LIMIT;
}

export function isSmallResult(q: Query): boolean {
  if (q.kind !== 'Select') return false;
  if (q.limit && !q.partitionBy && !q.groupBy && q.limit.count <= SMALL_LIMIT) return true;
  if (!q.from) return true;
  if (q.groupBy || q.partitionBy || q.window || q.range || q.distinct || q.tags) return false;
  return q.items.every((item) => oneRow(item.expr));
}
