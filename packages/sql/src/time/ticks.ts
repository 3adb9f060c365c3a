import { Code, TaosError, type Precision } from '@taosts/protocol';
import type { DurationUnit } from '../ast/expr.js';

const NS_PER_TICK: Record<Precision, bigint> = { ms: 1_000_000n, us: 1_000n, ns: 1n };

/** Nanoseconds per duration unit (fixed units only; `n`/`y` are calendar units). */
export const UNIT_NS: Readonly<Record<Exclude<DurationUnit, 'n' | 'y'>, bigint>> = {
  b: 1n,
  u: 1_000n,
  a: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
  d: 86_400_000_000_000n,
  w: 604_800_000_000_000n,
};

export function nsPerTick(precision: Precision): bigint {
  return NS_PER_TICK[precision];
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Nanoseconds → ticks of `precision`, rounding toward negative infinity. */
export function nsToTicks(ns: bigint, precision: Precision): bigint {
  return floorDiv(ns, NS_PER_TICK[precision]);
}

export function ticksToNs(ticks: bigint, precision: Precision): bigint {
  return ticks * NS_PER_TICK[precision];
}

/** Convert ticks between precisions (floor when losing digits). */
export function convertTicks(ticks: bigint, from: Precision, to: Precision): bigint {
  return from === to ? ticks : nsToTicks(ticks * NS_PER_TICK[from], to);
}

/**
 * A fixed-unit duration in ticks of `precision`. TDengine rejects units finer than the
 * database precision (`1u` in an ms database, sql.md §2.2).
 */
export function durationTicks(value: bigint, unit: DurationUnit, precision: Precision): bigint {
  if (unit === 'n' || unit === 'y') {
    throw new TaosError(Code.INVALID_PARA, `calendar duration unit '${unit}' is not a fixed length`);
  }
  const ns = UNIT_NS[unit];
  const per = NS_PER_TICK[precision];
  if (ns < per) throw new TaosError(Code.FUNC_TIME_UNIT_TOO_SMALL);
  return (value * ns) / per;
}
