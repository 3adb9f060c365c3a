/**
 * INTERVAL(i[, offset]) [SLIDING(s)] lowered to tick arithmetic (sql.md §4.9, §10): window
 * starts are `k·sliding + base`, base = offset − (session-zone shift for d/w units), with floor
 * division that is correct for negative ticks. Calendar units n/y are not translated yet.
 */
import { Code, type Precision } from '@taosts/protocol';
import type { DurationLit, IntervalWindow, NumberLit } from '../ast/index.js';
import { durationTicks, zoneOffsetSeconds } from '../time/index.js';
import { fail, unsupported } from './errors.js';
import { bigintLit } from './literal.js';
import { monthIndex, monthStart } from './calendar.js';
import type { TimeRange } from './time-range.js';
import type { TranslateContext } from './types.js';
import { ticksPerSecond } from '@taosts/protocol';

export interface IntervalPlan {
  /** Fixed interval in ticks; undefined for calendar units (n/y). */
  readonly interval: bigint | undefined;
  readonly sliding: bigint;
  /** `_wend` and `_wduration` of the window starting at `ws`. */
  wend(ws: string): string;
  wduration(ws: string): string;
  /** Window starts are `k·sliding + base`. */
  readonly base: bigint;
  /** Start of the window holding `ts` (no SLIDING). */
  bucket(ts: string): string;
  /** Every window start holding `ts` as one UNNEST (SLIDING < INTERVAL). */
  starts(ts: string): string;
  /** Earliest window start whose window overlaps tick `t`. */
  firstStart(t: bigint): bigint;
  /** Latest window start ≤ `t`. */
  lastStart(t: bigint): bigint;
}

const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
};
const floorMod = (a: bigint, b: bigint): bigint => a - floorDiv(a, b) * b;

/** SQL floor division of a BIGINT expression by a positive constant. */
export function sqlFloorDiv(x: string, d: bigint): string {
  return `((${x} - (((${x}) % ${d}) + ${d}) % ${d}) // ${d})`;
}

function ticksOf(v: DurationLit | NumberLit, precision: Precision): { ticks: bigint; unit?: string } {
  if (v.kind === 'Number') {
    if (!v.isInt) fail(Code.WRONG_VALUE_TYPE, v.text);
    return { ticks: BigInt(v.text) };
  }
  if (v.unit === 'n' || v.unit === 'y') unsupported(`INTERVAL in calendar units ('${v.unit}')`);
  return { ticks: durationTicks(v.value, v.unit, precision), unit: v.unit };
}

export function planInterval(
  w: IntervalWindow,
  precision: Precision,
  ctx: TranslateContext,
  range: TimeRange,
): IntervalPlan {
  if (w.interval.kind === 'Duration' && (w.interval.unit === 'n' || w.interval.unit === 'y'))
    return planCalendar(w, precision, ctx);
  const { ticks: interval, unit } = ticksOf(w.interval, precision);
  if (interval < durationTicks(10n, 'a', precision)) fail(Code.INTER_VALUE_TOO_SMALL);
  let sliding = interval;
  if (w.sliding) {
    if (w.sliding.kind === 'Duration' && (w.sliding.unit === 'n' || w.sliding.unit === 'y'))
      fail(Code.INTER_SLIDING_UNIT);
    sliding = ticksOf(w.sliding, precision).ticks;
    if (sliding > interval) fail(Code.INTER_SLIDING_TOO_BIG);
    if (sliding * 100n < interval) fail(Code.INTER_SLIDING_TOO_SMALL);
    if (sliding <= 0n) fail(Code.INTER_SLIDING_TOO_SMALL);
  }
  // Days and weeks start at local midnight (taosTimeTruncate); the zone offset is the one in
  // effect at statement time (a DST change inside the range is not followed).
  const nowMs = Number(ctx.now / 1_000_000n);
  const shift =
    unit === 'd' || unit === 'w'
      ? BigInt(zoneOffsetSeconds(ctx.timezone, nowMs)) * ticksPerSecond(precision)
      : 0n;
  let base: bigint;
  if (w.offset === 'auto') {
    base = range.start === undefined ? -shift : floorMod(range.start, sliding);
  } else {
    const offset = w.offset ? ticksOf(w.offset, precision).ticks : 0n;
    if (offset < 0n) fail(Code.INTER_OFFSET_NEGATIVE);
    if (offset >= interval) fail(Code.INTER_OFFSET_TOO_BIG);
    base = offset - shift;
  }
  base = floorMod(base, sliding);
  const b = bigintLit(base);
  return {
    interval,
    sliding,
    wend: (ws) => `(${ws} + ${interval})`,
    wduration: () => bigintLit(interval),
    base,
    bucket: (ts) => `(${ts} - ((((${ts} - ${b}) % ${interval}) + ${interval}) % ${interval}))`,
    starts: (ts) =>
      `unnest(range(${sqlFloorDiv(`(${ts} - ${b} - ${interval})`, sliding)} + 1, ${sqlFloorDiv(`(${ts} - ${b})`, sliding)} + 1)) * ${sliding} + ${b}`,
    firstStart: (t) => (floorDiv(t - base - interval, sliding) + 1n) * sliding + base,
    lastStart: (t) => floorDiv(t - base, sliding) * sliding + base,
  };
}

/**
 * INTERVAL(Nn) / INTERVAL(Ny): calendar months in the session zone; a window starts at local
 * midnight on the first day of a month whose index (year·12 + month − 1) is a multiple of N.
 */
function planCalendar(w: IntervalWindow, precision: Precision, ctx: TranslateContext): IntervalPlan {
  const d = w.interval as DurationLit;
  if (w.sliding) fail(Code.INTER_SLIDING_UNIT);
  if (w.offset !== undefined) unsupported('INTERVAL offset with calendar units');
  const months = d.unit === 'y' ? d.value * 12n : d.value;
  if (months <= 0n) fail(Code.INTER_VALUE_TOO_SMALL);
  const tz = ctx.timezone;
  const k = (ts: string) => {
    const m = monthIndex(ts, precision, tz);
    return `(${m} - ${m} % ${months})`;
  };
  const end = (ws: string) => monthStart(`${k(ws)} + ${months}`, precision, tz);
  return {
    interval: undefined,
    sliding: 0n,
    base: 0n,
    wend: end,
    wduration: (ws) => `(${end(ws)} - ${ws})`,
    bucket: (ts) => monthStart(k(ts), precision, tz),
    starts: () => unsupported('SLIDING with calendar units'),
    firstStart: () => unsupported('FILL with calendar-unit INTERVAL'),
    lastStart: () => unsupported('FILL with calendar-unit INTERVAL'),
  };
}
