/**
 * FILL for INTERVAL (sql.md §4.9, §10 "FILL grid"): a grid of every window start over the
 * query range (per partition) LEFT JOINs the aggregates; `a.__w IS NOT NULL` marks windows with
 * data. Range: the WHERE ts bounds; a missing bound falls back to the partition's first/last
 * data window (TDengine ≥3.3 behaves so; older versions raised 0x263B). Without `_F` the grid
 * exists only where the range has data. PREV/NEXT take the previous/next window that has data
 * (its value, even NULL); LINEAR interpolates numeric columns between those windows.
 */
import { Code, TypeCode } from '@taosts/protocol';
import type { Fill } from '../ast/index.js';
import { castExpr } from './cast.js';
import type { Env } from './env.js';
import { fingerprint } from './env.js';
import { fail, unsupported } from './errors.js';
import { genExpr } from './expr.js';
import { bigintLit, quoteIdent } from './literal.js';
import type { Typed } from './scope.js';
import type { Prepared } from './select.js';
import { castTo, isInteger, isNumeric } from './sql-type.js';
import { hasAggregate, hasWindowPc } from './walk.js';
import type { IntervalPlan } from './window.js';

const MAX_FILL_ROWS = 10_000_000n;
const q = (name: string): string => quoteIdent(name);

export interface FillInput {
  readonly p: Prepared;
  readonly plan: IntervalPlan;
  readonly fill: Fill;
  readonly typed: readonly Typed[];
  readonly keyTypes: readonly Typed[];
  readonly hiddenCount: number;
  readonly windowEnv: Env;
}

/** CTE definitions `grid AS (…)`, `filled AS (…)` over the `agg` CTE. */
export function buildFill(f: FillInput): string[] {
  const { p, plan, fill, typed } = f;
  if (fill.mode === 'near') unsupported('FILL(NEAR) with INTERVAL');
  const forced = fill.mode === 'null_f' || fill.mode === 'value_f';
  const step = plan.sliding;
  const lo = p.range.start === undefined ? undefined : plan.firstStart(p.range.start);
  const hi = p.range.end === undefined ? undefined : plan.lastStart(p.range.end);
  if (lo !== undefined && hi !== undefined && (hi - lo) / step + 1n > MAX_FILL_ROWS)
    fail(Code.FILL_TIME_RANGE);

  const keyCols = f.keyTypes.map((_k, i) => q(`k${i}`));
  const LO = lo === undefined ? 'min(__w)' : bigintLit(lo);
  const HI = hi === undefined ? 'max(__w)' : bigintLit(hi);
  const series = `unnest(range(${LO}, ${HI} + ${step}, ${step})) AS __w`;
  let grid: string;
  if (keyCols.length)
    grid = `SELECT ${[...keyCols, series].join(', ')} FROM agg GROUP BY ${keyCols.join(', ')}`;
  else if (forced && lo !== undefined && hi !== undefined) grid = `SELECT ${series}`;
  else grid = `SELECT ${series} FROM agg HAVING count(*) > 0`;

  const has = 'a.__w IS NOT NULL';
  const part = keyCols.length ? `PARTITION BY ${keyCols.map((k) => `gr.${k}`).join(', ')} ` : '';
  const prev = (x: string) =>
    `last_value(CASE WHEN ${has} THEN ${x} END IGNORE NULLS) OVER (${part}ORDER BY gr.__w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)`;
  const next = (x: string) =>
    `first_value(CASE WHEN ${has} THEN ${x} END IGNORE NULLS) OVER (${part}ORDER BY gr.__w ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)`;

  // Window pseudo-columns and keys of a grid row, for columns computed without data.
  const keyMap = new Map<string, Typed>();
  p.keys.forEach((k, i) => keyMap.set(fingerprint(k), { sql: `gr.${q(`k${i}`)}`, type: f.keyTypes[i].type }));
  const gridEnv: Env = {
    ...f.windowEnv,
    keys: keyMap,
    window: { wstart: 'gr.__w', wend: plan.wend('gr.__w'), wduration: plan.wduration('gr.__w') },
  };

  let valueIndex = 0;
  const cols = p.items.map((item, k) => {
    const t = typed[k].type;
    const v = `a.${q(`c${k}`)}`;
    let sql: string;
    if (!hasAggregate(item.expr)) {
      if (hasWindowPc(item.expr)) {
        const g = genExpr(item.expr, gridEnv);
        sql = castTo(g.sql, g.type);
      } else {
        // Constant within a partition (keys, tags of a tbname partition, literals).
        sql = `max(${v}) OVER (${part.trim()})`;
      }
    } else {
      switch (fill.mode) {
        case 'null':
        case 'null_f':
          sql = v;
          break;
        case 'value':
        case 'value_f': {
          const e = fill.values[valueIndex++];
          if (!e) fail(Code.WRONG_VALUE_TYPE, 'missing FILL value');
          const c = castExpr(genExpr(e, p.env), {
            code: t.code,
            length: t.length,
            precision: t.precision,
            scale: t.scale,
          });
          sql = `(CASE WHEN ${has} THEN ${v} ELSE ${c.sql} END)`;
          break;
        }
        case 'prev':
          sql = `(CASE WHEN ${has} THEN ${v} ELSE (${prev(`struct_pack(v := ${v})`)}).v END)`;
          break;
        case 'next':
          sql = `(CASE WHEN ${has} THEN ${v} ELSE (${next(`struct_pack(v := ${v})`)}).v END)`;
          break;
        case 'linear': {
          if (!isNumeric(t) || t.code === TypeCode.BOOL) {
            sql = v;
            break;
          }
          const s = `struct_pack(v := CAST(${v} AS DOUBLE), w := gr.__w)`;
          const pv = `(${prev(s)})`;
          const nv = `(${next(s)})`;
          const y = `(${pv}.v + (${nv}.v - ${pv}.v) * CAST(gr.__w - ${pv}.w AS DOUBLE) / CAST(${nv}.w - ${pv}.w AS DOUBLE))`;
          sql = `(CASE WHEN ${has} THEN ${v} ELSE ${castTo(isInteger(t) ? `trunc(${y})` : y, t)} END)`;
          break;
        }
        default:
          return unsupported(`FILL(${fill.mode})`);
      }
    }
    return `${sql} AS ${q(`c${k}`)}`;
  });
  const hidden = Array.from({ length: f.hiddenCount }, (_x, i) => `a.${q(`o${i}`)}`);
  const on = ['a.__w = gr.__w', ...keyCols.map((k) => `a.${k} IS NOT DISTINCT FROM gr.${k}`)].join(' AND ');
  const filled = `SELECT ${[...keyCols.map((k) => `gr.${k}`), 'gr.__w', ...cols, ...hidden].join(', ')} FROM grid AS gr LEFT JOIN agg AS a ON ${on}`;
  return [`grid AS (${grid})`, `filled AS (${filled})`];
}
