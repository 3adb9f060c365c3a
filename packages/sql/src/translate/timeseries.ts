/**
 * Time-series functions that produce rows (sql.md §5.3): DIFF, DERIVATIVE, CSUM, MAVG,
 * STATECOUNT, STATEDURATION. Each runs over one timeline — a table, a merged super table, or
 * one PARTITION BY slice — in ts order, as window functions over the filtered rows (a derived
 * relation, scope.ts `Derive`); plain columns of the same select list come from the output row.
 *
 * Semantics (TDengine function reference, "Time-Series Specific Functions"):
 * - DIFF(x[, opt]): x − the previous non-NULL x; the first row of a timeline gives no row;
 *   NULL when x is NULL or nothing non-NULL precedes it; opt 1/3 turn negative results into
 *   NULL, opt 2/3 drop rows whose result is NULL (several DIFFs: a row is dropped only when all
 *   results are NULL and all options ignore NULL). BIGINT (wrapping on overflow) for
 *   bool/integer/timestamp, DOUBLE for floats.
 * - DERIVATIVE(x, unit, ignore_negative): (Δx / Δts)·unit between consecutive non-NULL rows;
 *   NULL rows and the first non-NULL row give no row; ignore_negative=1 drops negative rates.
 * - CSUM(x): running sum of non-NULL values, one row per non-NULL x.
 * - MAVG(x, k): average of the last k non-NULL values, from the k-th non-NULL row on.
 * - STATECOUNT(x, op, v) / STATEDURATION(x, op, v[, unit]): per row, the length (rows / time
 *   since the run's first row, in `unit`, default one db tick) of the current run of rows where
 *   `x op v` holds, −1 where it does not, NULL (row kept, run not broken) where x is NULL.
 * On a super table not partitioned by tbname, equal timestamps of different child tables raise
 * 0x2805 (Duplicate timestamps not allowed in function) at run time (sql.md §1.6), through
 * DuckDB's `error()` (see errors.ts `SQL_ERROR_TAG`).
 * Different functions of this family cannot share a select list here (except STATECOUNT with
 * STATEDURATION, which keep every row); they do not combine with aggregates or windows.
 */
import { Code, TypeCode } from '@taosts/protocol';
import type { Expr } from '../ast/index.js';
import type { ResultColumn } from '../schema.js';
import { TIMESERIES_NAMES } from './aggregates.js';
import type { Env } from './env.js';
import { fingerprint } from './env.js';
import { fail, sqlError, unsupported } from './errors.js';
import { genExpr } from './expr.js';
import { orderTerm, render } from './render.js';
import type { Derive, Typed } from './scope.js';
import { outputs, userOrder, type Prepared } from './select.js';
import { T, isFloat, isNumeric, isTimestamp, isUnsigned, type TType } from './sql-type.js';
import { durationLitTicks } from './time-const.js';
import { children, hasAggregate, some } from './walk.js';

export const isTimeSeriesCall = (e: Expr): boolean => e.kind === 'Func' && TIMESERIES_NAMES.has(e.name);
export const hasTimeSeries = (e: Expr): boolean => some(e, isTimeSeriesCall);

/** What one call contributes: base columns (over the source row), window stages, its value. */
interface CallPlan {
  readonly base: string[];
  /** stages[0] over the base rows, stages[1] over stages[0]'s rows. */
  readonly stages: string[][];
  readonly value: Typed;
  /** Row filter terms (AND). */
  readonly keep: string[];
  /** DIFF option ignores NULL results. */
  readonly dropNull?: boolean;
}

/** Window plumbing shared by the plans. */
interface Timeline {
  readonly a: string;
  readonly ts: string;
  /** `PARTITION BY …` of the query's keys, plus `extra` terms. */
  over(extra?: string, frame?: string): string;
  readonly precision: Env['precision'];
  readonly env: Env;
}

const intArg = (e: Expr | undefined, name: string): number => {
  if (!e || e.kind !== 'Number' || !e.isInt) return fail(Code.FUNC_INVALID_PARA_TYPE, name);
  return Number(e.text);
};

const numberConst = (e: Expr, name: string): string => {
  if (e.kind === 'Number') return `CAST(${e.text} AS DOUBLE)`;
  if (e.kind === 'Unary' && e.op === '-' && e.operand.kind === 'Number')
    return `CAST(-${e.operand.text} AS DOUBLE)`;
  return fail(Code.FUNC_INVALID_PARA_TYPE, name);
};

