import { Code } from '../errors.js';
import { utf8Length } from '../util/utf8.js';
import { NS_PER, defaultNow, smlError } from './sml-types.js';
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
    field(key, value) {
      fields.set(key, value);
    },
    end(ts) {
      out.push({ measurement, tags, fields, ts, tsPrecision });
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
  /** A field of the current line; keys are unique within a line. */
  field(key: string, value: SmlField): void;
  /** The current line ends with its timestamp in nanoseconds. */
  end(ts: bigint): void;
}

/**
 * {@link parseLineProtocol} without building points: each line goes to `sink` as it is read, so
 * a writer can fill columns directly. Same rules and errors; returns the number of lines.
 */
export function parseLineProtocolInto(text: string, opts: LineProtocolOptions, sink: LineSink): number {
  const ctx: Ctx = { s: text, start: 0, end: 0, line: 0, series: new Map() };
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
  let i = start;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === SLASH) {
      const d = s.charCodeAt(i + 1);
      if (d === SPACE || d === COMMA || d === EQUAL) i++;
    } else if (c === SPACE) break;
  }
  if (i > end) i = end;
  const head = s.slice(start, i);
  let series = ctx.series.get(head);
  if (series === undefined) {
    series = parseSeries(ctx, i);
    ctx.series.set(head, series);
  }
  while (i < end && s.charCodeAt(i) === SPACE) i++;
  if (i >= end) fail(ctx, 'cols is empty');

  sink.begin(series.measurement, series.tags);
  keys.length = 0;
  for (;;) {
    const k = scanKey(s, i, end);
    if (k < 0) fail(ctx, 'invalid data');
    const key = takeKey(ctx, i, k);
    i = k + 1;
    const j = scanFieldValue(s, i, end);
    if (j < 0) fail(ctx, 'unbalanced quotes');
    if (j === i) fail(ctx, 'invalid value');
    const v = parseSmlValue(s.slice(i, j));
    if (typeof v === 'string') fail(ctx, v);
    if (keys.includes(key)) fail(ctx, `duplicated field ${key}`, Code.DUPLICATED_COLUMN);
    keys.push(key);
    sink.field(key, v);
    i = j;
    if (i >= end || s.charCodeAt(i) === SPACE) break;
    i++; // comma
  }

  while (i < end && s.charCodeAt(i) === SPACE) i++;
  let t = i;
  while (t < end && s.charCodeAt(t) > SPACE) t++;
  for (let r = t; r < end; r++) if (s.charCodeAt(r) > SPACE) fail(ctx, 'unexpected data after timestamp');
  let ts: bigint;
  if (t === i || (t === i + 1 && s.charCodeAt(i) === 48)) ts = now();
  else {
    for (let r = i; r < t; r++) {
      const c = s.charCodeAt(r);
      if (c < 48 || c > 57) fail(ctx, 'invalid timestamp');
    }
    ts = (t - i <= 15 ? BigInt(Number(s.slice(i, t))) : BigInt(s.slice(i, t))) * unit;
    if (ts <= 0n) fail(ctx, 'invalid timestamp');
  }
  sink.end(ts);
}

interface Series {
  readonly measurement: string;
  readonly tags: Map<string, SmlTag>;
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
}

function fail(ctx: Ctx, msg: string, code?: number): never {
  throw smlError(ctx.line, `${msg}: ${ctx.s.slice(ctx.start, Math.min(ctx.end, ctx.start + 80))}`, code);
}

/** Measurement and tags of a line, which end at `headEnd` (an unescaped space or the line end). */
function parseSeries(ctx: Ctx, headEnd: number): Series {
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
  return { measurement, tags };
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
