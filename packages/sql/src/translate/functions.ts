/**
 * Scalar functions as data: name → arity and a generator (sql.md §5.4–5.9). Renames are one
 * line each; functions whose TDengine semantics differ from DuckDB's wrap the call.
 */
import { Code, TypeCode } from '@taosts/protocol';
import type { Expr } from '../ast/index.js';
import type { Env } from './env.js';
import { fail } from './errors.js';
import { asBool, genExpr } from './expr.js';
import { quoteString } from './literal.js';
import { toDouble } from './operators.js';
import type { Typed } from './scope.js';
import { NULL_TYPE, T, duckType, isInteger, isNumeric, isString, type TType } from './sql-type.js';
import { TIME_FUNCTIONS } from './time-functions.js';

export interface ScalarFn {
  readonly min: number;
  readonly max: number;
  gen(args: readonly Expr[], env: Env): Typed;
}

const all = (args: readonly Expr[], env: Env): Typed[] => args.map((a) => genExpr(a, env));

/** Math keeping the argument's type (integer input stays integer). */
const sameNum = (fn: (a: string[]) => string, min = 1, max = 1): ScalarFn => ({
  min,
  max,
  gen(args, env) {
    const a = all(args, env);
    if (!isNumeric(a[0].type) && a[0].type !== NULL_TYPE) fail(Code.FUNC_INVALID_PARA_TYPE);
    return { sql: fn(a.map((x) => x.sql)), type: a[0].type };
  },
});

/** Math returning DOUBLE; `guard` turns out-of-domain inputs into NULL like TDengine. */
const dbl = (fn: (a: string[]) => string, min = 1, max = 1, guard?: (a: string[]) => string): ScalarFn => ({
  min,
  max,
  gen(args, env) {
    const a = all(args, env);
    for (const x of a) if (!isNumeric(x.type) && x.type !== NULL_TYPE) fail(Code.FUNC_INVALID_PARA_TYPE);
    const d = a.map(toDouble);
    const body = fn(d);
    return { sql: guard ? `(CASE WHEN ${guard(d)} THEN ${body} END)` : body, type: T.double };
  },
});

/** String function keeping the argument's type. */
const sameStr = (fn: (a: string[]) => string, min = 1, max = 1): ScalarFn => ({
  min,
  max,
  gen(args, env) {
    const a = all(args, env);
    if (!isString(a[0].type) && a[0].type !== NULL_TYPE) fail(Code.FUNC_INVALID_PARA_TYPE);
    return { sql: fn(a.map((x) => x.sql)), type: a[0].type };
  },
});

const bigintOfStr = (fn: (a: Typed[]) => string, min = 1, max = 1): ScalarFn => ({
  min,
  max,
  gen(args, env) {
    const a = all(args, env);
    return { sql: fn(a), type: T.bigint };
  },
});

const constant = (f: (env: Env) => Typed): ScalarFn => ({ min: 0, max: 0, gen: (_args, env) => f(env) });
const str = (s: string | undefined): Typed =>
  s === undefined
    ? { sql: 'CAST(NULL AS VARCHAR)', type: T.varchar(0) }
    : { sql: quoteString(s), type: T.varchar(new TextEncoder().encode(s).length) };

const anyNull = (a: string[]): string => a.map((x) => `${x} IS NULL`).join(' OR ');

function stringText(x: Typed): string {
  return isString(x.type) ? x.sql : `CAST(${x.sql} AS VARCHAR)`;
}

/** Type shared by IFNULL/NVL/COALESCE/GREATEST/LEAST arguments. */
function commonType(a: Typed[]): TType {
  const real = a.filter((x) => x.type !== NULL_TYPE);
  if (real.length === 0) return NULL_TYPE;
  if (real.every((x) => x.type.code === real[0].type.code)) {
    return { ...real[0].type, length: Math.max(...real.map((x) => x.type.length)) };
  }
  if (real.some((x) => isString(x.type))) return T.varchar(Math.max(...real.map((x) => x.type.length)));
  if (real.every((x) => isInteger(x.type) || x.type.code === TypeCode.BOOL)) return T.bigint;
  if (real.every((x) => isNumeric(x.type))) return T.double;
  return real[0].type;
}
const conv = (x: Typed, t: TType): string =>
  x.type.code === t.code ? x.sql : `TRY_CAST(${x.sql} AS ${duckType(t)})`;