const unitTicks = (e: Expr | undefined, tl: Timeline, name: string): bigint => {
  if (!e || e.kind !== 'Duration') return fail(Code.FUNC_INVALID_PARA_TYPE, name);
  const t = durationLitTicks(e.value, e.unit, tl.precision);
  if (t <= 0n) fail(Code.FUNC_INVALID_PARA_VALUE, name);
  return t;
};

const STATE_OPS: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  le: '<=',
  ge: '>=',
  ne: '<>',
  eq: '=',
};

const I64 = { min: '(-9223372036854775808)::HUGEINT', max: '9223372036854775807::HUGEINT' };

function numeric(args: readonly Expr[], tl: Timeline, name: string, timestamps = false): Typed {
  const x = genExpr(args[0], tl.env);
  if (!isNumeric(x.type) && !(timestamps && isTimestamp(x.type))) fail(Code.FUNC_INVALID_PARA_TYPE, name);
  if (x.type.code === TypeCode.DECIMAL || x.type.code === TypeCode.DECIMAL64)
    unsupported(`${name.toUpperCase()} of DECIMAL`);
  return x;
}

type Planner = (args: readonly Expr[], j: number, tl: Timeline) => CallPlan;

const PLANNERS: Readonly<Record<string, { min: number; max: number; plan: Planner }>> = {
  diff: {
    min: 1,
    max: 2,
    plan(args, j, tl) {
      const x = numeric(args, tl, 'diff', true);
      const opt = args.length > 1 ? intArg(args[1], 'diff') : 0;
      if (opt < 0 || opt > 3) fail(Code.FUNC_INVALID_PARA_VALUE, 'diff');
      const { a } = tl;
      const float = isFloat(x.type);
      const wide = x.type.code === TypeCode.BIGINT || x.type.code === TypeCode.UBIGINT;
      const cast = float ? 'DOUBLE' : wide ? 'HUGEINT' : 'BIGINT';
      const A = `${a}.__a${j}`;
      const raw = `${a}.__d${j}`;
      let v = opt === 1 || opt === 3 ? `CASE WHEN ${raw} < 0 THEN NULL ELSE ${raw} END` : raw;
      if (wide)
        v = `CAST(CASE WHEN ${v} > ${I64.max} THEN ${v} - 18446744073709551616::HUGEINT WHEN ${v} < ${I64.min} THEN ${v} + 18446744073709551616::HUGEINT ELSE ${v} END AS BIGINT)`;
      return {
        base: [`CAST(${x.sql} AS ${cast}) AS __a${j}`],
        stages: [[`${A} - lag(${A} IGNORE NULLS) ${tl.over()} AS __d${j}`]],
        value: { sql: v, type: float ? T.double : T.bigint },
        keep: [`${a}.__rn > 1`],
        dropNull: opt >= 2,
      };
    },
  },
  derivative: {
    min: 3,
    max: 3,
    plan(args, j, tl) {
      const x = numeric(args, tl, 'derivative');
      const unit = unitTicks(args[1], tl, 'derivative');
      if (unit < durationLitTicks(1n, 's', tl.precision)) fail(Code.FUNC_INVALID_PARA_VALUE, 'derivative');
      const ignoreNegative = intArg(args[2], 'derivative');
      if (ignoreNegative !== 0 && ignoreNegative !== 1) fail(Code.FUNC_INVALID_PARA_VALUE, 'derivative');
      const { a, ts } = tl;
      const A = `${a}.__a${j}`;
      const w = tl.over(`${A} IS NULL`);
      const dv = `(${A} - ${a}.__pv${j})`;
      return {
        base: [`CAST(${x.sql} AS DOUBLE) AS __a${j}`],
        stages: [[`lag(${A}) ${w} AS __pv${j}`, `lag(${ts}) ${w} AS __pt${j}`]],
        value: { sql: `(${dv} * ${unit} / CAST(${ts} - ${a}.__pt${j} AS DOUBLE))`, type: T.double },
        keep: [`${A} IS NOT NULL`, `${a}.__pt${j} IS NOT NULL`, ...(ignoreNegative ? [`${dv} >= 0`] : [])],
      };
    },
  },
  csum: {
    min: 1,
    max: 1,
    plan(args, j, tl) {
      const x = numeric(args, tl, 'csum');
      const type: TType = isFloat(x.type) ? T.double : isUnsigned(x.type) ? T.ubigint : T.bigint;
      const cast = isFloat(x.type) ? 'DOUBLE' : isUnsigned(x.type) ? 'UBIGINT' : 'BIGINT';
      const A = `${tl.a}.__a${j}`;
      return {
        base: [`CAST(${x.sql} AS ${cast}) AS __a${j}`],
        stages: [[`sum(${A}) ${tl.over(`${A} IS NULL`, 'ROWS UNBOUNDED PRECEDING')} AS __s${j}`]],
        value: { sql: `CAST(${tl.a}.__s${j} AS ${cast})`, type },
        keep: [`${A} IS NOT NULL`],
      };
    },
  },
  mavg: {
    min: 2,
    max: 2,
    plan(args, j, tl) {
      const x = numeric(args, tl, 'mavg');
      const k = intArg(args[1], 'mavg');
      if (k < 1 || k > 1000) fail(Code.FUNC_INVALID_PARA_VALUE, 'mavg');
      const A = `${tl.a}.__a${j}`;
      const w = tl.over(`${A} IS NULL`, `ROWS ${k - 1} PRECEDING`);
      return {
        base: [`CAST(${x.sql} AS DOUBLE) AS __a${j}`],
        stages: [[`avg(${A}) ${w} AS __m${j}`, `count(${A}) ${w} AS __c${j}`]],
        value: { sql: `${tl.a}.__m${j}`, type: T.double },
        keep: [`${A} IS NOT NULL`, `${tl.a}.__c${j} = ${k}`],
      };
    },
  },
  statecount: { min: 3, max: 3, plan: (args, j, tl) => stateRun(args, j, tl, 'statecount') },
  stateduration: { min: 3, max: 4, plan: (args, j, tl) => stateRun(args, j, tl, 'stateduration') },
};

