/** Read-only traversal of expression trees. */
import { assertNever, type Expr } from '../ast/index.js';
import { isAggregateName } from './aggregates.js';

export function children(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'Number':
    case 'String':
    case 'Bool':
    case 'Null':
    case 'Duration':
    case 'Timestamp':
    case 'Column':
    case 'Star':
    case 'Param':
      return [];
    case 'Func':
      return e.args;
    case 'Unary':
      return [e.operand];
    case 'Binary':
      return [e.left, e.right];
    case 'Between':
      return [e.expr, e.low, e.high];
    case 'In':
      return [e.expr, ...e.list];
    case 'IsNull':
      return [e.expr];
    case 'Case':
      return [
        ...(e.operand ? [e.operand] : []),
        ...e.whens.flatMap((w) => [w.when, w.then]),
        ...(e.else ? [e.else] : []),
      ];
    case 'Cast':
      return [e.expr];
    default:
      return assertNever(e);
  }
}

export function some(e: Expr, pred: (x: Expr) => boolean): boolean {
  return pred(e) || children(e).some((c) => some(c, pred));
}

/** First node (pre-order) matching `pred`. */
export function find(e: Expr, pred: (x: Expr) => boolean): Expr | undefined {
  if (pred(e)) return e;
  for (const c of children(e)) {
    const hit = find(c, pred);
    if (hit) return hit;
  }
  return undefined;
}

export const isAggregateCall = (e: Expr): boolean => e.kind === 'Func' && isAggregateName(e.name);
export const hasAggregate = (e: Expr): boolean => some(e, isAggregateCall);

const WINDOW_PC = new Set(['_wstart', '_wend', '_wduration']);
export const hasWindowPc = (e: Expr): boolean => some(e, (x) => x.kind === 'Column' && WINDOW_PC.has(x.name));

/** Rebuild `e` bottom-up, replacing each node by `f(node)` (f sees already-mapped children). */
export function mapExpr(e: Expr, f: (x: Expr) => Expr): Expr {
  const m = (x: Expr): Expr => mapExpr(x, f);
  let out: Expr;
  switch (e.kind) {
    case 'Func':
      out = { ...e, args: e.args.map(m) };
      break;
    case 'Unary':
      out = { ...e, operand: m(e.operand) };
      break;
    case 'Binary':
      out = { ...e, left: m(e.left), right: m(e.right) };
      break;
    case 'Between':
      out = { ...e, expr: m(e.expr), low: m(e.low), high: m(e.high) };
      break;
    case 'In':
      out = { ...e, expr: m(e.expr), list: e.list.map(m) };
      break;
    case 'IsNull':
    case 'Cast':
      out = { ...e, expr: m(e.expr) } as Expr;
      break;
    case 'Case':
      out = {
        ...e,
        operand: e.operand && m(e.operand),
        whens: e.whens.map((w) => ({ when: m(w.when), then: m(w.then) })),
        else: e.else && m(e.else),
      };
      break;
    default:
      out = e;
  }
  return f(out);
}
