/**
 * Aggregate and selection functions as data (sql.md §5.1, §5.2, §10). FIRST/LAST use
 * arg_min/arg_max (skip NULL values), LAST_ROW arg_max_null (keeps them); a selection
 * function's `companion` renders plain columns of the same select list from its row.
 */
import { Code, TypeCode } from '@taosts/protocol';
import type { Expr } from '../ast/index.js';
import type { Env } from './env.js';
import { fail, unsupported } from './errors.js';
import { genExpr } from './expr.js';
import type { Typed } from './scope.js';
import { T, isDecimal, isInteger, isNumeric, isString, isTimestamp, isUnsigned } from './sql-type.js';
import { quoteString } from './literal.js';
import { toDouble } from './operators.js';
import { ELAPSED, IRATE, TWA } from './timeline-aggregates.js';

export interface AggregateFn {
  readonly min: number;
  readonly max: number;
  /** Counts rows: keeps the one-row result on empty input (sql.md §4.15). */
  readonly counts?: boolean;
  gen(args: readonly Expr[], env: Env): Typed;
  /** Selection functions: SQL for a plain column taken from the selected row. */
  companion?(args: readonly Expr[], env: Env): (column: string) => string;
}

function tsOf(env: Env): string {
  if (!env.src.ts) fail(Code.INVALID_TIMELINE_FUNC);
  return env.src.ts.sql;
}

function numericArg(args: readonly Expr[], env: Env): Typed {
  const x = genExpr(args[0], env);
  if (!isNumeric(x.type) && x.sql !== 'NULL') fail(Code.FUNC_INVALID_PARA_TYPE);
  return x;
}

const statistic = (fn: string): AggregateFn => ({
  min: 1,
  max: 1,
  gen: (args, env) => ({ sql: `${fn}(${toDouble(numericArg(args, env))})`, type: T.double }),
});

/** `fn(x)` keeping x's type; selection by value (MIN/MAX). */
const byValue = (fn: 'min' | 'max'): AggregateFn => ({
  min: 1,
  max: 1,
  gen(args, env) {
    const x = genExpr(args[0], env);
    return { sql: `${fn}(${x.sql})`, type: x.type };
  },
  companion(args, env) {
    const x = genExpr(args[0], env).sql;
    return (c) => `arg_${fn}_null(${c}, ${x})`;
  },
});

/** FIRST/LAST/LAST_ROW: by timestamp. */
const byTime = (pick: 'arg_min' | 'arg_max', keepNull: boolean): AggregateFn => ({
  min: 1,
  max: 1,
  gen(args, env) {
    const x = genExpr(args[0], env);
    return { sql: `${pick}${keepNull ? '_null' : ''}(${x.sql}, ${tsOf(env)})`, type: x.type };
  },
  companion(args, env) {
    const x = genExpr(args[0], env).sql;
    const ts = tsOf(env);
    return (c) =>
      keepNull ? `${pick}_null(${c}, ${ts})` : `${pick}_null(${c}, ${ts}) FILTER (WHERE ${x} IS NOT NULL)`;
  },
});

