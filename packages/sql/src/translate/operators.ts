/**
 * Operators. TDengine rules (sql.md §2.4, §4.5): arithmetic yields DOUBLE (division by zero →
 * NULL), `ts ± duration|integer` stays TIMESTAMP ticks, bitwise ops yield BIGINT, strings compared
 * with a TIMESTAMP are timestamps in the session zone, LIKE escapes with `\`.
 */
import { Code, TypeCode } from '@taosts/protocol';
import type { BinaryOp, Expr } from '../ast/index.js';
import type { Env } from './env.js';
import { fail } from './errors.js';
import { asBool, genExpr } from './expr.js';
import { bigintLit, quoteString } from './literal.js';
import type { Typed } from './scope.js';
import { T, isInteger, isNumeric, isString, isTimestamp } from './sql-type.js';
import { constTicks } from './time-const.js';

const ARITH = new Set<BinaryOp>(['+', '-', '*', '/', '%']);
const COMPARE = new Set<BinaryOp>(['=', '<>', '<', '<=', '>', '>=']);
const JSON_T = { code: TypeCode.JSON, length: 4095 } as const;

/** A string/time constant read as ticks when compared or combined with a TIMESTAMP. */
function asTimeOperand(e: Expr, env: Env): Typed | undefined {
  if (e.kind !== 'String' && e.kind !== 'Timestamp' && e.kind !== 'Binary') return undefined;
  if (e.kind === 'Binary' && !containsString(e)) return undefined;
  const v = constTicks(e, env.ctx, env.precision);
  return v === undefined ? undefined : { sql: bigintLit(v), type: T.timestamp };
}
function containsString(e: Expr): boolean {
  if (e.kind === 'String' || e.kind === 'Timestamp') return true;
  return e.kind === 'Binary' && (containsString(e.left) || containsString(e.right));
}

/** Generate both sides of a comparison, coercing strings against TIMESTAMP and JSON values. */
export function comparePair(l: Expr, r: Expr, env: Env): [Typed, Typed] {
  let a = genJsonAware(l, r, env);
  let b = genJsonAware(r, l, env);
  if (isTimestamp(a.type)) b = asTimeOperand(r, env) ?? b;
  if (isTimestamp(b.type)) a = asTimeOperand(l, env) ?? a;
  if (isString(a.type) && isNumeric(b.type) && a.type.code !== TypeCode.JSON)
    a = { sql: `TRY_CAST(${a.sql} AS DOUBLE)`, type: T.double };
  if (isString(b.type) && isNumeric(a.type) && b.type.code !== TypeCode.JSON)
    b = { sql: `TRY_CAST(${b.sql} AS DOUBLE)`, type: T.double };
  return [a, b];
}

/** `tags->'k' = 'v'` compares the JSON value as a string; with a number, as a number. */
function genJsonAware(e: Expr, other: Expr, env: Env): Typed {
  if (e.kind === 'Binary' && e.op === '->') {
    const path = jsonPath(e.right);
    const base = genExpr(e.left, env).sql;
    if (other.kind === 'Number')
      return { sql: `TRY_CAST(json_extract_string(${base}, ${path}) AS DOUBLE)`, type: T.double };
    return { sql: `json_extract_string(${base}, ${path})`, type: T.varchar(4095) };
  }
  return genExpr(e, env);
}

function jsonPath(key: Expr): string {
  if (key.kind !== 'String') fail(Code.WRONG_VALUE_TYPE, 'JSON key must be a string');
  return quoteString(`$."${key.value.replaceAll('"', '\\"')}"`);
}

