/**
 * Calendar arithmetic in the session zone for INTERVAL(n|y) (sql.md §4.9): ticks ↔ naive local
 * TIMESTAMPs through DuckDB ICU for IANA zones, plain offset arithmetic for fixed zones.
 */
import type { Precision } from '@taosts/protocol';
import { zoneOffsetSeconds } from '../time/index.js';
import { quoteString } from './literal.js';

const FIXED = /^(?:[+-]\d{1,2}(?::?\d{2})?|z|utc|gmt)$/i;

function fixedOffsetUs(tz: string): bigint | undefined {
  if (!FIXED.test(tz)) return undefined;
  return BigInt(zoneOffsetSeconds(tz, 0)) * 1_000_000n;
}

const toUs = (ticks: string, p: Precision): string =>
  p === 'ms'
    ? `(${ticks} * 1000)`
    : p === 'us'
      ? ticks
      : `((${ticks} - (((${ticks}) % 1000) + 1000) % 1000) // 1000)`;
const fromUs = (us: string, p: Precision): string =>
  p === 'ms' ? `(${us} // 1000)` : p === 'us' ? us : `(${us} * 1000)`;

/** Naive TIMESTAMP of the wall-clock time of `ticks` in `tz`. */
export function localTimestamp(ticks: string, p: Precision, tz: string): string {
  const off = fixedOffsetUs(tz);
  if (off !== undefined) return `make_timestamp(${toUs(ticks, p)} + ${off})`;
  return `timezone(${quoteString(tz)}, timezone('UTC', make_timestamp(${toUs(ticks, p)})))`;
}

/** Ticks of a naive local TIMESTAMP read in `tz`. */
export function localToTicks(local: string, p: Precision, tz: string): string {
  const off = fixedOffsetUs(tz);
  if (off !== undefined) return fromUs(`(epoch_us(${local}) - ${off})`, p);
  return fromUs(`epoch_us(timezone(${quoteString(tz)}, ${local}))`, p);
}

/** Month index (year·12 + month − 1) of `ticks` in `tz`. */
export function monthIndex(ticks: string, p: Precision, tz: string): string {
  const l = localTimestamp(ticks, p, tz);
  return `(year(${l}) * 12 + month(${l}) - 1)`;
}

/** Ticks of local midnight on the first day of month index `k`. */
export function monthStart(k: string, p: Precision, tz: string): string {
  return localToTicks(
    `make_timestamp(CAST((${k}) // 12 AS BIGINT), CAST((${k}) % 12 + 1 AS BIGINT), 1, 0, 0, 0)`,
    p,
    tz,
  );
}
