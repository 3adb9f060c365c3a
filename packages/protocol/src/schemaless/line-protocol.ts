import { Code } from '../errors.js';
import { utf8Length } from '../util/utf8.js';
import { NS_PER, defaultNow, smlError } from './sml-types.js';
import type { Value } from '../raw-block/types.js';
import { TypeCode } from '../types.js';
import type { SmlField, SmlOptions, SmlPoint, SmlPrecision, SmlTag } from './sml-types.js';
import { parseSmlValue } from './sml-value.js';

export interface LineProtocolOptions extends SmlOptions {
  /** Unit of the timestamps (default ns, as TDengine treats "not configured"). */
  readonly precision?: SmlPrecision;
}

const SPACE = 32;
const COMMA = 44;
const EQUAL = 61;
const QUOTE = 34;
const SLASH = 92;

/**
 * Parse InfluxDB line protocol (`measurement,tag=v field=1i,s="x" 1700000000000000000`) with
 * TDengine's rules (protocol.md §7.2): escapes `\,` `\ ` in the measurement, `\,` `\ ` `\=` in
 * tag keys/values and field keys, `\"` `\\` in quoted values; blank lines and `#` comments are
 * skipped; a missing or `0` timestamp means now. Lines of one series share their `tags` Map (treat
 * it as read-only). Throws `TaosError(SML_INVALID_DATA)` naming the
 * 1-based line.
 *
 * @example parseLineProtocol('meters,location=SF current=10.3,voltage=219i32 1648432611249', { precision: 'ms' })
 */
export function parseLineProtocol(text: string, opts: LineProtocolOptions = {}): SmlPoint[] {
  const tsPrecision = opts.precision ?? 'ns';
  const out: SmlPoint[] = [];
  let measurement = '';
  let tags: Map<string, SmlTag> = new Map();
  let fields = new Map<string, SmlField>();
  parseLineProtocolInto(text, opts, {
    begin(m, t) {
      measurement = m;
      tags = t;
      fields = new Map();
    },
    field(key, type, value) {
      fields.set(key, { type, value });
    },
    end(ts, unitNs) {
      out.push({ measurement, tags, fields, ts: BigInt(ts) * unitNs, tsPrecision });
    },
  });
  return out;
}

/** Receives the lines of {@link parseLineProtocolInto} as they are parsed. */
export interface LineSink {
  /**
   * A line begins. Lines of one series (same measurement and tags text) pass the same `tags`
   * Map (read-only).
   */
  begin(measurement: string, tags: Map<string, SmlTag>): void;
  /** A field of the current line, typed as {@link SmlField}; keys are unique within a line. */
  field(key: string, type: TypeCode, value: Value): void;
  /**
   * The current line ends; its timestamp is `ts × unitNs` nanoseconds: the written value in the
   * given precision (a `number` when it is a safe integer), or the clock in ns (unit 1) when the
   * line has none.
   */
  end(ts: number | bigint, unitNs: bigint): void;
}

/**
 * {@link parseLineProtocol} without building points: each line goes to `sink` as it is read, so
 * a writer can fill columns directly. Same rules and errors; returns the number of lines.
 */
export function parseLineProtocolInto(text: string, opts: LineProtocolOptions, sink: LineSink): number {
  const ctx: Ctx = { s: text, start: 0, end: 0, line: 0, series: new Map(), last: undefined };
  const unit = NS_PER[opts.precision ?? 'ns'];
  const now = opts.now ?? defaultNow;
  const keys: string[] = [];
  const len = text.length;
  let count = 0;
  for (let pos = 0; pos <= len;) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = len;
    ctx.line++;
    let e = end;
    if (e > pos && text.charCodeAt(e - 1) === 13) e--;
    let p = pos;
    while (p < e && text.charCodeAt(p) === SPACE) p++;
    if (p < e && text.charCodeAt(p) !== 35 /* # */) {
      ctx.start = p;
      ctx.end = e;
      sinkLine(ctx, unit, now, sink, keys);
      count++;
    }
    pos = end + 1;
  }
  return count;
}