const choose = (
  min: number,
  max: number,
  render: (a: string[]) => string,
  pick: (a: Typed[]) => Typed[] = (a) => a,
): ScalarFn => ({
  min,
  max,
  gen(args, env) {
    const a = all(args, env);
    const t = commonType(pick(a));
    return { sql: render(a.map((x, k) => (pick(a).includes(x) ? conv(x, t) : a[k].sql))), type: t };
  },
});

export const SCALARS: Readonly<Record<string, ScalarFn>> = {
  // math (sql.md §5.4)
  abs: sameNum(([x]) => `abs(${x})`),
  ceil: sameNum(([x]) => `ceil(${x})`),
  floor: sameNum(([x]) => `floor(${x})`),
  round: sameNum(([x, d]) => (d === undefined ? `round(${x})` : `round(${x}, CAST(${d} AS INTEGER))`), 1, 2),
  truncate: sameNum(([x, d]) => `trunc(CAST(${x} AS DOUBLE) * pow(10, ${d})) / pow(10, ${d})`, 2, 2),
  sign: sameNum(([x]) => `sign(${x})`),
  sqrt: dbl(
    ([x]) => `sqrt(${x})`,
    1,
    1,
    ([x]) => `${x} >= 0`,
  ),
  sin: dbl(([x]) => `sin(${x})`),
  cos: dbl(([x]) => `cos(${x})`),
  tan: dbl(([x]) => `tan(${x})`),
  asin: dbl(
    ([x]) => `asin(${x})`,
    1,
    1,
    ([x]) => `${x} BETWEEN -1 AND 1`,
  ),
  acos: dbl(
    ([x]) => `acos(${x})`,
    1,
    1,
    ([x]) => `${x} BETWEEN -1 AND 1`,
  ),
  atan: dbl(([x]) => `atan(${x})`),
  exp: dbl(([x]) => `exp(${x})`),
  ln: dbl(
    ([x]) => `ln(${x})`,
    1,
    1,
    ([x]) => `${x} > 0`,
  ),
  log: dbl(
    ([x, b]) => (b === undefined ? `ln(${x})` : `(ln(${x}) / ln(${b}))`),
    1,
    2,
    ([x, b]) => (b === undefined ? `${x} > 0` : `${x} > 0 AND ${b} > 0 AND ${b} <> 1`),
  ),
  pow: dbl(([x, y]) => `pow(${x}, ${y})`, 2, 2),
  mod: dbl(([x, y]) => `fmod(${x}, NULLIF(${y}, 0))`, 2, 2),
  degrees: dbl(([x]) => `degrees(${x})`),
  radians: dbl(([x]) => `radians(${x})`),
  pi: { min: 0, max: 0, gen: () => ({ sql: 'pi()', type: T.double }) },
  rand: { min: 0, max: 0, gen: () => ({ sql: 'random()', type: T.double }) },
  // TDengine: any NULL argument → NULL (DuckDB's greatest/least skip NULLs).
  greatest: choose(
    2,
    Infinity,
    (a) => `(CASE WHEN ${anyNull(a)} THEN NULL ELSE greatest(${a.join(', ')}) END)`,
  ),
  least: choose(2, Infinity, (a) => `(CASE WHEN ${anyNull(a)} THEN NULL ELSE least(${a.join(', ')}) END)`),

  // strings (sql.md §5.5)
  length: bigintOfStr(([x]) =>
    x.type.code === TypeCode.NCHAR
      ? `(length(${x.sql}) * 4)`
      : isString(x.type) || x.type === NULL_TYPE
        ? `strlen(${x.sql})`
        : `octet_length(${x.sql})`,
  ),
  char_length: bigintOfStr(([x]) => `length(${x.sql})`),
  lower: sameStr(([x]) => `lower(${x})`),
  upper: sameStr(([x]) => `upper(${x})`),
  ltrim: sameStr(([x]) => `ltrim(${x})`),
  rtrim: sameStr(([x]) => `rtrim(${x})`),
  trim: sameStr(([x]) => `trim(${x})`),
  substr: sameStr(substr, 2, 3),
  substring: sameStr(substr, 2, 3),
  replace: sameStr(([s, a, b]) => `replace(${s}, ${a}, ${b})`, 3, 3),
  repeat: {
    min: 2,
    max: 2,
    gen(args, env) {
      const [s, n] = all(args, env);
      const k = args[1].kind === 'Number' ? Number(args[1].text) : 1;
      return {
        sql: `repeat(${s.sql}, CAST(${n.sql} AS BIGINT))`,
        type: { ...s.type, length: s.type.length * Math.max(k, 1) },
      };
    },
  },
  ascii: bigintOfStr(([x]) => `CAST(ascii(${x.sql}) AS BIGINT)`),
  position: bigintOfStr(([a, b]) => `position(${a.sql} IN ${b.sql})`, 2, 2),
  concat: { min: 2, max: 8, gen: (args, env) => concatWs(all(args, env), undefined) },
  concat_ws: {
    min: 3,
    max: 9,
    gen(args, env) {
      const [sep, ...rest] = all(args, env);
      return concatWs(rest, sep);
    },
  },

  // control flow (sql.md §5.8)
  if: {
    min: 3,
    max: 3,
    gen(args, env) {
      const [c, a, b] = all(args, env);
      const t = commonType([a, b]);
      return { sql: `(CASE WHEN ${asBool(c)} THEN ${conv(a, t)} ELSE ${conv(b, t)} END)`, type: t };
    },
  },
  ifnull: choose(2, 2, (a) => `coalesce(${a.join(', ')})`),
  nvl: choose(2, 2, (a) => `coalesce(${a.join(', ')})`),
  coalesce: choose(1, Infinity, (a) => `coalesce(${a.join(', ')})`),
  nullif: choose(2, 2, ([a, b]) => `nullif(${a}, ${b})`),
  nvl2: choose(
    3,
    3,
    ([a, b, c]) => `(CASE WHEN ${a} IS NOT NULL THEN ${b} ELSE ${c} END)`,
    (a) => a.slice(1),
  ),

  // system (sql.md §5.9)
  database: constant((env) => str(env.ctx.db)),
  client_version: constant((env) => str(env.ctx.serverVersion)),
  server_version: constant((env) => str(env.ctx.serverVersion)),
  server_status: constant(() => ({ sql: 'CAST(1 AS INTEGER)', type: T.int })),
  // TDengine rewrites USER()/CURRENT_USER() to `<user>@<server fqdn>`.
  current_user: constant((env) => str(`${env.ctx.user}@localhost`)),
  user: constant((env) => str(`${env.ctx.user}@localhost`)),

  ...TIME_FUNCTIONS,
};

/** TDengine SUBSTR: 1-based; negative position counts from the end; position 0 or length < 1 → ''. */
function substr([s, pos, len]: string[]): string {
  const body = len === undefined ? `substring(${s}, ${pos})` : `substring(${s}, ${pos}, greatest(${len}, 0))`;
  return `(CASE WHEN ${pos} = 0 THEN '' ELSE ${body} END)`;
}

function concatWs(parts: Typed[], sep: Typed | undefined): Typed {
  const nchar = parts.some((p) => p.type.code === TypeCode.NCHAR);
  const length =
    parts.reduce((n, p) => n + p.type.length, 0) + (sep ? sep.type.length * (parts.length - 1) : 0);
  const texts = parts.map(stringText);
  const body = texts.join(sep ? ` || ${stringText(sep)} || ` : ' || ');
  return { sql: `(${body})`, type: { code: nchar ? TypeCode.NCHAR : TypeCode.VARCHAR, length } };
}
