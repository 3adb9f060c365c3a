/**
 * Window queries (sql.md §4.9, §4.10). Shape:
 *   WITH agg AS (SELECT k0…, <window start> AS __w, c0… FROM … GROUP BY keys, <window>)
 *   [, grid …, filled …]                      -- FILL (INTERVAL only), see fill.ts
 *   SELECT c0… FROM agg|filled ORDER BY k…, __w
 * INTERVAL groups on the bucket expression (`_wend = _wstart + i`); SESSION / STATE_WINDOW /
 * COUNT_WINDOW group on a window id computed over the filtered rows (row-windows.ts), with
 * `_wstart = min(ts)`, `_wend = max(ts)`.
 */
import { Code } from '@taosts/protocol';
import type { ResultColumn } from '../schema.js';
import { aggregateOutputs, firstLastGuard } from './aggregate.js';
import type { WindowPc } from './env.js';
import { fingerprint } from './env.js';
import { fail, unsupported } from './errors.js';
import { genExpr } from './expr.js';
import { buildFill } from './fill.js';
import { quoteIdent } from './literal.js';
import { orderTerm, render } from './render.js';
import { planRowWindow } from './row-windows.js';
import { withRowColumns } from './row-columns.js';
import type { Derive } from './scope.js';
import { castTo } from './sql-type.js';
import type { Prepared } from './select.js';
import { planInterval, type IntervalPlan } from './window.js';

const q = (name: string): string => quoteIdent(name);

export function buildWindow(
  p: Prepared,
  ordinal: boolean,
): { sql: string; columns: ResultColumn[]; maxRows?: bigint } {
  const { sel, src, ctx } = p;
  const w = sel.window!;
  if (!src.ts) fail(Code.INVALID_TIMELINE_FUNC);
  const keys = p.keys.map((k) => genExpr(k, p.env));

  let pc: WindowPc;
  let groupKey: string;
  let start: string;
  let derive: Derive | undefined;
  let plan: IntervalPlan | undefined;
  if (w.kind === 'Interval') {
    plan = planInterval(w, src.precision, ctx, p.range);
    const sliding = plan.interval !== undefined && plan.sliding !== plan.interval;
    if (sliding) {
      const starts = plan.starts(src.ts.sql);
      derive = {
        columns: [],
        wrap: (base) => `SELECT ${src.alias}.*, ${starts} AS __w FROM (${base}) AS ${src.alias}`,
      };
    }
    start = sliding ? `${src.alias}.__w` : plan.bucket(src.ts.sql);
    groupKey = start;
    pc = { wstart: start, wend: plan.wend(start), wduration: plan.wduration(start), bounded: true };
  } else {
    const row = planRowWindow(
      w,
      p,
      keys.map((k) => k.sql),
    );
    derive = row.derive;
    groupKey = `${src.alias}.__w`;
    const ts = src.ts.sql;
    start = `min(${ts})`;
    pc = { wstart: start, wend: `max(${ts})`, wduration: `(max(${ts}) - min(${ts}))` };
  }

  const { env, rows, typed, select, columns, having } = aggregateOutputs(p, keys, pc);
  having.push(...firstLastGuard(p.items, typed));

  // ORDER BY over the CTE's columns: select items, _wstart, keys, else a hidden column.
  const hidden: string[] = [];
  const order = p.order.map((o) => {
    const k = p.items.findIndex((i) => fingerprint(i.expr) === fingerprint(o.expr));
    if (k >= 0) return orderTerm(q(`c${k}`), o);
    if (o.expr.kind === 'Column' && o.expr.name === '_wstart') return orderTerm('__w', o);
    const key = p.keys.findIndex((x) => fingerprint(x) === fingerprint(o.expr));
    if (key >= 0) return orderTerm(q(`k${key}`), o);
    const t = genExpr(o.expr, env);
    hidden.push(`${castTo(t.sql, t.type)} AS ${q(`o${hidden.length}`)}`);
    return orderTerm(q(`o${hidden.length - 1}`), o);
  });
  const keyCols = keys.map((_k, i) => q(`k${i}`));
  const finalOrder = order.length ? order : [...keyCols.map((k) => orderTerm(k)), orderTerm('__w')];

  const aggSql = [
    `SELECT ${[...keys.map((k, i) => `${k.sql} AS ${q(`k${i}`)}`), `${start} AS __w`, ...select, ...hidden].join(', ')}`,
    `FROM ${src.from(p.where, withRowColumns(derive, rows))}`,
    p.where.length ? `WHERE ${p.where.join(' AND ')}` : '',
    `GROUP BY ${[...keys.map((k) => k.sql), groupKey].join(', ')}`,
    having.length ? `HAVING ${having.join(' AND ')}` : '',
  ]
    .filter((s) => s !== '')
    .join(' ');
  const ctes = [`agg AS (${aggSql})`];
  let from = 'agg';
  if (w.kind === 'Interval' && w.fill && w.fill.mode !== 'none') {
    if (plan!.interval === undefined) unsupported('FILL with calendar-unit INTERVAL');
    ctes.push(
      ...buildFill({
        p,
        plan: plan!,
        fill: w.fill,
        typed,
        keyTypes: keys,
        hiddenCount: hidden.length,
        windowEnv: env,
      }),
    );
    from = 'filled';
  }
  const sql = render(
    {
      ctes,
      select: typed.map((_t, k) => q(`c${k}`)),
      from,
      order: finalOrder,
      partition: sel.partitionBy?.length ? keyCols : [],
      limit: sel.limit,
      slimit: sel.slimit,
      slimitKeys: keyCols,
    },
    ordinal,
  );
  // One timeline of fixed windows over a bounded time range: at most one row per window start.
  const { start: lo, end: hi } = p.range;
  if (plan?.interval !== undefined && keys.length === 0 && lo !== undefined && hi !== undefined && lo <= hi) {
    const windows = (plan.lastStart(hi) - plan.firstStart(lo)) / plan.sliding + 1n;
    return { sql, columns, maxRows: windows > 0n ? windows : 0n };
  }
  return { sql, columns };
}
