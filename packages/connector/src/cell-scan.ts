import { isDigit } from '@taosts/protocol';
import type { Precision } from '@taosts/protocol';
import { InterfaceError } from './errors.js';
import { POW10, ServerJsonScanner } from './json-scan.js';
import { TDTimestamp, daysFromCivil, fromParts, parseTimestampText, precisionOfDigits } from './timestamp.js';
import type { ParsedTime } from './timestamp.js';
import { Kind, convertCell, hexToBytes } from './values.js';
import type { Value, ValueContext } from './values.js';

/**
 * Scans single cells of a REST reply by column kind, straight from the text: the per-value half
 * of the REST decoder. Fast paths cover exactly what taosAdapter renders; anything else goes
 * through the generic lossless scanner and `convertCell`.
 */
export class CellScanner extends ServerJsonScanner {
  readonly ctx: ValueContext;
  readonly t: ParsedTime = { ms: 0, frac: 0, digits: 0 };
  /** Precision of the first timestamp seen. */
  precision: Precision | undefined = undefined;

  constructor(text: string, ctx: ValueContext) {
    super(text);
    this.ctx = ctx;
  }

  convertOne(kind: Kind, v: unknown): Value {
    const out = convertCell(kind, v, this.ctx);
    if (kind === Kind.TIMESTAMP && this.precision === undefined && typeof v === 'string') {
      const t = parseTimestampText(v, 0, v.length, this.ctx.zone);
      if (t) this.precision = precisionOfDigits(t.digits);
    }
    return out;
  }

  /** End offset of the last fast-path value. */
  e = 0;
  /** Day-number cache: consecutive rows usually share a date. */
  dayKey = -1;
  dayNum = 0;

  /**
   * REST's exact layout `YYYY-MM-DDTHH:MM:SS.f{3,6,9}(Z|±HH:MM)"` at `a`; undefined for anything
   * else (the general parser handles it). Sets `this.e` past the closing quote.
   */
  fastTimestamp(a: number): Value | undefined {
    const s = this.s;
    if (
      s.charCodeAt(a + 4) !== 45 ||
      s.charCodeAt(a + 7) !== 45 ||
      s.charCodeAt(a + 10) !== 84 ||
      s.charCodeAt(a + 13) !== 58 ||
      s.charCodeAt(a + 16) !== 58 ||
      s.charCodeAt(a + 19) !== 46
    ) {
      return undefined;
    }
    const y = d4(s, a);
    const mo = d2(s, a + 5);
    const d = d2(s, a + 8);
    const h = d2(s, a + 11);
    const mi = d2(s, a + 14);
    const sec = d2(s, a + 17);
    if (
      (y | mo | d | h | mi | sec) < 0 ||
      mo < 1 ||
      mo > 12 ||
      d < 1 ||
      d > 31 ||
      h > 23 ||
      mi > 59 ||
      sec > 60
    )
      return undefined;
    let i = a + 20;
    let ms = 0;
    let frac = 0;
    let n = 0;
    for (;;) {
      const c = s.charCodeAt(i) - 48;
      if (!(c >= 0 && c <= 9)) break;
      if (n < 3) ms = ms * 10 + c;
      else frac = frac * 10 + c;
      n++;
      i++;
    }
    if (n !== 3 && n !== 6 && n !== 9) return undefined;
    let off = 0;
    const z = s.charCodeAt(i);
    if (z === 90) i++;
    else if ((z === 43 || z === 45) && s.charCodeAt(i + 3) === 58) {
      const oh = d2(s, i + 1);
      const om = d2(s, i + 4);
      if ((oh | om) < 0) return undefined;
      off = (oh * 60 + om) * 60000;
      if (z === 45) off = -off;
      i += 6;
    } else return undefined;
    if (s.charCodeAt(i) !== 34) return undefined;
    const key = y * 10000 + mo * 100 + d;
    if (key !== this.dayKey) {
      this.dayKey = key;
      this.dayNum = daysFromCivil(y, mo, d);
    }
    this.e = i + 1;
    const p: Precision = n === 3 ? 'ms' : n === 6 ? 'us' : 'ns';
    if (this.precision === undefined) this.precision = p;
    const epochMs = ((this.dayNum * 24 + h) * 60 + mi) * 60000 + sec * 1000 + ms - off;
    switch (this.ctx.timestampMode) {
      case 'timestamp':
        return new TDTimestamp(epochMs, frac, p);
      case 'date':
        return new Date(epochMs);
      case 'bigint':
        return p === 'ms'
          ? BigInt(epochMs)
          : BigInt(epochMs) * (p === 'us' ? 1000n : 1_000_000n) + BigInt(frac);
      case 'string':
        return s.slice(a, i);
    }
  }

