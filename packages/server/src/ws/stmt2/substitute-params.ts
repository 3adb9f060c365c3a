/**
 * Bound values into a parsed statement: every `?` (`Param`) node becomes the literal of its
 * value, as a new AST — the SQL text is never rebuilt, so no value can change the statement.
 */
import { Code, TaosError } from '@taosts/protocol';
import type { Expr, Statement } from '@taosts/sql';
import type { Value } from '../../engine/types.js';
import { literalOf } from '../../ingest/bound-value.js';

/** The literal for a bound value; negative numbers as unary minus, as the parser writes them. */
function paramLiteral(v: Value): Expr {
  const lit = literalOf(v);
  if (lit.kind === 'Number' && lit.text.startsWith('-')) {
    return { kind: 'Unary', op: '-', operand: { kind: 'Number', text: lit.text.slice(1), isInt: lit.isInt } };
  }
  return lit;
}

function substitute(node: unknown, values: readonly Value[]): unknown {
  if (Array.isArray(node)) {
    let changed = false;
    const out = node.map((x) => {
      const y = substitute(x, values);
      if (y !== x) changed = true;
      return y;
    });
    return changed ? out : node;
  }
  if (node === null || typeof node !== 'object' || node instanceof Map) return node;
  const o = node as Record<string, unknown>;
  if (o.kind === 'Param' && typeof o.index === 'number') {
    if (o.index >= values.length)
      throw new TaosError(Code.INVALID_PARA, `no value bound for parameter ${o.index + 1}`);
    return paramLiteral(values[o.index]!);
  }
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(o)) {
    const y = substitute(v, values);
    if (y !== v) (out ??= { ...o })[k] = y;
  }
  return out ?? node;
}

/** `stmt` with each `?` replaced by the literal of `values[index]`. */
export function substituteParams(stmt: Statement, values: readonly Value[]): Statement {
  return substitute(stmt, values) as Statement;
}
