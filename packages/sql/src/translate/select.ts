/**
 * SELECT handler: resolves the source, runs the AST passes (expand-star, resolve-references)
 * and dispatches on the query's shape — projection, aggregate (GROUP BY / PARTITION BY) or
 * INTERVAL window (interval.ts).
 */
import { Code, type Precision } from '@taosts/protocol';
import type { Expr, OrderItem, Select, SelectItem } from '../ast/index.js';
import type { ResultColumn } from '../schema.js';
import { buildAggregate } from './aggregate.js';
import type { Env } from './env.js';
import { fingerprint } from './env.js';
import { fail, unsupported } from './errors.js';
import { asBool, genExpr } from './expr.js';
import { bigintLit, quoteIdent } from './literal.js';
import { expandStar } from './passes/expand-star.js';
import { resolveGroupKeys, resolveHaving, resolveOrderBy } from './passes/resolve-references.js';
import { orderTerm, render, type Core } from './render.js';
import { emptySource, lookupTable, subquerySource, tableSource, type Source, type Typed } from './scope.js';
import { castTo, columnName, resultColumn } from './sql-type.js';
import { buildWindow } from './window-query.js';
import { buildTopBottom, isTopBottom } from './top-bottom.js';
import { buildInterp } from './interp.js';
import { buildTimeSeries, hasTimeSeries } from './timeseries.js';
import { timeRange, type TimeRange } from './time-range.js';
import type { TranslateContext } from './types.js';
import { children, hasAggregate } from './walk.js';
import { translateQueryInner } from './query.js';
import { joinSource } from './join.js';
import { cachedTable, lastRowProjection, sameColumns } from './last-row-cache.js';

export interface Built {
  readonly sql: string;
  readonly columns: readonly ResultColumn[];
  readonly precision: Precision;
  readonly systemTables: readonly string[];
  /** At most this many rows, when the shape bounds it (see `Translation.maxRows`). */
  readonly maxRows?: bigint;
}

