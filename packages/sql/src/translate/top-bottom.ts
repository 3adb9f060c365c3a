/**
 * TOP(x, k) / BOTTOM(x, k) (sql.md §5.2): the k largest/smallest non-NULL values per partition,
 * other select items taken from the same rows, output in ts order. Ties are broken by ts
 * (TDengine picks arbitrarily). Not combinable with aggregates or windows here.
 */
import { Code } from '@taosts/protocol';
import type { Expr, OrderItem } from '../ast/index.js';
import { fingerprint } from './env.js';
import { quoteIdent } from './literal.js';
import type { ResultColumn } from '../schema.js';
import { fail, unsupported } from './errors.js';
import { genExpr } from './expr.js';
import { orderTerm, render } from './render.js';
import type { Typed } from './scope.js';
import { outputs, type Prepared } from './select.js';
import { isNumeric } from './sql-type.js';
import { find, hasAggregate, mapExpr } from './walk.js';

const MULTI = new Set(['top', 'bottom']);
export const isTopBottom = (e: Expr): boolean =>
  find(e, (x) => x.kind === 'Func' && MULTI.has(x.name)) !== undefined;

export function buildTopBottom(p: Prepared, ordinal: boolean): { sql: string; columns: ResultColumn[] } {
  const { sel, src, env } = p;
  if (sel.window || sel.groupBy?.length) unsupported('TOP/BOTTOM with windows or GROUP BY');
  const calls = p.items.flatMap((i) => {
    const c = find(i.expr, (x) => x.kind === 'Func' && MULTI.has(x.name));
    return c && c.kind === 'Func' ? [c] : [];
  });
  if (calls.length > 1) unsupported('several TOP/BOTTOM functions in one query');
  if (p.items.some((i) => hasAggregate(i.expr))) unsupported('TOP/BOTTOM together with aggregate functions');
  const call = calls[0];
  if (call.args.length !== 2) fail(Code.FUNC_INVALID_PARA_NUM, call.name);
  const kArg = call.args[1];
  if (kArg.kind !== 'Number' || !kArg.isInt) fail(Code.FUNC_INVALID_PARA_TYPE, call.name);
  const k = Number(kArg.text);
  if (k < 1 || k > 100) fail(Code.FUNC_INVALID_PARA_VALUE, call.name);
  const x = genExpr(call.args[0], env);
  if (!isNumeric(x.type)) fail(Code.FUNC_INVALID_PARA_TYPE, call.name);

  // The call's value is the row's own value.
  const fp = fingerprint(call);
  const items = p.items.map((i) => ({
    ...i,
    expr: mapExpr(i.expr, (e) => (fingerprint(e) === fp ? call.args[0] : e)),
  }));
  const typed: Typed[] = items.map((i) => genExpr(i.expr, env));
  const { select, columns } = outputs(p.items, typed);
  const partition = sel.partitionBy?.length ? p.keys.map((key) => genExpr(key, env).sql) : [];
  const ts = src.ts ? [src.ts.sql] : [];
  const keys: { sql: string; o?: OrderItem }[] = p.order.length
    ? p.order.map((o) => {
        const k = p.items.findIndex((i) => fingerprint(i.expr) === fingerprint(o.expr));
        return { sql: k >= 0 ? typed[k].sql : genExpr(o.expr, env).sql, o };
      })
    : [...partition, ...ts].map((sql) => ({ sql }));
  const rank = `row_number() OVER (${partition.length ? `PARTITION BY ${partition.join(', ')} ` : ''}ORDER BY ${x.sql} ${call.name === 'top' ? 'DESC' : 'ASC'}${ts.map((t) => `, ${t}`).join('')})`;
  const where = [...p.where, `${x.sql} IS NOT NULL`];
  const inner = render(
    {
      select: [...select, `${rank} AS __r`, ...keys.map((key, i) => `${key.sql} AS __o${i}`)],
      from: src.from(where),
      where,
      order: [],
    },
    false,
  );
  const sql = render(
    {
      select: typed.map((_t, i) => quoteIdent(`c${i}`)),
      from: `(${inner}) AS t`,
      where: [`__r <= ${k}`],
      order: keys.map((key, i) => orderTerm(`__o${i}`, key.o)),
      limit: sel.limit,
    },
    ordinal,
  );
  return { sql, columns };
}
