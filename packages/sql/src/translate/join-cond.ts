/**
 * Join conditions (sql.md §4.13): the AND-conjuncts of ON/WHERE and the primary-key condition —
 * a comparison of the two tables' primary timestamps, each bare or inside TIMETRUNCATE.
 */
import { TaosError } from '@taosts/protocol';
import type { ColumnRef, Expr } from '../ast/index.js';

/** TDengine's planner codes for join conditions (taoserror.h, planner usage messages). */
export const EXPECTED_TS_EQUAL = 0x2701;
export const NOT_SUPPORT_CROSS_JOIN = 0x2702;
export const NOT_SUPPORT_JOIN_COND = 0x2703;
export const NOT_UNIQUE_TABLE_ALIAS = 0x2663;

const MESSAGES: Record<number, string> = {
  [EXPECTED_TS_EQUAL]: 'primary timestamp equal condition is expected in join conditions',
  [NOT_SUPPORT_CROSS_JOIN]: 'not support cross join',
  [NOT_SUPPORT_JOIN_COND]: 'Not supported join conditions',
  [NOT_UNIQUE_TABLE_ALIAS]: 'Not unique table/alias',
};

export function joinError(code: number, detail?: string): never {
  const msg = MESSAGES[code];
  throw new TaosError(code, detail === undefined ? msg : `${msg}: ${detail}`);
}

export function conjuncts(e: Expr | undefined): Expr[] {
  if (!e) return [];
  if (e.kind === 'Binary' && e.op === 'and') return [...conjuncts(e.left), ...conjuncts(e.right)];
  return [e];
}

export type CompareOp = '=' | '<' | '<=' | '>' | '>=';
const FLIP: Record<CompareOp, CompareOp> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const isCompare = (op: string): op is CompareOp => Object.hasOwn(FLIP, op);

/** Side (0 = left, 1 = right) whose primary timestamp `c` names, if it names one. */
export type TsSide = (c: ColumnRef) => number | undefined;

/** The side of a primary-timestamp operand: a ts column or TIMETRUNCATE(ts column, …). */
function tsOperand(e: Expr, side: TsSide): number | undefined {
  if (e.kind === 'Column') return side(e);
  if (e.kind === 'Func' && e.name === 'timetruncate' && e.args.length >= 2) return tsOperand(e.args[0], side);
  return undefined;
}

/** `left OP right` with `left` on the left table's timeline. */
export interface PrimaryCond {
  readonly cond: Expr;
  readonly op: CompareOp;
  readonly left: Expr;
  readonly right: Expr;
}

/** The first conjunct comparing the two primary timestamps with one of `ops`. */
export function primaryCond(
  conds: readonly Expr[],
  side: TsSide,
  ops: readonly CompareOp[],
): PrimaryCond | undefined {
  for (const c of conds) {
    if (c.kind !== 'Binary' || !isCompare(c.op) || !ops.includes(c.op)) continue;
    const l = tsOperand(c.left, side);
    const r = tsOperand(c.right, side);
    if (l === 0 && r === 1) return { cond: c, op: c.op, left: c.left, right: c.right };
    if (l === 1 && r === 0) return { cond: c, op: FLIP[c.op], left: c.right, right: c.left };
  }
  return undefined;
}
