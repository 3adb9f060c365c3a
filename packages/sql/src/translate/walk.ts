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
      return [...(e.operand ? [e.operand] : []), ...e.whens.flatMap((w) => [w.when, w.then]), ...(e.else ? [e.else] : [])];
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
