import type { Precision } from '@taosts/protocol';
import { DataError } from './errors.js';
import type { Zone } from './zone.js';

/** Sub-millisecond ticks per millisecond at each precision. */
const SUB: Record<Precision, number> = { ms: 1, us: 1000, ns: 1_000_000 };
const SUB_BIG: Record<Precision, bigint> = { ms: 1n, us: 1000n, ns: 1_000_000n };
const SUB_DIGITS: Record<Precision, number> = { ms: 0, us: 3, ns: 6 };
/** `Date`'s range: ±8.64e15 ms around the epoch. */
const MAX_MS = 8.64e15;
/** 2^26: the split of a timestamp's whole milliseconds into two Smis. */
const LO_RANGE = 67108864;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Precision implied by the number of fraction digits a server rendered (3/6/9). */
export function precisionOfDigits(digits: number): Precision {
  return digits <= 3 ? 'ms' : digits <= 6 ? 'us' : 'ns';
}

/**
 * An exact TDengine timestamp: an instant at millisecond, microsecond or nanosecond precision.
 * Immutable; nothing passes through `number` beyond the whole milliseconds (always exact) or
 * through `Date` unless you ask for one. There is deliberately no `valueOf`: `<` on numbers
 * would drop sub-millisecond digits and on bigint epochs would compare across precisions
 * wrongly; use `compare` / `equals`.
 *
 * @example
 * const ts = TDTimestamp.parse('2024-01-01T08:00:00.123456789+08:00');
 * ts.epoch;          // 1704067200123456789n
 * ts.toISOString();  // '2024-01-01T00:00:00.123456789Z'
 */
export class TDTimestamp {
  readonly precision: Precision;
  // The whole milliseconds (floored) are kept as `#hi · 2^26 + #lo`, two small integers (V8
  // Smis), rather than one double field: a double field is a separate heap number per instance,
  // which made every timestamp of a large result two allocations (perf.md §4.5).
  /** Whole milliseconds since the epoch, floored, divided by 2^26 and floored: |#hi| ≤ 2^27. */
  readonly #hi: number;
  /** Whole milliseconds since the epoch modulo 2^26: 0..2^26-1. */
  readonly #lo: number;
  /** Ticks below the millisecond: 0..999 (us) or 0..999999 (ns). */
  readonly #sub: number;

  /** @internal Use `fromEpoch`, `fromDate` or `parse`. */
  constructor(ms: number, sub: number, precision: Precision) {
    // `| 0` (exact in these ranges) keeps each field a Smi: a double-valued result stored even
    // once would turn the field into a boxed double for every instance.
    const hi = Math.floor(ms / LO_RANGE);
    this.#hi = hi | 0;
    this.#lo = (ms - hi * LO_RANGE) | 0;
    this.#sub = sub | 0;
    this.precision = precision;
  }

  /** From epoch ticks at `precision` (a `bigint`, or a safe integer `number`). */
  static fromEpoch(epoch: bigint | number, precision: Precision = 'ms'): TDTimestamp {
    if (typeof epoch === 'number') {
      if (!Number.isSafeInteger(epoch))
        throw new DataError(`timestamp epoch must be a safe integer, got ${epoch}`);
      epoch = BigInt(epoch);
    }
    const k = SUB_BIG[precision];
    if (k === undefined) throw new DataError(`unknown precision ${JSON.stringify(precision)}`);
    let ms = epoch / k;
    let sub = epoch % k;
    if (sub < 0n) {
      ms -= 1n;
      sub += k;
    }
    const msn = Number(ms);
    if (msn > MAX_MS || msn < -MAX_MS)
      throw new DataError(`timestamp ${epoch} (${precision}) is out of range`);
    return new TDTimestamp(msn, Number(sub), precision);
  }

  /** From a `Date` (millisecond precision). */
  static fromDate(date: Date): TDTimestamp {
    const ms = date.getTime();
    if (Number.isNaN(ms)) throw new DataError('invalid Date');
    return new TDTimestamp(ms, 0, 'ms');
  }