function stateRun(args: readonly Expr[], j: number, tl: Timeline, name: string): CallPlan {
  const x = numeric(args, tl, name);
  const opArg = args[1];
  if (opArg.kind !== 'String') fail(Code.FUNC_INVALID_PARA_TYPE, name);
  const op = STATE_OPS[opArg.value.toLowerCase()];
  if (!op) fail(Code.FUNC_INVALID_PARA_VALUE, name);
  const v = numberConst(args[2], name);
  const { a, ts } = tl;
  const A = `${a}.__a${j}`;
  const cond = `(${A} ${op} ${v})`;
  const run = tl.over(`${a}.__g${j}`, 'ROWS UNBOUNDED PRECEDING');
  const stage2 =
    name === 'statecount'
      ? `sum(CASE WHEN ${cond} THEN 1 ELSE 0 END) ${run} AS __f${j}`
      : `min(CASE WHEN ${cond} THEN ${ts} END) ${run} AS __f${j}`;
  const unit = name === 'stateduration' && args.length > 3 ? unitTicks(args[3], tl, name) : 1n;
  const len = name === 'statecount' ? `${a}.__f${j}` : `(${ts} - ${a}.__f${j}) // ${unit}`;
  return {
    base: [`CAST(${x.sql} AS DOUBLE) AS __a${j}`],
    stages: [
      [
        `sum(CASE WHEN ${A} IS NOT NULL AND NOT ${cond} THEN 1 ELSE 0 END) ${tl.over(undefined, 'ROWS UNBOUNDED PRECEDING')} AS __g${j}`,
      ],
      [stage2],
    ],
    value: {
      sql: `CAST(CASE WHEN ${A} IS NULL THEN NULL WHEN ${cond} THEN ${len} ELSE -1 END AS BIGINT)`,
      type: T.bigint,
    },
    keep: [],
  };
}

