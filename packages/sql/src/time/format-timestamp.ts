import type { Precision } from '@taosts/protocol';
import { civilFromDays } from './civil.js';
import { zoneOffsetSeconds } from './zone.js';

const TICKS_PER_SECOND: Record<Precision, bigint> = { ms: 1_000n, us: 1_000_000n, ns: 1_000_000_000n };
const DIGITS: Record<Precision, number> = { ms: 3, us: 6, ns: 9 };

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function pad4(n: number): string {
  return n >= 1000 ? String(n) : n >= 0 ? String(n).padStart(4, '0') : '-' + String(-n).padStart(4, '0');
}

function formatOffset(seconds: number): string {
  if (seconds === 0) return 'Z';
  const sign = seconds < 0 ? '-' : '+';
  const a = Math.abs(seconds);
  return `${sign}${pad2(Math.floor(a / 3600))}:${pad2(Math.floor((a % 3600) / 60))}`;
}

/**
 * RFC 3339 with exactly 3/6/9 fraction digits for ms/us/ns, `Z` for UTC, else `+08:00`:
 * taosAdapter's REST rendering (protocol.md §2.5).
 */
export function formatTimestamp(ticks: bigint, precision: Precision, timezone: string): string {
  const per = TICKS_PER_SECOND[precision];
  let secs = ticks / per;
  let frac = ticks % per;
  if (frac < 0n) {
    frac += per;
    secs -= 1n;
  }
  const epochSeconds = Number(secs);
  const offset = timezone === 'UTC' ? 0 : zoneOffsetSeconds(timezone, epochSeconds * 1000);
  const local = epochSeconds + offset;
  const days = Math.floor(local / 86400);
  const sod = local - days * 86400;
  const [y, m, d] = civilFromDays(days);
  const fraction = String(frac).padStart(DIGITS[precision], '0');
  return (
    `${pad4(y)}-${pad2(m)}-${pad2(d)}T${pad2(Math.floor(sod / 3600))}:${pad2(Math.floor((sod % 3600) / 60))}:` +
    `${pad2(sod % 60)}.${fraction}${formatOffset(offset)}`
  );
}