function sinkLine(ctx: Ctx, unit: bigint, now: () => bigint, sink: LineSink, keys: string[]): void {
  const { s, start, end } = ctx;
  let i: number;
  // Lines of a series usually follow each other: same head text, ending at a space, is the same
  // series (a head never ends with a backslash, so that space is unescaped here too).
  let series = ctx.last;
  if (
    series !== undefined &&
    s.startsWith(series.head, start) &&
    s.charCodeAt(start + series.head.length) === SPACE
  ) {
    i = start + series.head.length;
  } else {
    for (i = start; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c === SLASH) {
        const d = s.charCodeAt(i + 1);
        if (d === SPACE || d === COMMA || d === EQUAL) i++;
      } else if (c === SPACE) break;
    }
    if (i > end) i = end;
    const head = s.slice(start, i);
    series = ctx.series.get(head);
    if (series === undefined) {
      series = parseSeries(ctx, i, head);
      ctx.series.set(head, series);
    }
    ctx.last = series;
  }
  while (i < end && s.charCodeAt(i) === SPACE) i++;
  if (i >= end) fail(ctx, 'cols is empty');

  sink.begin(series.measurement, series.tags);
  // The keys of the series' previous line, in order, are tried first: a key that matches its
  // text needs no scan, no slice and no duplicate check (those keys were unique).
  const known = series.keys;
  keys.length = 0;
  let checked = false;
  for (let q = 0; ; q++) {
    let key = known[q];
    if (key !== undefined && !checked && s.startsWith(key, i) && s.charCodeAt(i + key.length) === EQUAL) {
      i += key.length + 1;
    } else {
      const k = scanKey(s, i, end);
      if (k < 0) fail(ctx, 'invalid data');
      key = takeKey(ctx, i, k);
      i = k + 1;
      checked = true;
    }
    const j = fieldValue(s, i, end, NUM);
    if (j < 0) {
      const e = scanFieldValue(s, i, end);
      if (e < 0) fail(ctx, 'unbalanced quotes');
      if (e === i) fail(ctx, 'invalid value');
      const v = parseSmlValue(s.slice(i, e));
      if (typeof v === 'string') fail(ctx, v);
      NUM.type = v.type;
      NUM.value = v.value;
      i = e;
    } else i = j;
    if (checked && keys.includes(key)) fail(ctx, `duplicated field ${key}`, Code.DUPLICATED_COLUMN);
    keys.push(key);
    sink.field(key, NUM.type, NUM.value);
    if (i >= end || s.charCodeAt(i) === SPACE) break;
    i++; // comma
  }
  // Remember this line's keys for the next line of the series (only plain ones match as text).
  if (checked || keys.length !== known.length) series.keys = keys.filter(isPlainKey);

  while (i < end && s.charCodeAt(i) === SPACE) i++;
  let t = i;
  while (t < end && s.charCodeAt(t) > SPACE) t++;
  for (let r = t; r < end; r++) if (s.charCodeAt(r) > SPACE) fail(ctx, 'unexpected data after timestamp');
  if (t === i || (t === i + 1 && s.charCodeAt(i) === 48)) {
    sink.end(now(), 1n);
    return;
  }
  let n = 0;
  for (let r = i; r < t; r++) {
    const c = s.charCodeAt(r);
    if (c < 48 || c > 57) fail(ctx, 'invalid timestamp');
    n = n * 10 + (c - 48);
  }
  if (n === 0) fail(ctx, 'invalid timestamp');
  sink.end(t - i <= 15 ? n : BigInt(s.slice(i, t)), unit);
}

/** A key whose text in a line is the key itself (nothing escaped). */
function isPlainKey(key: string): boolean {
  return !/[ ,=\\]/.test(key);
}

/** The typed value of the field just read (reused: no object per field). */
const NUM: { type: TypeCode; value: Value } = { type: TypeCode.DOUBLE, value: 0 };

/** Exact powers of ten as doubles (10^22 is the last). */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * Fast path for the common field values, read without slicing: a plain decimal number (at most
 * 15 digits, no exponent) with no suffix or `f64`/`f32`, or an integer with an `i16`/`i32`/
 * `u16`/`u32` suffix in range. Sets {@link NUM} and returns the end of the value; -1 sends the
 * value to the general parser (every other form, and every error).
 */
