/**
 * Expression handler: TDengine expression AST → typed DuckDB SQL. Functions and operators
 * are data tables (functions.ts, aggregates.ts, operators.ts); this file dispatches.
 */
import { Code, TypeCode } from '@taosts/protocol';
import { assertNever, type Expr } from '../ast/index.js';
import { AGGREGATES, TIMESERIES_NAMES, UNSUPPORTED_FUNCTIONS, isAggregateName } from './aggregates.js';
import type { Env } from './env.js';
import { fingerprint } from './env.js';
import { fail, unsupported } from './errors.js';
import { SCALARS } from './functions.js';
import { bigintLit, byteLength, quoteString } from './literal.js';
import { genBinary, genBetween, genIn } from './operators.js';
import { checkQualifier, type Typed } from './scope.js';
import { castExpr } from './cast.js';
import { NULL_TYPE, T, duckType, isNumeric, isString, type TType } from './sql-type.js';
import { constTicks, durationLitTicks } from './time-const.js';

export function genExpr(e: Expr, env: Env): Typed {
  if (env.scope === 'agg' && env.keys && e.kind !== 'Number' && e.kind !== 'String') {
    const key = env.keys.get(fingerprint(e));
    if (key) return key;
  }
  switch (e.kind) {
    case 'Number':
      return genNumber(e.text, e.isInt);
    case 'String':
      return { sql: quoteString(e.value), type: T.varchar(byteLength(e.value)) };
    case 'Bool':
      return { sql: e.value ? 'TRUE' : 'FALSE', type: T.bool };
    case 'Null':
      return { sql: 'NULL', type: NULL_TYPE };
    case 'Duration':
      return { sql: bigintLit(durationLitTicks(e.value, e.unit, env.precision)), type: T.bigint };
    case 'Timestamp':
      return { sql: bigintLit(constTicks(e, env.ctx, env.precision)!), type: T.timestamp };
    case 'Column':
      return genColumn(e.name, e.table, e.db, env);
    case 'Star':
      return fail(Code.SYNTAX_ERROR, '*');
    case 'Func':
      return genFunc(e.name, e.args, env);
    case 'Unary':
      return genUnary(e.op, e.operand, env);
    case 'Binary':
      return genBinary(e.op, e.left, e.right, env);
    case 'Between':
      return genBetween(e.expr, e.low, e.high, e.not, env);
    case 'In':
      return genIn(e.expr, e.list, e.not, env);
    case 'IsNull': {
      const x = genExpr(e.expr, env);
      return { sql: `(${x.sql} IS ${e.not ? 'NOT ' : ''}NULL)`, type: T.bool };
    }
    case 'Case':
      return genCase(e.operand, e.whens, e.else, env);
    case 'Cast':
      return castExpr(genExpr(e.expr, env), e.to);
    case 'Param':
      return unsupported('? parameters outside stmt binding');
    default:
      return assertNever(e);
  }
}

function genNumber(text: string, isInt: boolean): Typed {
  if (isInt) {
    const v = BigInt(text);
    if (v > 0x7fffffffffffffffn || v < -0x8000000000000000n) {
      return { sql: `CAST(${BigInt.asIntN(64, v)} AS BIGINT)`, type: T.bigint };
    }
    return { sql: bigintLit(v), type: T.bigint };
  }
  return { sql: `CAST(${quoteString(text)} AS DOUBLE)`, type: T.double };
}

const ROWTS = new Set(['_rowts', '_c0']);
const WINDOW_PC = new Set(['_wstart', '_wend', '_wduration']);
const QUERY_PC = new Set(['_qstart', '_qend', '_qduration']);

