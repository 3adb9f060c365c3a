/**
 * TIMESTAMP cells for REST JSON: RFC 3339 with exactly 3/6/9 fraction digits by result precision,
 * `Z` for a zero offset, else `+08:00` (taosAdapter `tools/layout`, protocol.md §2.5). Same text
 * as `formatTimestamp` from `@taosts/sql`, specialised for streaming many rows: the date prefix
 * and zone offset are reused while consecutive rows stay in the same day / hour, and ms/us ticks
 * avoid bigint arithmetic.
 */
import type { Precision } from '@taosts/protocol';
import { civilFromDays, zoneOffsetSeconds } from '@taosts/sql';

const P2 = Array.from({ length: 100 }, (_, i) => (i < 10 ? '0' : '') + i);
const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000', '00000000', '000000000'];
const DIGITS: Record<Precision, number> = { ms: 3, us: 6, ns: 9 };
const PER_SECOND: Record<Precision, number> = { ms: 1e3, us: 1e6, ns: 1e9 };

function offsetText(seconds: number): string {
  if (seconds === 0) return 'Z';
  const a = Math.abs(seconds);
  // Go's `Z07:00` drops the seconds of historical offsets like LMT +08:05:43.
  return (seconds < 0 ? '-' : '+') + P2[Math.floor(a / 3600)] + ':' + P2[Math.floor((a % 3600) / 60)];
}

function yearText(y: number): string {
  if (y >= 1000) return String(y);
  return y >= 0 ? String(y).padStart(4, '0') : '-' + String(-y).padStart(4, '0');
}

/** A function from ticks to the quoted JSON string of that instant in `timezone`. */
export function createTimestampRenderer(
  precision: Precision,
  timezone: string,
): (ticks: bigint | number) => string {
  const digits = DIGITS[precision];
  const perSecond = PER_SECOND[precision];
  const bigPerSecond = BigInt(perSecond);
  const utc = timezone === 'UTC';
  let lastDay = NaN;
  let lastPrefix = '';
  let lastHour = NaN;
  let lastOffset = 0;
  let lastOffsetText = 'Z';

  return (ticks) => {
    let secs: number;
    let frac: number;
    if (
      typeof ticks === 'number' ||
      (precision !== 'ns' && ticks <= 9007199254740991n && ticks >= -9007199254740991n)
    ) {
      const t = Number(ticks);
      secs = Math.floor(t / perSecond);
      frac = t - secs * perSecond;
    } else {
      let s = ticks / bigPerSecond;
      let f = ticks % bigPerSecond;
      if (f < 0n) {
        f += bigPerSecond;
        s -= 1n;
      }
      secs = Number(s);
      frac = Number(f);
    }
    let offset = 0;
    if (!utc) {
      const hour = Math.floor(secs / 3600);
      if (hour !== lastHour) {
        lastHour = hour;
        const o = zoneOffsetSeconds(timezone, secs * 1000);
        if (o !== lastOffset) {
          lastOffset = o;
          lastOffsetText = offsetText(o);
        }
      }
      offset = lastOffset;
    }
    const local = secs + offset;
    const day = Math.floor(local / 86400);
    if (day !== lastDay) {
      lastDay = day;
      const [y, m, d] = civilFromDays(day);
      lastPrefix = '"' + yearText(y) + '-' + P2[m] + '-' + P2[d] + 'T';
    }
    const sod = local - day * 86400;
    const hh = Math.floor(sod / 3600);
    const rem = sod - hh * 3600;
    const mm = Math.floor(rem / 60);
    const fs = String(frac);
    return (
      lastPrefix +
      P2[hh] +
      ':' +
      P2[mm] +
      ':' +
      P2[rem - mm * 60] +
      '.' +
      ZEROS[digits - fs.length] +
      fs +
      (utc ? 'Z"' : lastOffsetText + '"')
    );
  };
}
