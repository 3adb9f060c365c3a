/**
 * TDengine SELECT → DuckDB SQL.
 *
 * Pipeline (passes in this order, then one handler per query shape):
 *   1. resolve the FROM source (scope.ts): db/table lookup, storage layout, tag join on demand,
 *      tag scan for SELECT TAGS / DISTINCT over tags; subqueries (query.ts) keep their order;
 *      joins (join.ts, join-cond.ts) become one flattened relation `j`;
 *   2. expand-star (passes/expand-star.ts): `*`, `t.*`, FIRST/LAST/LAST_ROW(*) and multi-arg forms;
 *   3. resolve-references (passes/resolve-references.ts): positions and aliases in ORDER BY,
 *      GROUP BY, PARTITION BY, HAVING;
 *   4. WHERE time range (time-range.ts): `_qstart/_qend`, FILL range;
 *   5. shape handler (select.ts dispatches): INTERP (interp.ts), TOP/BOTTOM/TAIL/UNIQUE/SAMPLE
 *      (top-bottom.ts), DIFF/DERIVATIVE/CSUM/MAVG/STATECOUNT/STATEDURATION (timeseries.ts),
 *      windows (window-query.ts: INTERVAL via window.ts/calendar.ts + fill.ts; SESSION,
 *      STATE_WINDOW, EVENT_WINDOW, COUNT_WINDOW via row-windows.ts), aggregates (aggregate.ts),
 *      projection; IRATE/TWA/ELAPSED/LEASTSQUARES read per-row columns derived before grouping
 *      (row-columns.ts, timeline-aggregates.ts);
 *      expressions through expr.ts with the data tables functions.ts, time-functions.ts,
 *      aggregates.ts, operators.ts, cast.ts;
 *   6. render (render.ts): TDengine's default order made explicit, LIMIT per partition, SLIMIT.
 *
 * Known differences from TDengine (each documented where implemented):
 *   - CAST integer overflow yields NULL (TDengine wraps); CAST of TIMESTAMP to strings is not
 *     translated; d/w windows and TIMETRUNCATE use the session zone's offset at statement time;
 *   - FILL without WHERE ts bounds uses each partition's first/last data window; PREV/NEXT fill
 *     take the previous/next window with data even if its value is NULL;
 *   - TIMEZONE() abbreviations come from Intl (`GMT+8` where TDengine prints `CST`);
 *   - unknown functions raise 0x264D (Invalid function name); TDengine features not translated
 *     yet raise 0x0100 "… not supported by taosts yet": RIGHT ASOF and WINDOW joins, JLIMIT,
 *     joins of more than two tables or with subqueries (join.ts), FILL with n/y INTERVAL,
 *     COUNT_WINDOW sliding, EVENT/STATE_WINDOW TRUE_FOR, TWA in non-INTERVAL windows,
 *     time-series functions with windows/aggregates or two different ones in a select list,
 *     HISTOGRAM, COLS, TO_CHAR/TO_TIMESTAMP, … (see aggregates.ts UNSUPPORTED_FUNCTIONS);
 *   - time-series functions (timeseries.ts): 0x2805 for equal timestamps on a merged super-table
 *     timeline is raised while DuckDB runs (DuckDB `error()`, errors.ts); TWA/IRATE/ELAPSED do
 *     not check it. DIFF's first row is always dropped (also when its value is NULL). CSUM
 *     overflow raises instead of wrapping. TAIL outputs newest first; SAMPLE picks rows by a
 *     hash of (ts, value) instead of at random; UNIQUE treats NULL as a value. TWA/ELAPSED in
 *     INTERVAL windows interpolate to the bounds (`_wend − 1` / `_wend`) as documented in
 *     timeline-aggregates.ts; IRATE with no non-NULL value is NULL. Result lengths of
 *     multi-percentile PERCENTILE (VARCHAR 512), LEASTSQUARES (64), GROUP_CONCAT (65535) are ours;
 *   - GROUP BY output (unordered in TDengine) is ordered by the group keys; super-table rows by
 *     child-table id, then ts; TOP/BOTTOM ties by ts;
 *   - joins (join.ts): rows ordered by the driving table's ts, then the other table's ts (and
 *     child-table ids) — also for super tables and grouping conditions, which TDengine leaves
 *     unordered; FULL JOIN by the first non-NULL ts. SEMI joins pair a row with the matching row of
 *     the other table with the smallest ts (TDengine: any); ASOF ties pick any row, as TDengine.
 *     `SELECT *` / `a.*` never list tags. The join's timeline is the driving table's ts also for
 *     INNER joins with tag conditions (TDengine has none there).
 */
import type { Expr, Query } from '../ast/index.js';
import type { TableSchema } from '../schema.js';
import type { Env } from './env.js';
import { asBool, genExpr } from './expr.js';
import { translateQueryInner } from './query.js';
import { tableSource, type Source, type Typed } from './scope.js';
import type { TranslateContext, Translation } from './types.js';

export type { TranslateContext, Translation } from './types.js';
export { errorFromSqlMessage } from './errors.js';

/**
 * Translate a SELECT/UNION to one DuckDB query whose columns are exactly `columns`.
 * @example translateQuery(parse('select avg(current) from meters interval(1m)') as Query, ctx)
 */
export function translateQuery(query: Query, ctx: TranslateContext): Translation {
  const built = translateQueryInner(query, ctx, false);
  return {
    sql: built.sql,
    columns: built.columns,
    precision: built.precision,
    systemTables: built.systemTables,
    ...(built.maxRows !== undefined && { maxRows: built.maxRows }),
  };
}

/**
 * A DuckDB boolean over the physical columns of `table`'s data relation, unqualified (for
 * `DELETE FROM <dataRelation> WHERE …`). Tags and tbname of super/child tables read the tag
 * relation through a correlated subquery on `tid`. The child-table `tid = …` restriction is the
 * caller's.
 */
export function translateCondition(expr: Expr, table: TableSchema, ctx: TranslateContext): string {
  const inner = tableSource(table, undefined, ctx);
  const bare = (t: Typed): Typed => {
    if (t.sql.startsWith('d.')) return { ...t, sql: t.sql.slice(2) };
    if (t.sql.startsWith('g.'))
      return {
        ...t,
        sql: `(SELECT ${t.sql} FROM ${table.tagRelation} AS g WHERE g.tid = ${table.dataRelation}.tid)`,
      };
    return t;
  };
  const src: Source = {
    ...inner,
    ts: inner.ts && bare(inner.ts),
    column: (name) => {
      const c = inner.column(name);
      return c && bare(c);
    },
  };
  const env: Env = { ctx, src, precision: src.precision, scope: 'row', grouped: false };
  return asBool(genExpr(expr, env));
}
