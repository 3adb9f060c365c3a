/**
 * Multi-row selection functions (sql.md §5.2), other select items taken from the same rows:
 * - TOP(x, k) / BOTTOM(x, k): the k largest/smallest non-NULL values per partition, output in
 *   ts order; ties broken by ts (TDengine picks arbitrarily);
 * - TAIL(x, k[, off]): the last k rows after skipping the last `off` (NULLs kept), output newest
 *   first — TDengine rewrites it to `ORDER BY ts DESC LIMIT k OFFSET off`;
 * - UNIQUE(x): the first row (smallest ts) of each distinct value, NULL being one value; ts order;
 * - SAMPLE(x, k): k rows (all when fewer), output in ts order. TDengine samples at random; we
 *   pick the rows with the smallest hash of (ts, x), so a query repeats its answer.
 * Not combinable with aggregates or windows here.
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

interface MultiSpec {
  readonly min: number;
  readonly max: number;
  /** Numeric argument only (TOP/BOTTOM). */
  readonly numeric: boolean;
  /** Range of k (second argument). */
  readonly k?: readonly [number, number];
  /** Rank order inside a partition; `x` the argument, `ts` the timestamp. */
  rank(x: string, ts: string): string;
  /** Extra partition term of the rank (UNIQUE: the value). */
  readonly byValue?: boolean;
  readonly skipNull: boolean;
  /** Default output newest first (TAIL). */
  readonly desc?: boolean;
}

const MULTI_SPECS: Readonly<Record<string, MultiSpec>> = {
  top: { min: 2, max: 2, numeric: true, k: [1, 100], skipNull: true, rank: (x, ts) => `${x} DESC, ${ts}` },
  bottom: { min: 2, max: 2, numeric: true, k: [1, 100], skipNull: true, rank: (x, ts) => `${x} ASC, ${ts}` },
  tail: {
    min: 2,
    max: 3,
    numeric: false,
    k: [1, 100],
    skipNull: false,
    desc: true,
    rank: (_x, ts) => `${ts} DESC`,
  },
  unique: { min: 1, max: 1, numeric: false, skipNull: false, byValue: true, rank: (_x, ts) => ts },
  sample: {
    min: 2,
    max: 2,
    numeric: false,
    k: [1, 1000],
    skipNull: false,
    rank: (x, ts) => `hash(${ts}, ${x}), ${ts}`,
  },
};
const MULTI = new Set(Object.keys(MULTI_SPECS));
export const isTopBottom = (e: Expr): boolean =>
  find(e, (x) => x.kind === 'Func' && MULTI.has(x.name)) !== undefined;

export function buildTopBottom(p: Prepared, ordinal: boolean): { sql: string; columns: ResultColumn[] } {
  const { sel, src, env } = p;
  if (sel.window || sel.groupBy?.length) unsupported('TOP/BOTTOM with windows or GROUP BY');
  const calls = p.items.flatMap((i) => {
    const c = find(i.expr, (x) => x.kind === 'Func' && MULTI.has(x.name));
    return c && c.kind === 'Func' ? [c] : [];
  });
  if (calls.length > 1) unsupported('several multi-row selection functions in one query');
  if (p.items.some((i) => hasAggregate(i.expr)))
    unsupported(`${calls[0].name.toUpperCase()} together with aggregate functions`);
  const call = calls[0];
  const spec = MULTI_SPECS[call.name];
  if (call.args.length < spec.min || call.args.length > spec.max) fail(Code.FUNC_INVALID_PARA_NUM, call.name);
  const intArg = (e: Expr, [lo, hi]: readonly [number, number]): number => {
    if (e.kind !== 'Number' || !e.isInt) fail(Code.FUNC_INVALID_PARA_TYPE, call.name);
    const v = Number(e.text);
    if (v < lo || v > hi) fail(Code.FUNC_INVALID_PARA_VALUE, call.name);
    return v;
  };
  const k = spec.k ? intArg(call.args[1], spec.k) : 1;
  const offset = call.args.length > 2 ? intArg(call.args[2], [0, 100]) : 0;
  const x = genExpr(call.args[0], env);
  if (spec.numeric && !isNumeric(x.type)) fail(Code.FUNC_INVALID_PARA_TYPE, call.name);
  if (call.name === 'tail' && src.ts && x.sql === src.ts.sql) fail(Code.FUNC_INVALID_PARA_TYPE, call.name);

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
  const keys: { sql: string; o?: Pick<OrderItem, 'desc' | 'nulls'> }[] = p.order.length
    ? p.order.map((o) => {
        const k = p.items.findIndex((i) => fingerprint(i.expr) === fingerprint(o.expr));
        return { sql: k >= 0 ? typed[k].sql : genExpr(o.expr, env).sql, o };
      })
    : [
        ...partition.map((sql) => ({ sql })),
        ...ts.map((sql) => ({ sql, o: spec.desc ? { desc: true } : undefined })),
      ];
  const rankBy = [...partition, ...(spec.byValue ? [x.sql] : [])];
  const tsSql = src.ts?.sql ?? '1';
  const rank = `row_number() OVER (${rankBy.length ? `PARTITION BY ${rankBy.join(', ')} ` : ''}ORDER BY ${spec.rank(x.sql, tsSql)})`;
  const where = [...p.where, ...(spec.skipNull ? [`${x.sql} IS NOT NULL`] : [])];
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
      where: [`__r BETWEEN ${offset + 1} AND ${offset + k}`],
      order: keys.map((key, i) => orderTerm(`__o${i}`, key.o)),
      limit: sel.limit,
    },
    ordinal,
  );
  return { sql, columns };
}