/** Everything the shape builders share. */
export interface Prepared {
  readonly sel: Select;
  readonly ctx: TranslateContext;
  readonly src: Source;
  readonly items: readonly SelectItem[];
  /** GROUP BY or PARTITION BY keys after reference resolution. */
  readonly keys: readonly Expr[];
  readonly order: readonly OrderItem[];
  readonly having?: Expr;
  readonly range: TimeRange;
  /** Row-scope environment (WHERE, projections, group keys). */
  readonly env: Env;
  readonly where: string[];
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function buildSelect(sel: Select, ctx: TranslateContext, ordinal: boolean): Built {
  if (sel.slimit && !sel.partitionBy?.length && !sel.groupBy?.length)
    fail(Code.SLIMIT_LEAK_PARTITION_GROUP_BY);
  if (sel.groupBy?.length && sel.window) fail(Code.GROUPBY_WINDOW_COEXIST);
  if (sel.groupBy?.length && sel.partitionBy?.length) unsupported('GROUP BY together with PARTITION BY');

  const src = resolveSource(sel, ctx);
  const items = expandStar(sel.items, src);
  const keys = resolveGroupKeys(sel.groupBy ?? sel.partitionBy, items, src);
  const order = resolveOrderBy(sel.orderBy, items);
  const range = timeRange(sel.where, src, ctx);
  const env: Env = {
    ctx,
    src,
    precision: src.precision,
    scope: 'row',
    grouped: keys.length > 0,
    qrange: src.ts
      ? { start: bigintLit(range.start ?? INT64_MIN), end: bigintLit(range.end ?? INT64_MAX) }
      : undefined,
  };
  const where = sel.where ? [asBool(genExpr(sel.where, env))] : [];
  const having = resolveHaving(sel.having, items, src);
  const p: Prepared = { sel, ctx, src, items, keys, order, having, range, env, where };

  const aggregate = [
    ...items.map((i) => i.expr),
    ...(sel.having ? [sel.having] : []),
    ...order.map((o) => o.expr),
  ].some(hasAggregate);
  let built: { sql: string; columns: ResultColumn[]; maxRows?: bigint };
  if (sel.range) built = buildInterp(p, ordinal);
  else if (items.some((i) => isTopBottom(i.expr))) built = buildTopBottom(p, ordinal);
  else if (items.some((i) => hasTimeSeries(i.expr))) built = buildTimeSeries(p, ordinal);
  else if (sel.window) built = buildWindow(p, ordinal);
  else if (aggregate || sel.groupBy?.length || sel.having) {
    const cached = lastRowProjection(p, ordinal, buildProjection);
    built = buildAggregate(p, ordinal);
    if (cached && sameColumns(cached.columns, built.columns)) built = cached;
  } else built = buildProjection(p, ordinal);
  return { ...built, precision: src.precision, systemTables: src.systemTables };
}

function resolveSource(sel: Select, ctx: TranslateContext): Source {
  const from = sel.from;
  if (!from) return emptySource();
  if (from.kind === 'Join') return joinSource(from, sel.where, ctx);
  if (from.kind === 'Subquery') {
    const inner = translateQueryInner(from.query, ctx, true);
    return subquerySource(inner.sql, inner.columns, inner.precision, from.alias, inner.systemTables);
  }
  const table = lookupTable(from.table, ctx);
  const tagged = table.kind === 'super' || table.kind === 'child';
  if (sel.tags && !tagged) fail(Code.INVALID_COLUMN, 'SELECT TAGS needs a super or child table');
  // SELECT TAGS, and DISTINCT over tags/tbname only (WHERE on tags only), read the tag relation:
  // one row per child table, including tables without rows (TDengine's tag scan).
  const tagNames = table.tags.map((t) => t.name);
  const tagsOnly =
    sel.tags ||
    (tagged &&
      sel.distinct &&
      !sel.window &&
      !sel.partitionBy &&
      !sel.groupBy &&
      onlyTags(sel, tagNames) &&
      (!sel.where || onlyTagRefs(sel.where, tagNames)));
  return tableSource(tagsOnly ? table : cachedTable(sel, table), from.alias, ctx, tagsOnly);
}

function onlyTagRefs(e: Expr, tags: readonly string[]): boolean {
  if (e.kind === 'Column') return e.name === 'tbname' || tags.includes(e.name);
  if (e.kind === 'Star' || (e.kind === 'Func' && hasAggregate(e))) return false;
  return children(e).every((c) => onlyTagRefs(c, tags));
}

function onlyTags(sel: Select, tags: readonly string[]): boolean {
  return (
    sel.items.every((i) => onlyTagRefs(i.expr, tags)) &&
    (sel.orderBy ?? []).every((o) => onlyTagRefs(o.expr, tags))
  );
}

/** Output column K: cast to the DuckDB type of its TDengine type, named `cK`. */
export function outputs(
  items: readonly SelectItem[],
  typed: readonly Typed[],
): { select: string[]; columns: ResultColumn[] } {
  return {
    select: typed.map((t, k) => `${castTo(t.sql, t.type)} AS ${quoteIdent(`c${k}`)}`),
    columns: typed.map((t, k) => resultColumn(defaultName(items[k]), t.type)),
  };
}

/** Column name: alias, else a plain column's stored name, else the expression text (sql.md §4.3). */
export function defaultName(item: SelectItem): string {
  if (item.alias !== undefined) return item.alias;
  if (item.expr.kind === 'Column') return item.expr.name;
  return columnName(item.text);
}

/** ORDER BY terms: a term equal to a select item reuses its SQL (or alias, for DISTINCT). */
export function userOrder(p: Prepared, typed: readonly Typed[], env: Env, byAlias: boolean): string[] {
  return p.order.map((o) => {
    const k = p.items.findIndex((i) => fingerprint(i.expr) === fingerprint(o.expr));
    if (k >= 0) return orderTerm(byAlias ? quoteIdent(`c${k}`) : typed[k].sql, o);
    if (byAlias) fail(Code.SYNTAX_ERROR, 'ORDER BY of a DISTINCT query must use select-list expressions');
    return orderTerm(genExpr(o.expr, env).sql, o);
  });
}

/** TDengine's default projection order (sql.md §4.8): by table, then ts; subqueries keep theirs. */
export function defaultRowOrder(src: Source): string[] {
  if (src.ordinal) return [orderTerm(src.ordinal)];
  if (src.rowOrder) return [...src.rowOrder];
  const out: string[] = [];
  if (src.kind === 'super' || (src.tagsOnly && src.tid)) out.push(orderTerm(src.tid!));
  if (src.ts) out.push(orderTerm(src.ts.sql));
  return out;
}

function buildProjection(p: Prepared, ordinal: boolean): { sql: string; columns: ResultColumn[] } {
  const { sel, src, env } = p;
  const typed = p.items.map((i) => genExpr(i.expr, env));
  const { select, columns } = outputs(p.items, typed);
  const partition = sel.partitionBy?.length ? p.keys.map((k) => genExpr(k, env).sql) : [];
  let order: string[];
  if (p.order.length) order = userOrder(p, typed, env, sel.distinct);
  else if (sel.distinct) order = typed.map((_t, k) => orderTerm(quoteIdent(`c${k}`)));
  else order = [...partition.map((k) => orderTerm(k)), ...defaultRowOrder(src)];
  // One table's rows stored in ts order, wanted in ts order (by default, or ORDER BY ts ASC):
  // the scan already returns them so.
  const ts = src.ts?.sql;
  const byTs =
    order.length === 1 && ts !== undefined && [orderTerm(ts), `${ts} ASC NULLS FIRST`].includes(order[0]!);
  if (byTs && !ordinal && !sel.distinct && src.plainScan?.() && p.ctx.timeOrdered?.(src.table!)) order = [];
  if (order.length === 0 && src.kind === 'system') order = typed.map((t) => orderTerm(t.sql));
  const core: Core = {
    distinct: sel.distinct,
    select,
    from: src.from(p.where),
    where: p.where,
    order,
    partition,
    limit: sel.limit,
    slimit: sel.slimit,
    slimitKeys: partition,
  };
  return { sql: render(core, ordinal), columns };
}
