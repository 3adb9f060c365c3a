/**
 * Constant time expressions folded to ticks at translation time: NOW (one value per
 * statement), TODAY (session-zone midnight), timestamp strings, `NOW - 1h` (sql.md §2.3).
 */
import { Code, type Precision } from '@taosts/protocol';
import type { Expr } from '../ast/index.js';
import { durationTicks, nsToTicks, parseTimestamp, wallToEpochMs, zoneOffsetSeconds } from '../time/index.js';
import { fail, unsupported } from './errors.js';
import type { TranslateContext } from './types.js';

const DAY_MS = 86_400_000;

export function nowTicks(ctx: TranslateContext, precision: Precision): bigint {
  return nsToTicks(ctx.now, precision);
}

export function todayTicks(ctx: TranslateContext, precision: Precision): bigint {
  const nowMs = Number(nsToTicks(ctx.now, 'ms'));
  const wall = nowMs + zoneOffsetSeconds(ctx.timezone, nowMs) * 1000;
  const midnight = wallToEpochMs(Math.floor(wall / DAY_MS) * DAY_MS, ctx.timezone);
  return nsToTicks(BigInt(midnight) * 1_000_000n, precision);
}

/** Ticks of a duration literal; `n`/`y` only exist in window clauses. */
export function durationLitTicks(value: bigint, unit: string, precision: Precision): bigint {
  if (unit === 'n' || unit === 'y') unsupported(`calendar duration '${unit}' in an expression`);
  return durationTicks(value, unit as Parameters<typeof durationTicks>[1], precision);
}

export function stringTicks(s: string, ctx: TranslateContext, precision: Precision): bigint {
  const t = parseTimestamp(s, precision, ctx.timezone);
  if (t === undefined) fail(Code.WRONG_VALUE_TYPE, s);
  return t;
}

/**
 * The value of `e` as ticks when it is a constant time expression, else undefined. Integers
 * are ticks; strings are timestamps; `±` accepts durations and integers.
 */
export function constTicks(e: Expr, ctx: TranslateContext, precision: Precision): bigint | undefined {
  switch (e.kind) {
    case 'Number':
      return e.isInt ? BigInt(e.text) : undefined;
    case 'String':
      return stringTicks(e.value, ctx, precision);
    case 'Timestamp':
      return stringTicks(e.value, ctx, precision);
    case 'Duration':
      return durationLitTicks(e.value, e.unit, precision);
    case 'Func':
      if (e.args.length === 0 && e.name === 'now') return nowTicks(ctx, precision);
      if (e.args.length === 0 && e.name === 'today') return todayTicks(ctx, precision);
      return undefined;
    case 'Unary': {
      if (e.op !== '-' && e.op !== '+') return undefined;
      const v = constTicks(e.operand, ctx, precision);
      return v === undefined ? undefined : e.op === '-' ? -v : v;
    }
    case 'Binary': {
      if (e.op !== '+' && e.op !== '-') return undefined;
      if (e.right.kind !== 'Duration' && !(e.right.kind === 'Number' && e.right.isInt)) return undefined;
      const l = constTicks(e.left, ctx, precision);
      const r = constTicks(e.right, ctx, precision);
      if (l === undefined || r === undefined) return undefined;
      return e.op === '+' ? l + r : l - r;
    }
    default:
      return undefined;
  }
}