function fieldValue(s: string, i: number, end: number, out: typeof NUM): number {
  let j = i;
  let c = s.charCodeAt(j);
  let neg = false;
  if (c === 45 || c === 43) {
    neg = c === 45;
    c = s.charCodeAt(++j);
  }
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (; j < end; c = s.charCodeAt(++j)) {
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
    } else if (c === 46 && frac < 0) frac = digits;
    else break;
  }
  if (digits === 0 || digits > 15) return -1;
  const decimals = frac < 0 ? 0 : digits - frac;
  if (j >= end || c === COMMA || c === SPACE) {
    // m and 10^decimals are exact doubles: one division is correctly rounded, as Number() is.
    const v = decimals === 0 ? m : m / POW10[decimals]!;
    out.type = TypeCode.DOUBLE;
    out.value = neg ? -v : v;
    return j;
  }
  const lc = c | 0x20;
  const d1 = s.charCodeAt(j + 1);
  const d2 = s.charCodeAt(j + 2);
  const after = j + 3 >= end ? COMMA : s.charCodeAt(j + 3);
  if (after !== COMMA && after !== SPACE) return -1;
  if (lc === 0x66 /* f */) {
    const v0 = decimals === 0 ? m : m / POW10[decimals]!;
    const v = neg ? -v0 : v0;
    if (d1 === 54 && d2 === 52) {
      out.type = TypeCode.DOUBLE;
      out.value = v;
      return j + 3;
    }
    if (d1 === 51 && d2 === 50) {
      out.type = TypeCode.FLOAT;
      out.value = Math.fround(v);
      return j + 3;
    }
    return -1;
  }
  // i32 / i16 / u32 / u16 on an integer in range; anything else takes the general path.
  if (frac >= 0 || (lc !== 0x69 && lc !== 0x75)) return -1;
  const v = neg ? -m : m;
  if (lc === 0x69 && d1 === 51 && d2 === 50 && v >= -2147483648 && v <= 2147483647) out.type = TypeCode.INT;
  else if (lc === 0x69 && d1 === 49 && d2 === 54 && v >= -32768 && v <= 32767) out.type = TypeCode.SMALLINT;
  else if (lc === 0x75 && d1 === 51 && d2 === 50 && v >= 0 && v <= 4294967295) out.type = TypeCode.UINT;
  else if (lc === 0x75 && d1 === 49 && d2 === 54 && v >= 0 && v <= 65535) out.type = TypeCode.USMALLINT;
  else return -1;
  out.value = v;
  return j + 3;
}

interface Series {
  /** The `measurement,tags` text as written. */
  readonly head: string;
  readonly measurement: string;
  readonly tags: Map<string, SmlTag>;
  /** Field keys of the series' last line (plain ones), tried first on the next line. */
  keys: string[];
}

/** Parse state shared by the lines of one call. */
interface Ctx {
  readonly s: string;
  start: number;
  end: number;
  line: number;
  /**
   * `measurement,tags` text → parsed series. Lines of one series share the measurement string
   * and the tags Map (TDengine's parser likewise skips re-parsing the same child table).
   */
  readonly series: Map<string, Series>;
  /** The series of the previous line. */
  last: Series | undefined;
}

function fail(ctx: Ctx, msg: string, code?: number): never {
  throw smlError(ctx.line, `${msg}: ${ctx.s.slice(ctx.start, Math.min(ctx.end, ctx.start + 80))}`, code);
}