export function genBinary(op: BinaryOp, l: Expr, r: Expr, env: Env): Typed {
  if (COMPARE.has(op)) {
    const [a, b] = comparePair(l, r, env);
    return { sql: `(${a.sql} ${op} ${b.sql})`, type: T.bool };
  }
  if (ARITH.has(op)) return genArith(op, l, r, env);
  switch (op) {
    case '&':
    case '|': {
      const a = genExpr(l, env);
      const b = genExpr(r, env);
      return { sql: `(CAST(${a.sql} AS BIGINT) ${op} CAST(${b.sql} AS BIGINT))`, type: T.bigint };
    }
    case 'and':
    case 'or':
      return {
        sql: `(${asBool(genExpr(l, env))} ${op.toUpperCase()} ${asBool(genExpr(r, env))})`,
        type: T.bool,
      };
    case 'like':
    case 'not like': {
      const a = genExpr(l, env);
      const b = genExpr(r, env);
      return { sql: `(${a.sql} ${op === 'like' ? '' : 'NOT '}LIKE ${b.sql} ESCAPE '\\')`, type: T.bool };
    }
    case 'match':
    case 'regexp':
    case 'nmatch':
    case 'not regexp': {
      const a = genExpr(l, env);
      const b = genExpr(r, env);
      const neg = op === 'nmatch' || op === 'not regexp';
      return { sql: `(${neg ? 'NOT ' : ''}regexp_matches(${a.sql}, ${b.sql}))`, type: T.bool };
    }
    case 'contains':
      return { sql: `json_exists(${genExpr(l, env).sql}, ${jsonPath(r)})`, type: T.bool };
    case '->':
      return { sql: `json_extract(${genExpr(l, env).sql}, ${jsonPath(r)})`, type: JSON_T };
    default:
      return fail(Code.SYNTAX_ERROR, op);
  }
}

function genArith(op: BinaryOp, l: Expr, r: Expr, env: Env): Typed {
  // `'2021-07-13 14:06:32' + 10s`: a timestamp constant.
  if (
    (op === '+' || op === '-') &&
    (l.kind === 'String' || l.kind === 'Timestamp') &&
    r.kind === 'Duration'
  ) {
    return asTimeOperand({ kind: 'Binary', op, left: l, right: r }, env)!;
  }
  const a = genExpr(l, env);
  const b = genExpr(r, env);
  if ((op === '+' || op === '-') && (isTimestamp(a.type) || isTimestamp(b.type))) {
    if (isTimestamp(a.type) && isTimestamp(b.type)) {
      return { sql: `(${a.sql} ${op} ${b.sql})`, type: op === '-' ? T.bigint : T.timestamp };
    }
    const other = isTimestamp(a.type) ? b : a;
    if (isInteger(other.type)) return { sql: `(${a.sql} ${op} ${b.sql})`, type: T.timestamp };
  }
  const x = toDouble(a);
  const y = toDouble(b);
  switch (op) {
    case '/':
      return { sql: `(${x} / NULLIF(${y}, 0))`, type: T.double };
    case '%':
      return { sql: `fmod(${x}, NULLIF(${y}, 0))`, type: T.double };
    default:
      return { sql: `(${x} ${op} ${y})`, type: T.double };
  }
}

export function toDouble(t: Typed): string {
  if (t.sql === 'NULL') return 'CAST(NULL AS DOUBLE)';
  return isString(t.type) ? `TRY_CAST(${t.sql} AS DOUBLE)` : `CAST(${t.sql} AS DOUBLE)`;
}

export function genBetween(e: Expr, lo: Expr, hi: Expr, not: boolean, env: Env): Typed {
  const [x, a] = comparePair(e, lo, env);
  const [, b] = comparePair(e, hi, env);
  return { sql: `(${x.sql} ${not ? 'NOT ' : ''}BETWEEN ${a.sql} AND ${b.sql})`, type: T.bool };
}

export function genIn(e: Expr, list: readonly Expr[], not: boolean, env: Env): Typed {
  const x = genExpr(e, env);
  const items = list.map((item) => comparePair(e, item, env)[1].sql);
  return { sql: `(${x.sql} ${not ? 'NOT ' : ''}IN (${items.join(', ')}))`, type: T.bool };
}
