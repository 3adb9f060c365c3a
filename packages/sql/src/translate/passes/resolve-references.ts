/**
 * Pass 2 — positions and aliases: `ORDER BY 2`, `GROUP BY 1`, `ORDER BY alias` become the
 * select item's expression. ORDER BY prefers a select alias; GROUP BY/PARTITION BY prefer a real
 * column and fall back to an alias (sql.md §4.6, §4.7).
 */
import { Code } from '@taosts/protocol';
import type { Expr, OrderItem, SelectItem } from '../../ast/index.js';
import { fail } from '../errors.js';
import type { Source } from '../scope.js';
import { mapExpr } from '../walk.js';

function byPosition(e: Expr, items: readonly SelectItem[]): Expr | undefined {
  if (e.kind !== 'Number' || !e.isInt) return undefined;
  const k = Number(e.text);
  if (k < 1 || k > items.length) fail(Code.SYNTAX_ERROR, `position ${e.text} is not in select list`);
  return items[k - 1].expr;
}

function byAlias(e: Expr, items: readonly SelectItem[]): Expr | undefined {
  if (e.kind !== 'Column' || e.table !== undefined) return undefined;
  return items.find((i) => i.alias === e.name)?.expr;
}

export function resolveOrderBy(
  order: readonly OrderItem[] | undefined,
  items: readonly SelectItem[],
): OrderItem[] {
  return (order ?? []).map((o) => ({
    ...o,
    expr: byPosition(o.expr, items) ?? byAlias(o.expr, items) ?? o.expr,
  }));
}

export function resolveGroupKeys(
  keys: readonly Expr[] | undefined,
  items: readonly SelectItem[],
  src: Source,
): Expr[] {
  return (keys ?? []).map((k) => {
    const pos = byPosition(k, items);
    if (pos) return pos;
    if (k.kind === 'Column' && k.table === undefined && src.column(k.name) === undefined)
      return byAlias(k, items) ?? k;
    return k;
  });
}

/** HAVING may name select aliases (`having c > 1` for `count(*) c`) that are not source columns. */
export function resolveHaving(
  having: Expr | undefined,
  items: readonly SelectItem[],
  src: Source,
): Expr | undefined {
  if (!having) return undefined;
  return mapExpr(having, (e) =>
    e.kind === 'Column' &&
    e.table === undefined &&
    !e.name.startsWith('_') &&
    src.column(e.name) === undefined
      ? (byAlias(e, items) ?? e)
      : e,
  );
}