function genColumn(name: string, qualifier: string | undefined, db: string | undefined, env: Env): Typed {
  if (WINDOW_PC.has(name)) {
    if (!env.window || env.scope === 'arg') fail(Code.INVALID_WINDOW_PC);
    if (name === '_wstart') return { sql: env.window.wstart, type: T.timestamp };
    if (name === '_wend') return { sql: env.window.wend, type: T.timestamp };
    return { sql: env.window.wduration, type: T.bigint };
  }
  if (QUERY_PC.has(name)) {
    if (!env.qrange) fail(Code.INVALID_COLUMN, name);
    if (name === '_qstart') return { sql: env.qrange.start, type: T.timestamp };
    if (name === '_qend') return { sql: env.qrange.end, type: T.timestamp };
    return { sql: `(${env.qrange.end} - ${env.qrange.start})`, type: T.bigint };
  }
  checkQualifier(env.src, qualifier, db);
  let col = env.src.column(name, qualifier);
  if (!col && ROWTS.has(name)) col = env.src.ts;
  if (!col) fail(Code.INVALID_COLUMN, name);
  if (env.scope !== 'agg') return col;
  if (env.tagsConstant && col.sql.startsWith('g.')) return { sql: `any_value(${col.sql})`, type: col.type };
  if (env.companion) return { sql: env.companion(col.sql), type: col.type };
  return fail(env.grouped ? Code.GROUPBY_LACK_EXPRESSION : Code.NOT_SINGLE_GROUP);
}

function genFunc(name: string, args: readonly Expr[], env: Env): Typed {
  if (isAggregateName(name)) {
    if (env.scope === 'row') fail(Code.ILLEGAL_USE_AGG_FUNC);
    if (env.scope === 'arg') fail(Code.AGG_FUNC_NESTING);
    const agg = AGGREGATES[name];
    if (args.length < agg.min || args.length > agg.max) fail(Code.FUNC_INVALID_PARA_NUM, name);
    return agg.gen(args, { ...env, scope: 'arg' });
  }
  const fn = Object.hasOwn(SCALARS, name) ? SCALARS[name] : undefined;
  if (!fn) {
    // Time-series functions are replaced by select.ts's timeseries handler; anywhere else
    // (WHERE, windows, aggregate queries) they are not allowed.
    if (TIMESERIES_NAMES.has(name)) unsupported(`${name.toUpperCase()} in this position`);
    if (UNSUPPORTED_FUNCTIONS.has(name)) unsupported(`function ${name.toUpperCase()}`);
    return fail(Code.INVALID_FUNCTION_NAME, name);
  }
  if (args.length < fn.min || args.length > fn.max) fail(Code.FUNC_INVALID_PARA_NUM, name);
  return fn.gen(args, env);
}

function genUnary(op: '-' | '+' | 'not' | '~', operand: Expr, env: Env): Typed {
  if (op === '-' && operand.kind === 'Number') {
    const t = operand.text;
    return genNumber(t.startsWith('-') ? t.slice(1) : `-${t}`, operand.isInt);
  }
  const x = genExpr(operand, env);
  switch (op) {
    case '+':
      return x;
    case '-':
      if (!isNumeric(x.type) && !isString(x.type) && x.type !== NULL_TYPE) fail(Code.WRONG_VALUE_TYPE);
      return { sql: `(-CAST(${x.sql} AS DOUBLE))`, type: T.double };
    case 'not':
      return { sql: `(NOT ${asBool(x)})`, type: T.bool };
    case '~':
      return { sql: `(~CAST(${x.sql} AS BIGINT))`, type: T.bigint };
  }
}

export function asBool(x: Typed): string {
  return x.type.code === TypeCode.BOOL ? x.sql : `CAST(${x.sql} AS BOOLEAN)`;
}

function genCase(
  operand: Expr | undefined,
  whens: readonly { readonly when: Expr; readonly then: Expr }[],
  otherwise: Expr | undefined,
  env: Env,
): Typed {
  const op = operand ? genExpr(operand, env) : undefined;
  const thens = whens.map((w) => genExpr(w.then, env));
  const other = otherwise ? genExpr(otherwise, env) : undefined;
  // TDengine: the result type is the type of the first THEN (sql.md §4.12).
  const first = [...thens, ...(other ? [other] : [])].find((t) => t.type !== NULL_TYPE);
  const type: TType = first?.type ?? NULL_TYPE;
  const conv = (t: Typed): string =>
    t.type === type || t.sql === 'NULL' ? t.sql : `TRY_CAST(${t.sql} AS ${duckType(type)})`;
  const parts = whens.map((w, k) => {
    const cond = op ? genBinary('=', operand!, w.when, env).sql : asBool(genExpr(w.when, env));
    return `WHEN ${cond} THEN ${conv(thens[k])}`;
  });
  return { sql: `(CASE ${parts.join(' ')}${other ? ` ELSE ${conv(other)}` : ''} END)`, type };
}