  cell(kind: Kind): Value {
    const s = this.s;
    let c = s.charCodeAt(this.i);
    if (c <= 32) {
      this.ws();
      c = s.charCodeAt(this.i);
    }
    if (c === 110) return this.literal('null', null);
    switch (kind) {
      case Kind.STRING:
        if (c === 34) return this.string();
        break;
      case Kind.TIMESTAMP:
        if (c === 34) return this.timestamp();
        break;
      case Kind.INT:
      case Kind.FLOAT:
        if (c === 45 || isDigit(c)) {
          const v = this.fastNumber(this.i);
          this.i = this.e;
          return v;
        }
        break;
      case Kind.INT64:
        if (c === 45 || isDigit(c)) return this.int64();
        break;
      case Kind.BOOL:
        if (c === 116) return this.literal('true', true);
        if (c === 102) return this.literal('false', false);
        break;
      case Kind.BYTES:
        if (c === 34) return this.bytes();
        break;
      case Kind.DECIMAL:
        if (c === 34) return this.string();
        if (c === 45 || isDigit(c)) return this.numberText(); // keep the digits exact
        break;
      case Kind.JSON: {
        // JSON tags are raw JSON inlined; their numbers are doubles, so JSON.parse is exact.
        const start = this.skip();
        return JSON.parse(s.slice(start, this.i)) as Value;
      }
    }
    return this.convertOne(kind, this.value());
  }

  /**
   * A JSON number at `start`, exact as JSON.parse: integers and decimals of up to 15 digits via
   * Clinger's fast path (both operands exact, one IEEE division); anything longer or with an
   * exponent via `Number()` on the source text. Sets `this.e` past it; NaN with `e = 0` on bad input.
   */
  fastNumber(start: number): number {
    const s = this.s;
    let i = start;
    let neg = false;
    if (s.charCodeAt(i) === 45) {
      neg = true;
      i++;
    }
    let m = 0;
    let nd = 0;
    let c = s.charCodeAt(i);
    while (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      nd++;
      c = s.charCodeAt(++i);
    }
    let scale = 0;
    if (c === 46) {
      c = s.charCodeAt(++i);
      while (c >= 48 && c <= 57) {
        m = m * 10 + (c - 48);
        nd++;
        scale++;
        c = s.charCodeAt(++i);
      }
    }
    if (nd === 0 || nd > 15 || c === 101 || c === 69) {
      this.i = start;
      const v = Number(this.numberText());
      this.e = this.i;
      return v;
    }
    this.e = i;
    const v = scale === 0 ? m : m / (POW10[scale] as number);
    return neg ? -v : v;
  }

  int64(): bigint | string {
    const s = this.s;
    const start = this.i;
    let i = start;
    if (s.charCodeAt(i) === 45) i++;
    const d0 = i;
    let m = 0;
    let c = s.charCodeAt(i);
    while (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      c = s.charCodeAt(++i);
    }
    if (i === d0 || c === 46 || c === 101 || c === 69) {
      this.i = start;
      const t = this.numberText();
      throw new InterfaceError(`expected a 64-bit integer, got ${t}`);
    }
    this.i = i;
    if (this.ctx.int64Mode === 'string') return s.slice(start, i);
    if (i - d0 <= 15) return BigInt(i - d0 === i - start ? m : -m);
    return BigInt(s.slice(start, i));
  }

  timestamp(): Value {
    const s = this.s;
    const start = this.i + 1;
    const end = s.indexOf('"', start);
    const t = end < 0 ? undefined : parseTimestampText(s, start, end, this.ctx.zone, this.t);
    if (!t) return this.convertOne(Kind.TIMESTAMP, this.string());
    this.i = end + 1;
    const p = precisionOfDigits(t.digits);
    if (this.precision === undefined) this.precision = p;
    switch (this.ctx.timestampMode) {
      case 'timestamp':
        return fromParts(t.ms, t.frac, t.digits, p);
      case 'date':
        return new Date(t.ms);
      case 'bigint':
        return fromParts(t.ms, t.frac, t.digits, p).epoch;
      case 'string':
        return s.slice(start, end);
    }
  }

  bytes(): Value {
    const s = this.s;
    const start = this.i + 1;
    const end = s.indexOf('"', start);
    const b = end < 0 ? undefined : hexToBytes(s, start, end);
    if (!b) return this.convertOne(Kind.BYTES, this.string());
    this.i = end + 1;
    return b;
  }
}

/** Two ASCII digits at `i` as a number, or a negative number if either is not a digit. */
function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >>> 0 > 9 || b >>> 0 > 9 ? -1 : a * 10 + b;
}

function d4(s: string, i: number): number {
  const a = d2(s, i);
  const b = d2(s, i + 2);
  return (a | b) < 0 ? -1 : a * 100 + b;
}
