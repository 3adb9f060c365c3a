/**
 * Aggregates over an ordered timeline (sql.md §5.1, §5.3): IRATE, TWA, ELAPSED — per group, per
 * window, or over the whole (partitioned) timeline.
 * - IRATE(x): per-second rate from the last two non-NULL points; when the last value is smaller
 *   (counter reset) the last value itself over the time step; 0 with one point.
 * - TWA(x): time-weighted average — the area under the straight lines joining consecutive
 *   non-NULL points divided by the time covered; a single point gives its value. In INTERVAL
 *   windows the line is interpolated to the window start (when the timeline has a point before
 *   the window) and to the window's last tick `_wend − 1` (when it has one after), as TDengine's
 *   window interpolation does; SESSION/STATE/EVENT/COUNT windows are not translated.
 * - ELAPSED(ts[, unit]): (last ts − first ts) / unit as DOUBLE; in INTERVAL windows the span is
 *   extended to `_wstart` / `_wend` when the timeline has rows before / after the window, so
 *   inner windows report the whole interval. On a super table it needs a tbname partition.
 * Equal timestamps on a merged super-table timeline are not detected for these (TDengine: 0x2805).
 */
import { Code } from '@taosts/protocol';
import type { Expr } from '../ast/index.js';
import type { AggregateFn } from './aggregates.js';
import type { Env, RowColumns } from './env.js';
import { fail, unsupported } from './errors.js';
import { genExpr } from './expr.js';
import { toDouble } from './operators.js';
import { T, isNumeric } from './sql-type.js';
import { durationLitTicks } from './time-const.js';

function timeline(env: Env): { ts: string; rows: RowColumns } {
  if (!env.src.ts) fail(Code.INVALID_TIMELINE_FUNC);
  if (!env.rowColumns) unsupported('this timeline function here');
  return { ts: env.src.ts.sql, rows: env.rowColumns };
}

const over = (rows: RowColumns, ts: string, extra?: string): string => {
  const by = [...rows.partition, ...(extra ? [extra] : [])];
  return `OVER (${by.length ? `PARTITION BY ${by.join(', ')} ` : ''}ORDER BY ${ts})`;
};

function numericDouble(args: readonly Expr[], env: Env, name: string): string {
  const x = genExpr(args[0], env);
  if (!isNumeric(x.type) && x.sql !== 'NULL') fail(Code.FUNC_INVALID_PARA_TYPE, name);
  return toDouble(x);
}

export const IRATE: AggregateFn = {
  min: 1,
  max: 1,
  gen(args, env) {
    if (!env.src.ts) fail(Code.INVALID_TIMELINE_FUNC);
    const ts = env.src.ts.sql;
    const x = numericDouble(args, env, 'irate');
    const nn = `FILTER (WHERE ${x} IS NOT NULL)`;
    const v = `arg_max(${x}, ${ts}, 2) ${nn}`;
    const t = `max(${ts}, 2) ${nn}`;
    const sec = durationLitTicks(1n, 's', env.precision);
    const delta = `(CASE WHEN (${v})[1] >= (${v})[2] THEN (${v})[1] - (${v})[2] ELSE (${v})[1] END)`;
    const sql =
      `(CASE WHEN len(${t}) IS NULL THEN NULL WHEN len(${t}) < 2 OR (${t})[1] = (${t})[2] THEN 0.0 ` +
      `ELSE ${delta} / (CAST((${t})[1] - (${t})[2] AS DOUBLE) / ${sec}) END)`;
    return { sql, type: T.double };
  },
};

