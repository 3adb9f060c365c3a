import type { Precision } from '@taosts/protocol';
import { daysFromCivil } from './civil.js';
import { wallToEpochMs } from './zone.js';

const FRACTION_SCALE: Record<Precision, number> = { ms: 3, us: 6, ns: 9 };
const TICKS_PER_SECOND: Record<Precision, bigint> = { ms: 1_000n, us: 1_000_000n, ns: 1_000_000_000n };

/** Reads 1..max digits at `i`; returns [value, nextIndex] or undefined. */
function digits(s: string, i: number, min: number, max: number): [number, number] | undefined {
  let v = 0;
  let j = i;
  while (j < s.length && j - i < max) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    j++;
  }
  return j - i >= min ? [v, j] : undefined;
}

/**
 * Parse a TDengine timestamp string into epoch ticks of `precision` (sql.md §2.3):
 * `2021-07-13 14:06:32.272`, `2021-07-13`, `2021-07-13T14:06:32.272123+08:00`, `…Z`, `…+0800`.
 * Zone-less strings are wall time in `timezone`. Extra fraction digits are truncated.
 * Returns undefined when the text is not a timestamp.
 */
export function parseTimestamp(text: string, precision: Precision, timezone: string): bigint | undefined {
  const s = text.trim();
  let r = digits(s, 0, 4, 4);
  if (!r || s[r[1]] !== '-') return undefined;
  const year = r[0];
  r = digits(s, r[1] + 1, 1, 2);
  if (!r || s[r[1]] !== '-') return undefined;
  const month = r[0];
  r = digits(s, r[1] + 1, 1, 2);
  if (!r) return undefined;
  const day = r[0];
  let i = r[1];
  let hour = 0;
  let minute = 0;
  let second = 0;
  let frac = 0n;
  let fracDigits = 0;
  if (i < s.length && (s[i] === ' ' || s[i] === 'T' || s[i] === 't')) {
    i++;
    while (s[i] === ' ') i++;
    r = digits(s, i, 1, 2);
    if (!r || s[r[1]] !== ':') return undefined;
    hour = r[0];
    r = digits(s, r[1] + 1, 1, 2);
    if (!r) return undefined;
    minute = r[0];
    i = r[1];
    if (s[i] === ':') {
      r = digits(s, i + 1, 1, 2);
      if (!r) return undefined;
      second = r[0];
      i = r[1];
    }
    if (s[i] === '.') {
      i++;
      const start = i;
      const keep = FRACTION_SCALE[precision];
      let v = 0n;
      while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
        if (i - start < keep) v = v * 10n + BigInt(s.charCodeAt(i) - 48);
        i++;
      }
      if (i === start) return undefined;
      fracDigits = Math.min(i - start, keep);
      frac = v * 10n ** BigInt(keep - fracDigits);
    }
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return undefined;
  }
  let offsetSeconds: number | undefined;
  if (i < s.length) {
    const c = s[i];
    if ((c === 'Z' || c === 'z') && i + 1 === s.length) {
      offsetSeconds = 0;
    } else if (c === '+' || c === '-') {
      const h = digits(s, i + 1, 2, 2);
      if (!h) return undefined;
      let j = h[1];
      let m = 0;
      if (s[j] === ':') j++;
      if (j < s.length) {
        const mm = digits(s, j, 2, 2);
        if (!mm) return undefined;
        m = mm[0];
        j = mm[1];
      }
      if (j !== s.length) return undefined;
      offsetSeconds = (h[0] * 3600 + m * 60) * (c === '-' ? -1 : 1);
    } else {
      return undefined;
    }
  }
  const days = daysFromCivil(year, month, day);
  const wallSeconds = days * 86400 + hour * 3600 + minute * 60 + second;
  const epochSeconds =
    offsetSeconds !== undefined
      ? wallSeconds - offsetSeconds
      : Math.floor(wallToEpochMs(wallSeconds * 1000, timezone) / 1000);
  return BigInt(epochSeconds) * TICKS_PER_SECOND[precision] + frac;
}
