/**
 * Aggregate queries without windows: ungrouped, GROUP BY, PARTITION BY (sql.md §4.6, §4.15).
 * Group keys render as themselves; plain columns come from the row a selection function picked
 * (`select ts, max(c)`), tags are constant per group when grouped by tbname.
 */
import type { Expr, SelectItem } from '../ast/index.js';
import type { ResultColumn } from '../schema.js';
import { AGGREGATES } from './aggregates.js';
import type { Companion, Env, WindowPc } from './env.js';
import { fingerprint } from './env.js';
import { asBool, genExpr } from './expr.js';
import { orderTerm, render } from './render.js';
import { rowColumnSet, withRowColumns } from './row-columns.js';
import type { Typed } from './scope.js';
import { outputs, userOrder, type Prepared } from './select.js';
import { find, isAggregateCall } from './walk.js';

/** Keys by fingerprint, and whether tbname is one of them. */
export function keyEnv(p: Prepared, keys: readonly Typed[]): { map: Map<string, Typed>; byTbname: boolean } {
  const map = new Map<string, Typed>();
  p.keys.forEach((k, i) => map.set(fingerprint(k), keys[i]));
  const byTbname = p.keys.some((k) => k.kind === 'Column' && k.name === 'tbname');
  return { map, byTbname };
}

/** The companion of the first selection function in the select list, if any. */
export function companionOf(items: readonly SelectItem[], env: Env): Companion | undefined {
  for (const item of items) {
    const call = find(
      item.expr,
      (e) => isAggregateCall(e) && e.kind === 'Func' && AGGREGATES[e.name].companion !== undefined,
    );
    if (call && call.kind === 'Func')
      return AGGREGATES[call.name].companion!(call.args, { ...env, scope: 'arg' });
  }
  return undefined;
}

/**
 * FIRST/LAST: "if all columns in the result set are NULL, no results are returned" (TDengine
 * function reference) — a select list of only FIRST/LAST calls drops all-NULL rows.
 */
export function firstLastGuard(items: readonly SelectItem[], typed: readonly Typed[]): string[] {
  const only = items.every(
    (i) => i.expr.kind === 'Func' && (i.expr.name === 'first' || i.expr.name === 'last'),
  );
  return only && typed.length > 0 ? [`(${typed.map((t) => `${t.sql} IS NOT NULL`).join(' OR ')})`] : [];
}

/** COUNT keeps one row on empty input; other aggregates return none (sql.md §4.15). */
export function countsRows(items: readonly SelectItem[]): boolean {
  return items.some(
    (i) => find(i.expr, (e: Expr) => e.kind === 'Func' && AGGREGATES[e.name]?.counts === true) !== undefined,
  );
}

/**
 * The aggregate scope of a grouped query — GROUP/PARTITION BY `keys`, and the window's pseudo
 * columns for a window query — with its select items and HAVING generated in it. `rows` collects
 * the row expressions the aggregates need computed first.
 */
export function aggregateOutputs(p: Prepared, keys: readonly Typed[], window?: WindowPc) {
  const { map, byTbname } = keyEnv(p, keys);
  const rows = rowColumnSet(
    p.src.alias,
    keys.map((k) => k.sql),
  );
  const env: Env = {
    ...p.env,
    scope: 'agg',
    rowColumns: rows,
    ...(window && { window }),
    keys: map,
    companion: companionOf(p.items, p.env),
    tagsConstant: byTbname,
  };
  const typed = p.items.map((i) => genExpr(i.expr, env));
  const { select, columns } = outputs(p.items, typed);
  const having = p.having ? [asBool(genExpr(p.having, env))] : [];
  return { env, rows, typed, select, columns, having };
}

export function buildAggregate(p: Prepared, ordinal: boolean): { sql: string; columns: ResultColumn[] } {
  const { sel, src } = p;
  const keys = p.keys.map((k) => genExpr(k, p.env));
  const { env, rows, typed, select, columns, having } = aggregateOutputs(p, keys);
  if (keys.length === 0 && !countsRows(p.items)) having.push('count(*) > 0');
  having.push(...firstLastGuard(p.items, typed));
  const keySql = keys.map((k) => k.sql);
  const order = p.order.length
    ? userOrder(p, typed, env, sel.distinct)
    : sel.distinct
      ? []
      : keySql.map((k) => orderTerm(k));
  const partition = sel.partitionBy?.length ? keySql : [];
  const sql = render(
    {
      distinct: sel.distinct,
      select,
      from: src.kind === 'none' ? undefined : src.from(p.where, withRowColumns(undefined, rows)),
      where: p.where,
      groupBy: keySql,
      having,
      order,
      partition,
      limit: sel.limit,
      slimit: sel.slimit,
      slimitKeys: keySql,
    },
    ordinal,
  );
  return { sql, columns };
}