export const TWA: AggregateFn = {
  min: 1,
  max: 1,
  gen(args, env) {
    const { ts, rows } = timeline(env);
    const w = env.window;
    if (w && !w.bounded) unsupported('TWA in SESSION/STATE/EVENT/COUNT windows');
    const x = numericDouble(args, env, 'twa');
    const nonNull = over(rows, ts, `${x} IS NULL`);
    const nts = rows.add(`lead(${ts}) ${nonNull}`);
    const nv = rows.add(`lead(${x}) ${nonNull}`);
    const nn = `FILTER (WHERE ${x} IS NOT NULL)`;
    const dbl = (s: string): string => `CAST(${s} AS DOUBLE)`;
    const inWindow = w ? ` AND ${nts} < ${w.wend}` : '';
    const inner = `coalesce(sum(CASE WHEN ${x} IS NOT NULL AND ${nts} IS NOT NULL${inWindow} THEN (${x} + ${nv}) / 2 * ${dbl(`${nts} - ${ts}`)} END), 0)`;
    const fts = `min(${ts}) ${nn}`;
    const lts = `max(${ts}) ${nn}`;
    const fv = `arg_min(${x}, ${ts})`;
    const lv = `arg_max(${x}, ${ts})`;
    if (!w) {
      const sql = `(CASE WHEN ${lts} = ${fts} THEN ${fv} ELSE ${inner} / ${dbl(`${lts} - ${fts}`)} END)`;
      return { sql, type: T.double };
    }
    const pts = rows.add(`lag(${ts}) ${nonNull}`);
    const pv = rows.add(`lag(${x}) ${nonNull}`);
    const fpts = `arg_min_null(${pts}, ${ts}) ${nn}`;
    const fpv = `arg_min_null(${pv}, ${ts}) ${nn}`;
    const lnts = `arg_max_null(${nts}, ${ts}) ${nn}`;
    const lnv = `arg_max_null(${nv}, ${ts}) ${nn}`;
    const end = `(${w.wend} - 1)`;
    const vs = `(${fpv} + (${fv} - ${fpv}) * ${dbl(`${w.wstart} - ${fpts}`)} / ${dbl(`${fts} - ${fpts}`)})`;
    const ve = `(${lv} + (${lnv} - ${lv}) * ${dbl(`${end} - ${lts}`)} / ${dbl(`${lnts} - ${lts}`)})`;
    const head = `(CASE WHEN ${fpts} IS NOT NULL THEN (${vs} + ${fv}) / 2 * ${dbl(`${fts} - ${w.wstart}`)} ELSE 0 END)`;
    const tail = `(CASE WHEN ${lnts} IS NOT NULL THEN (${lv} + ${ve}) / 2 * ${dbl(`${end} - ${lts}`)} ELSE 0 END)`;
    const skey = `(CASE WHEN ${fpts} IS NOT NULL THEN ${w.wstart} ELSE ${fts} END)`;
    const ekey = `(CASE WHEN ${lnts} IS NOT NULL THEN ${end} ELSE ${lts} END)`;
    const sql = `(CASE WHEN ${ekey} = ${skey} THEN ${fv} ELSE (${inner} + ${head} + ${tail}) / ${dbl(`${ekey} - ${skey}`)} END)`;
    return { sql, type: T.double };
  },
};

export const ELAPSED: AggregateFn = {
  min: 1,
  max: 2,
  gen(args, env) {
    if (!env.src.ts) fail(Code.INVALID_TIMELINE_FUNC);
    const ts = env.src.ts.sql;
    const a0 = args[0];
    const primary = a0.kind === 'Column' && genExpr(a0, env).sql === ts && !a0.name.startsWith('_w');
    if (!primary) fail(Code.FUNC_INVALID_PARA_TYPE, 'elapsed');
    let unit = 1n;
    if (args.length > 1) {
      const u = args[1];
      if (u.kind !== 'Duration') fail(Code.FUNC_INVALID_PARA_TYPE, 'elapsed');
      unit = durationLitTicks(u.value, u.unit, env.precision);
      if (unit <= 0n) fail(Code.FUNC_INVALID_PARA_VALUE, 'elapsed');
    }
    if (env.src.kind === 'super' && !env.tagsConstant) fail(Code.INVALID_TIMELINE_FUNC, 'elapsed');
    const w = env.window;
    let start = `min(${ts})`;
    let end = `max(${ts})`;
    if (w?.bounded) {
      const { rows } = timeline(env);
      const prev = rows.add(`lag(${ts}) ${over(rows, ts)}`);
      const next = rows.add(`lead(${ts}) ${over(rows, ts)}`);
      start = `(CASE WHEN arg_min_null(${prev}, ${ts}) IS NOT NULL THEN ${w.wstart} ELSE min(${ts}) END)`;
      end = `(CASE WHEN arg_max_null(${next}, ${ts}) IS NOT NULL THEN ${w.wend} ELSE max(${ts}) END)`;
    }
    return { sql: `(CAST(${end} - ${start} AS DOUBLE) / ${unit})`, type: T.double };
  },
};