export function buildTimeSeries(p: Prepared, ordinal: boolean): { sql: string; columns: ResultColumn[] } {
  const { sel, src } = p;
  if (!src.ts) fail(Code.INVALID_TIMELINE_FUNC);
  if (sel.window) unsupported('time-series functions with a window clause');
  if (sel.groupBy?.length) unsupported('time-series functions with GROUP BY');
  if (sel.distinct) unsupported('DISTINCT with time-series functions');
  if (p.items.some((i) => hasAggregate(i.expr)) || (p.having && hasAggregate(p.having)))
    unsupported('time-series functions together with aggregates');

  const calls: (Expr & { kind: 'Func' })[] = [];
  const seen = new Set<string>();
  const collect = (e: Expr): void => {
    if (e.kind === 'Func' && isTimeSeriesCall(e)) {
      if (e.args.some(hasTimeSeries)) fail(Code.AGG_FUNC_NESTING, e.name);
      if (!seen.has(fingerprint(e))) calls.push(e);
      seen.add(fingerprint(e));
      return;
    }
    children(e).forEach(collect);
  };
  p.items.forEach((i) => collect(i.expr));
  const names = new Set(calls.map((c) => c.name));
  const stateOnly = [...names].every((n) => n === 'statecount' || n === 'stateduration');
  if (names.size > 1 && !stateOnly) unsupported('different time-series functions in one select list');

  const a = src.alias;
  const ts = src.ts.sql.replace(/^[a-z]+\./, `${a}.`);
  const keys = p.keys.map((k) => genExpr(k, p.env));
  const part = keys.map((_k, i) => `${a}.__p${i}`);
  const tl: Timeline = {
    a,
    ts,
    precision: src.precision,
    env: p.env,
    over(extra, frame) {
      const by = [...part, ...(extra ? [extra] : [])];
      return `OVER (${by.length ? `PARTITION BY ${by.join(', ')} ` : ''}ORDER BY ${ts}${frame ? ` ${frame}` : ''})`;
    },
  };
  const plans = calls.map((c, j) => {
    const spec = PLANNERS[c.name];
    if (c.args.length < spec.min || c.args.length > spec.max) fail(Code.FUNC_INVALID_PARA_NUM, c.name);
    return spec.plan(c.args, j, tl);
  });

  const stage0 = [`row_number() ${tl.over()} AS __rn`];
  const keep: string[] = [];
  const byTbname = p.keys.some((k) => k.kind === 'Column' && k.name === 'tbname');
  if ((src.kind === 'super' || src.duplicateTs) && !byTbname) {
    stage0.push(
      `CASE WHEN ${ts} = lag(${ts}) ${tl.over()} THEN ${sqlError(Code.FUNC_DUP_TIMESTAMP)} END AS __dup`,
    );
    keep.push(`${a}.__dup IS NULL`);
  }
  const stages: string[][] = [stage0];
  for (const plan of plans)
    plan.stages.forEach((cols, k) => {
      while (stages.length <= k) stages.push([]);
      stages[k].push(...cols);
    });
  const derive: Derive = {
    columns: [...keys.map((k, i) => `${k.sql} AS __p${i}`), ...plans.flatMap((pl) => pl.base)],
    wrap: (base) =>
      stages
        .filter((s) => s.length > 0)
        .reduce((inner, cols) => `SELECT ${a}.*, ${cols.join(', ')} FROM (${inner}) AS ${a}`, base),
  };
  keep.push(...plans.flatMap((pl) => pl.keep));
  if (plans.length > 0 && plans.every((pl) => pl.dropNull))
    keep.push(`(${plans.map((pl) => `${pl.value.sql} IS NOT NULL`).join(' OR ')})`);

  const map = new Map<string, Typed>();
  calls.forEach((c, j) => map.set(fingerprint(c), plans[j].value));
  const env: Env = { ...p.env, scope: 'agg', keys: map, companion: (c) => c };
  const typed = p.items.map((i) => genExpr(i.expr, env));
  const { select, columns } = outputs(p.items, typed);
  const partition = sel.partitionBy?.length ? keys.map((k) => k.sql) : [];
  const order = p.order.length
    ? userOrder(p, typed, env, false)
    : [...partition.map((k) => orderTerm(k)), orderTerm(ts)];
  const where = [...p.where];
  const from = src.from(where, derive);
  const sql = render(
    {
      select,
      from,
      where: [...where, ...keep],
      order,
      partition,
      limit: sel.limit,
      slimit: sel.slimit,
      slimitKeys: partition,
    },
    ordinal,
  );
  return { sql, columns };
}