  /**
   * Parse RFC 3339 / TDengine timestamp text: `2024-01-01T00:00:00.123Z`, `…+08:00`, `…+0800`,
   * `2024-01-01 08:00:00.123` (zone-less: read in `zone`, default UTC), `2024-01-01`.
   * The precision is the one the fraction digits imply (≤3 ms, ≤6 us, else ns) unless given.
   */
  static parse(text: string, options: { zone?: Zone; precision?: Precision } = {}): TDTimestamp {
    const r = parseTimestampText(text, 0, text.length, options.zone);
    if (!r) throw new DataError(`invalid timestamp ${JSON.stringify(text)}`);
    const p = options.precision ?? precisionOfDigits(r.digits);
    return fromParts(r.ms, r.frac, r.digits, p);
  }

  /** Epoch ticks at this timestamp's precision. */
  get epoch(): bigint {
    if (this.precision === 'ms') return BigInt(this.epochMs);
    return BigInt(this.epochMs) * SUB_BIG[this.precision] + BigInt(this.#sub);
  }

  /** Whole milliseconds since the epoch (floored: -0.5 ms is -1). */
  get epochMs(): number {
    return this.#hi * LO_RANGE + this.#lo;
  }

  /** The same instant at another precision; truncates (floors) when the target is coarser. */
  to(precision: Precision): TDTimestamp {
    if (precision === this.precision) return this;
    const from = SUB[this.precision];
    const to = SUB[precision];
    const sub = to >= from ? this.#sub * (to / from) : Math.floor(this.#sub / (from / to));
    return new TDTimestamp(this.epochMs, sub, precision);
  }

  /** A `Date` (sub-millisecond digits are dropped). */
  toDate(): Date {
    return new Date(this.epochMs);
  }

  /** UTC RFC 3339 with every digit of the precision: `2024-01-01T00:00:00.123456789Z`. */
  toISOString(): string {
    return formatAt(this.epochMs, this.#sub, this.precision, 0);
  }

  /** RFC 3339 in `zone`: `2024-01-01T08:00:00.123+08:00` (`Z` when the offset is zero). */
  toZonedString(zone: Zone): string {
    const ms = this.epochMs;
    return formatAt(ms, this.#sub, this.precision, zone.offsetMinutes(ms));
  }

  toJSON(): string {
    return this.toISOString();
  }

  toString(): string {
    return this.toISOString();
  }

  /** Exact comparison across precisions: negative, zero or positive. */
  compare(other: TDTimestamp): number {
    if (this.#hi !== other.#hi) return this.#hi < other.#hi ? -1 : 1;
    if (this.#lo !== other.#lo) return this.#lo < other.#lo ? -1 : 1;
    const a = this.#sub * (1_000_000 / SUB[this.precision]);
    const b = other.#sub * (1_000_000 / SUB[other.precision]);
    return a === b ? 0 : a < b ? -1 : 1;
  }

  /** Same instant (precision may differ). */
  equals(other: TDTimestamp): boolean {
    return other instanceof TDTimestamp && this.compare(other) === 0;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `TDTimestamp(${this.toISOString()})`;
  }
}

/** Build a timestamp from whole ms plus `digits` fraction digits beyond the seconds (`frac`). */
export function fromParts(msWhole: number, frac: number, digits: number, precision: Precision): TDTimestamp {
  // msWhole already includes the first three fraction digits; `frac` holds the remaining ones.
  const extra = digits > 3 ? digits - 3 : 0;
  const want = SUB_DIGITS[precision];
  let sub = frac;
  if (extra < want) sub *= 10 ** (want - extra);
  else if (extra > want) sub = Math.floor(sub / 10 ** (extra - want));
  return new TDTimestamp(msWhole, sub, precision);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function formatAt(ms: number, sub: number, precision: Precision, offsetMin: number): string {
  const d = new Date(ms + offsetMin * 60000);
  const y = d.getUTCFullYear();
  const year = y >= 0 && y <= 9999 ? pad(y, 4) : (y < 0 ? '-' : '+') + pad(Math.abs(y), 6);
  let s =
    `${year}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T` +
    `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.` +
    pad(d.getUTCMilliseconds(), 3);
  if (precision !== 'ms') s += pad(sub, SUB_DIGITS[precision]);
  if (offsetMin === 0) return s + 'Z';
  const a = Math.abs(offsetMin);
  return `${s}${offsetMin < 0 ? '-' : '+'}${pad(Math.floor(a / 60), 2)}:${pad(a % 60, 2)}`;
}

/** Scratch result of `parseTimestampText`. */
export interface ParsedTime {
  /** Whole milliseconds since the epoch (first 3 fraction digits included). */
  ms: number;
  /** Fraction digits beyond the third, as an integer. */
  frac: number;
  /** Total fraction digits seen. */
  digits: number;
}

function num(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Parse timestamp text in `s[start, end)` without slicing. Returns undefined when malformed.
 * Hot path of the REST decoder: REST renders `YYYY-MM-DDTHH:MM:SS.fff[fff[fff]](Z|±HH:MM)`.
 */
export function parseTimestampText(
  s: string,
  start: number,
  end: number,
  zone?: Zone,
  out?: ParsedTime,
): ParsedTime | undefined {
  const y = num(s, start, 4);
  const mo = num(s, start + 5, 2);
  const d = num(s, start + 8, 2);
  if (
    y < 0 ||
    mo < 1 ||
    mo > 12 ||
    d < 1 ||
    d > 31 ||
    s.charCodeAt(start + 4) !== 45 ||
    s.charCodeAt(start + 7) !== 45
  ) {
    return undefined;
  }
  let i = start + 10;
  let h = 0;
  let mi = 0;
  let sec = 0;
  let msPart = 0;
  let frac = 0;
  let digits = 0;
  if (i < end) {
    const sep = s.charCodeAt(i);
    if (sep !== 84 && sep !== 32 && sep !== 116) return undefined; // 'T', ' ', 't'
    h = num(s, i + 1, 2);
    mi = num(s, i + 4, 2);
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || s.charCodeAt(i + 3) !== 58) return undefined;
    i += 6;
    if (i < end && s.charCodeAt(i) === 58) {
      sec = num(s, i + 1, 2);
      if (sec < 0 || sec > 60) return undefined;
      i += 3;
    }
    if (i < end && s.charCodeAt(i) === 46) {
      i++;
      while (i < end) {
        const c = s.charCodeAt(i) - 48;
        if (!(c >= 0 && c <= 9)) break;
        if (digits < 3) msPart = msPart * 10 + c;
        else if (digits < 9) frac = frac * 10 + c;
        digits++;
        i++;
      }
      if (digits === 0) return undefined;
      if (digits < 3) msPart *= 10 ** (3 - digits);
      if (digits > 9) digits = 9;
    }
  }
  const wall = (daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec) * 1000 + msPart;
  let ms: number;
  if (i >= end) {
    ms = zone ? zone.wallToEpochMs(wall) : wall;
  } else {
    const z = s.charCodeAt(i);
    if ((z === 90 || z === 122) && i + 1 === end) {
      ms = wall; // 'Z'
    } else if (z === 43 || z === 45) {
      const oh = num(s, i + 1, 2);
      let om: number;
      if (i + 6 === end && s.charCodeAt(i + 3) === 58) om = num(s, i + 4, 2);
      else if (i + 5 === end) om = num(s, i + 3, 2);
      else if (i + 3 === end) om = 0;
      else return undefined;
      if (oh < 0 || om < 0) return undefined;
      const off = (oh * 60 + om) * 60000;
      ms = z === 43 ? wall - off : wall + off;
    } else {
      return undefined;
    }
  }
  const r = out ?? { ms: 0, frac: 0, digits: 0 };
  r.ms = ms;
  r.frac = frac;
  r.digits = digits;
  return r;
}