export const AGGREGATES: Readonly<Record<string, AggregateFn>> = {
  count: {
    min: 1,
    max: 1,
    counts: true,
    gen(args, env) {
      if (args[0].kind === 'Star') return { sql: 'count(*)', type: T.bigint };
      return { sql: `count(${genExpr(args[0], env).sql})`, type: T.bigint };
    },
  },
  hyperloglog: {
    min: 1,
    max: 1,
    counts: true,
    gen: (args, env) => ({ sql: `count(DISTINCT ${genExpr(args[0], env).sql})`, type: T.bigint }),
  },
  sum: {
    min: 1,
    max: 1,
    gen(args, env) {
      const x = numericArg(args, env);
      // DuckDB sums integers into HUGEINT; TDengine reports BIGINT / BIGINT UNSIGNED / DOUBLE,
      // accumulated in an int64 / uint64 that wraps around on overflow (builtinsimpl.c sumFunction).
      if (isUnsigned(x.type))
        return { sql: `CAST(sum(${x.sql}) % ${2n ** 64n} AS UBIGINT)`, type: T.ubigint };
      if (isInteger(x.type) || x.type.code === TypeCode.BOOL) {
        const s = `sum(CAST(${x.sql} AS BIGINT))`;
        const wrapped = `((${s} + ${2n ** 63n}) % ${2n ** 64n} + ${2n ** 64n}) % ${2n ** 64n} - ${2n ** 63n}`;
        return { sql: `CAST(${wrapped} AS BIGINT)`, type: T.bigint };
      }
      if (isDecimal(x.type)) return { sql: `sum(${x.sql})`, type: { ...x.type, precision: 38 } };
      return { sql: `sum(CAST(${x.sql} AS DOUBLE))`, type: T.double };
    },
  },
  avg: statistic('avg'),
  stddev: statistic('stddev_pop'),
  stddev_pop: statistic('stddev_pop'),
  std: statistic('stddev_pop'),
  stddev_samp: statistic('stddev_samp'),
  var_pop: statistic('var_pop'),
  variance: statistic('var_pop'),
  var_samp: statistic('var_samp'),
  spread: {
    min: 1,
    max: 1,
    gen(args, env) {
      const x = genExpr(args[0], env);
      if (!isNumeric(x.type) && !isTimestamp(x.type)) fail(Code.FUNC_INVALID_PARA_TYPE);
      return { sql: `(CAST(max(${x.sql}) AS DOUBLE) - CAST(min(${x.sql}) AS DOUBLE))`, type: T.double };
    },
  },
  min: byValue('min'),
  max: byValue('max'),
  first: byTime('arg_min', false),
  last: byTime('arg_max', false),
  last_row: byTime('arg_max', true),
  mode: {
    min: 1,
    max: 1,
    gen(args, env) {
      const x = genExpr(args[0], env);
      return { sql: `mode(${x.sql})`, type: x.type };
    },
  },
  percentile: {
    min: 2,
    max: 11,
    gen(args, env) {
      if (args.length === 2) return quantile(args, env);
      // Several percentiles: a JSON array text, each value printed with "%.6lf" (TDengine's
      // percentile finalizer), e.g. `[1.000000, 5.500000]`.
      const x = numericArg(args, env);
      const ps = args.slice(1).map((a) => percent(a));
      const list = `quantile_cont(${toDouble(x)}, [${ps.join(', ')}])`;
      const sql = `('[' || array_to_string(list_transform(${list}, v -> printf('%.6f', v)), ', ') || ']')`;
      return { sql, type: T.varchar(512) };
    },
  },
  apercentile: { min: 2, max: 3, gen: (args, env) => quantile(args, env) },
  /**
   * LEASTSQUARES(x, start, step): least-squares line through (start + i·step, x_i), i the
   * position of the non-NULL x in ts order; printed as TDengine does,
   * `{slop:%.6lf, intercept:%.6lf}` (sic).
   */
  leastsquares: {
    min: 3,
    max: 3,
    gen(args, env) {
      const x = toDouble(numericArg(args, env));
      if (!env.src.ts) fail(Code.INVALID_TIMELINE_FUNC);
      if (!env.rowColumns) unsupported('LEASTSQUARES here');
      const rows = env.rowColumns;
      const by = [...rows.partition, `${x} IS NULL`];
      const i = rows.add(`row_number() OVER (PARTITION BY ${by.join(', ')} ORDER BY ${env.src.ts.sql})`);
      const at = `(${signedNumber(args[1])} + ${signedNumber(args[2])} * (${i} - 1))`;
      const sql = `CASE WHEN count(${x}) > 0 THEN printf('{slop:%.6f, intercept:%.6f}', regr_slope(${x}, ${at}), regr_intercept(${x}, ${at})) END`;
      return { sql, type: T.varchar(64) };
    },
  },
  /** GROUP_CONCAT(e1[, e2…], sep): rows whose concatenation is NULL are skipped; ts order. */
  group_concat: {
    min: 2,
    max: 9,
    gen(args, env) {
      const sep = args[args.length - 1];
      if (sep.kind !== 'String') fail(Code.FUNC_INVALID_PARA_TYPE, 'group_concat');
      const parts = args.slice(0, -1).map((a) => {
        const t = genExpr(a, env);
        if (!isString(t.type) && t.sql !== 'NULL') fail(Code.FUNC_INVALID_PARA_TYPE, 'group_concat');
        return t.sql;
      });
      const order = env.src.ts ? ` ORDER BY ${env.src.ts.sql}` : '';
      return {
        sql: `string_agg(${parts.join(' || ')}, ${quoteString(sep.value)}${order})`,
        type: T.varchar(65535),
      };
    },
  },
  irate: IRATE,
  twa: TWA,
  elapsed: ELAPSED,
};

function percent(p: Expr): number {
  if (p.kind !== 'Number') fail(Code.FUNC_INVALID_PARA_TYPE);
  const v = Number(p.text);
  if (!(v >= 0 && v <= 100)) fail(Code.FUNC_INVALID_PARA_VALUE);
  return v / 100;
}

function quantile(args: readonly Expr[], env: Env): Typed {
  const x = numericArg(args, env);
  return { sql: `quantile_cont(${toDouble(x)}, ${percent(args[1])})`, type: T.double };
}

const signedNumber = (e: Expr): string => {
  if (e.kind === 'Number') return `CAST(${e.text} AS DOUBLE)`;
  if (e.kind === 'Unary' && e.op === '-' && e.operand.kind === 'Number')
    return `CAST(-${e.operand.text} AS DOUBLE)`;
  return fail(Code.FUNC_INVALID_PARA_TYPE);
};

/** Row-producing time-series functions (timeseries.ts); not valid outside a select list. */
export const TIMESERIES_NAMES: ReadonlySet<string> = new Set([
  'diff',
  'derivative',
  'csum',
  'mavg',
  'statecount',
  'stateduration',
]);

/** Functions TDengine has that we do not translate yet: they raise OPS_NOT_SUPPORT, not "invalid function". */
export const UNSUPPORTED_FUNCTIONS = new Set([
  'top',
  'bottom',
  'interp',
  'sample',
  'tail',
  'unique',
  'histogram',
  'cols',
  'fill_forward',
  'to_char',
  'to_timestamp',
  'to_json',
  'char',
  'crc32',
  'substring_index',
  'find_in_set',
  'like_in_set',
  'regexp_in_set',
  'to_base64',
  'from_base64',
  'md5',
  'sha1',
  'sha',
  'sha2',
  'week',
  'date',
  'st_geomfromtext',
  'st_astext',
  'st_intersects',
  'st_equals',
  'st_touches',
  'st_covers',
  'st_contains',
  'st_containsproperly',
  'mask_full',
  'mask_partial',
  'mask_none',
  'aes_encrypt',
  'aes_decrypt',
  'sm4_encrypt',
  'sm4_decrypt',
  'block_dist',
  'first_value',
  '_irowts',
  '_isfilled',
]);

export function isAggregateName(name: string): boolean {
  return Object.hasOwn(AGGREGATES, name);
}

export const SELECTION_NAMES = new Set(['min', 'max', 'first', 'last', 'last_row']);
