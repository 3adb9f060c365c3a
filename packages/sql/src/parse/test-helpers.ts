/** Small AST builders that keep the table-driven parser tests readable. Test-only. */
import type { BinaryOp, DurationLit, DurationUnit, Expr, NumberLit, StringLit } from '../ast/index.js';

export const col = (name: string, table?: string, db?: string): Expr => ({
  kind: 'Column',
  name,
  ...(table !== undefined && { table }),
  ...(db !== undefined && { db }),
});
export const num = (text: string): NumberLit => ({
  kind: 'Number',
  text,
  isInt: /^-?(\d+|0x[0-9a-f]+|0b[01]+)$/.test(text),
});
export const str = (value: string): StringLit => ({ kind: 'String', value });
export const dur = (text: string): DurationLit => ({
  kind: 'Duration',
  value: BigInt(text.slice(0, -1)),
  unit: text.slice(-1) as DurationUnit,
  text,
});
export const fn = (name: string, ...args: Expr[]): Expr => ({ kind: 'Func', name, args });
export const bin = (op: BinaryOp, left: Expr, right: Expr): Expr => ({ kind: 'Binary', op, left, right });
export const NULL: Expr = { kind: 'Null' };
export const star: Expr = { kind: 'Star' };