/** Measurement and tags of a line, which end at `headEnd` (an unescaped space or the line end). */
function parseSeries(ctx: Ctx, headEnd: number, head: string): Series {
  const { s, start } = ctx;
  const end = headEnd;
  // measurement: up to an unescaped comma or space
  let i = start;
  let escaped = false;
  if (s.charCodeAt(i) === COMMA) fail(ctx, 'invalid data');
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === SLASH && i + 1 < end) {
      const d = s.charCodeAt(i + 1);
      if (d === COMMA || d === SPACE) {
        escaped = true;
        i++;
        continue;
      }
    }
    if (c === COMMA) break;
  }
  let measurement = s.slice(start, i);
  if (escaped) measurement = unescape(measurement, false);
  if (measurement.length === 0 || (measurement.length > 64 && utf8Length(measurement) > 192)) {
    fail(ctx, 'measure is empty or too large than 192');
  }
  const tags = new Map<string, SmlTag>();
  if (i < end) {
    i++; // comma
    for (;;) {
      const k = scanKey(s, i, end);
      if (k < 0) fail(ctx, 'invalid data');
      const key = takeKey(ctx, i, k);
      i = k + 1;
      // value: up to an unescaped comma; '=' is an error
      let j = i;
      let esc = false;
      for (; j < end; j++) {
        const c = s.charCodeAt(j);
        if (c === SLASH && j + 1 < end) {
          const d = s.charCodeAt(j + 1);
          if (d === COMMA || d === SPACE || d === EQUAL) {
            esc = true;
            j++;
            continue;
          }
        }
        if (c === COMMA) break;
        if (c === EQUAL) fail(ctx, 'invalid data');
      }
      if (j === i) fail(ctx, 'invalid value');
      if (tags.has(key)) fail(ctx, `duplicated tag ${key}`, Code.DUPLICATED_COLUMN);
      tags.set(key, esc ? unescape(s.slice(i, j), true) : s.slice(i, j));
      i = j;
      if (i >= end) break;
      i++; // comma
    }
  }
  return { head, measurement, tags, keys: [] };
}

/** Index of the unescaped '=' ending a key at `i`, or -1 if a space/comma/end comes first. */
function scanKey(s: string, i: number, end: number): number {
  for (let j = i; j < end; j++) {
    const c = s.charCodeAt(j);
    if (c === SLASH && j + 1 < end) {
      const d = s.charCodeAt(j + 1);
      if (d === COMMA || d === SPACE || d === EQUAL) {
        j++;
        continue;
      }
    }
    if (c === EQUAL) return j;
    if (c === SPACE || c === COMMA) return -1;
  }
  return -1;
}

function takeKey(ctx: Ctx, i: number, k: number): string {
  let key = ctx.s.slice(i, k);
  if (key.indexOf('\\') >= 0) key = unescape(key, true);
  if (key.length === 0 || (key.length > 16 && utf8Length(key) > 64))
    fail(ctx, 'invalid key or key is too long than 64');
  return key;
}

/** End of a field value: quoted values end after their closing quote; -1 if unbalanced. */
function scanFieldValue(s: string, i: number, end: number): number {
  let j = i;
  const c0 = s.charCodeAt(j);
  const lc = c0 | 0x20; // L"…" NCHAR, G"…" GEOMETRY, B"…" VARBINARY
  const prefixed =
    (lc === 0x6c || lc === 0x67 || lc === 0x62) && j + 1 < end && s.charCodeAt(j + 1) === QUOTE;
  if (c0 === QUOTE || prefixed) {
    j += prefixed ? 2 : 1;
    for (; j < end; j++) {
      const c = s.charCodeAt(j);
      if (c === SLASH) {
        const d = s.charCodeAt(j + 1);
        if (d === QUOTE || d === SLASH) j++;
      } else if (c === QUOTE) {
        j++;
        const d = s.charCodeAt(j);
        return j >= end || d === COMMA || d === SPACE ? j : -1;
      }
    }
    return -1;
  }
  for (; j < end; j++) {
    const c = s.charCodeAt(j);
    if (c === COMMA || c === SPACE) break;
    if (c === QUOTE) return -1;
  }
  return j;
}

/** Drop the backslash of `\,` and `\ ` (and `\=` when `equals`). */
function unescape(v: string, equals: boolean): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < v.length - 1; i++) {
    if (v.charCodeAt(i) !== SLASH) continue;
    const d = v.charCodeAt(i + 1);
    if (d === COMMA || d === SPACE || (equals && d === EQUAL)) {
      out += v.slice(from, i);
      from = i + 1;
      i++;
    }
  }
  return out + v.slice(from);
}
