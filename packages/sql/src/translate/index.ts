/**
 * TDengine SELECT → DuckDB SQL.
 *
 * Pipeline (one handler per shape, passes in this order):
 *   1. resolve the FROM source (scope.ts): db/table lookup, storage layout, tag join on demand;
 *   2. expand-star (passes/expand-star.ts): `*`, `t.*`, FIRST/LAST/LAST_ROW(*) and multi-arg forms;
 *   3. resolve-references (passes/resolve-references.ts): ORDER/GROUP/PARTITION BY positions, aliases;
 *   4. WHERE time range (time-range.ts): `_qstart/_qend`, FILL range;
 *   5. shape handler: projection (select.ts), aggregate (aggregate.ts), INTERVAL (interval.ts + fill.ts);
 *      expressions through expr.ts with the data tables functions.ts, aggregates.ts, operators.ts;
 *   6. render (render.ts): TDengine's default order made explicit, LIMIT per partition, SLIMIT.
 *
 * Known differences from TDengine (each documented where implemented):
 *   - CAST integer overflow yields NULL (TDengine wraps); d/w windows and TIMETRUNCATE use the
 *     session zone's offset at statement time (no DST change inside a query);
 *   - FILL without WHERE ts bounds uses each partition's first/last data window;
 *   - PREV/NEXT fill take the previous/next window with data even if its value is NULL;
 *   - unknown functions raise 0x264D (Invalid function name); TDengine functions not translated
 *     yet raise 0x0100 "… not supported by taosts yet", like n/y windows, SESSION/STATE/EVENT/COUNT
 *     windows, INTERP, JOIN, TOP/BOTTOM/DIFF/… (aggregates.ts UNSUPPORTED_FUNCTIONS);
 *   - GROUP BY output (unordered in TDengine) is ordered by the group keys; super-table rows by
 *     child-table id, then ts.
 */
import type { Expr, Query } from '../ast/index.js';
import type { TableSchema } from '../schema.js';
import type { Env } from './env.js';
import { asBool, genExpr } from './expr.js';
import { translateQueryInner } from './query.js';
import { tableSource, type Source, type Typed } from './scope.js';
import type { TranslateContext, Translation } from './types.js';

export type { TranslateContext, Translation } from './types.js';

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
