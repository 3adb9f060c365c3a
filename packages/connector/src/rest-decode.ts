import type { Precision } from '@taosts/protocol';
import { InterfaceError } from './errors.js';
import { JsonScanner, POW10, isDigit } from './json-scan.js';
import { TDTimestamp, daysFromCivil, fromParts, parseTimestampText, precisionOfDigits } from './timestamp.js';
import type { ParsedTime } from './timestamp.js';
import { Kind, convertCell, fieldOf, hexToBytes, kindOf } from './values.js';
import type { Field, Value, ValueContext } from './values.js';

/** A decoded `/rest/sql` reply (protocol.md §2.3, §2.4, §2.7). */
export interface RestResponse {
  /** 0 on success, else the TDengine code (low 16 bits). */
  readonly code: number;
  /** Error text when `code` is not 0. */
  readonly desc?: string;
  readonly fields: readonly Field[];
  /** Rows as arrays, values already converted per column type. */
  readonly data: Value[][];
  readonly rows: number;
  /** Server-side time in nanoseconds, when the server sent it. */
  readonly timing?: bigint;
  /** Precision implied by the first TIMESTAMP value (fraction digits 3/6/9); undefined without one. */
  readonly precision?: Precision;
}

/**
 * Decode a REST body losslessly and fast. The reply has a fixed key order (`code`, `column_meta`,
 * `data`, `rows`), so the column types are known before the first row: each cell is scanned by a
 * decoder chosen per column, straight from the text, with no intermediate JSON values.
 * BIGINT/UBIGINT become `bigint`, TIMESTAMP a `TDTimestamp` (or the configured mode), binary
 * columns `Uint8Array`, DECIMAL exact strings. Anything unexpected goes through the generic
 * lossless scanner and a per-type conversion, so odd servers still decode correctly.
 */
export function decodeRestBody(text: string, ctx: ValueContext): RestResponse {
  return new RestDecoder(text, ctx).decode();
}

class RestDecoder extends JsonScanner {
  readonly ctx: ValueContext;
  readonly t: ParsedTime = { ms: 0, frac: 0, digits: 0 };
  precision: Precision | undefined = undefined;

  constructor(text: string, ctx: ValueContext) {
    super(text);
    this.ctx = ctx;
  }

  decode(): RestResponse {
    this.ws();
    if (this.s.charCodeAt(this.i) !== 123) {
      // taosAdapter answers some 503s with a bare JSON string.
      const v = this.value();
      return { code: 0xffff, desc: typeof v === 'string' ? v : JSON.stringify(String(v)), fields: [], data: [], rows: 0 };
    }
    this.i++;
    let code = 0;
    let desc: string | undefined;
    let fields: Field[] | undefined;
    let kinds: Kind[] = [];
    let data: Value[][] | undefined;
    let rawData: unknown;
    let rows: number | undefined;
    let timing: bigint | undefined;
    this.ws();
    if (this.s.charCodeAt(this.i) === 125) this.fail('empty object');
    for (;;) {
      this.ws();
      if (this.s.charCodeAt(this.i) !== 34) this.fail('expected a key');
      const key = this.string();
      this.expect(58);
      switch (key) {
        case 'code':
        case 'status': {
          const v = this.value();
          // v2 servers say {"status":"succ"|"error"}
          code = v === 'succ' ? 0 : v === 'error' ? 0xffff : Number(v) & 0xffff;
          break;
        }
        case 'desc':
          desc = String(this.value());
          break;
        case 'column_meta':
        case 'head': {
          const meta = this.value();
          if (!Array.isArray(meta)) this.fail('column_meta is not an array');
          fields = meta.map((m) => (typeof m === 'string' ? fieldOf([m, -1, 0]) : fieldOf(m)));
          kinds = fields.map((f) => kindOf(f.typeCode));
          break;
        }
        case 'data':
          this.ws();
          if (fields && this.s.charCodeAt(this.i) === 91) data = this.rowsFast(kinds, fields);
          else rawData = this.value();
          break;
        case 'rows': {
          const v = this.value();
          rows = typeof v === 'bigint' ? Number(v) : Number(v);
          break;
        }
        case 'timing': {
          const v = this.value();
          timing = typeof v === 'bigint' ? v : typeof v === 'number' ? BigInt(Math.trunc(v)) : undefined;
          break;
        }
        default:
          this.skip();
      }
      this.ws();
      const c = this.s.charCodeAt(this.i++);
      if (c === 125) break;
      if (c !== 44) this.fail("expected ',' or '}'");
    }
    fields ??= [];
    if (!data) data = rawData === undefined ? [] : this.convertRaw(rawData, fields, kinds);
    return {
      code,
      ...(desc !== undefined ? { desc } : {}),
      fields,
      data,
      rows: rows ?? data.length,
      ...(timing !== undefined ? { timing } : {}),
      ...(this.precision !== undefined ? { precision: this.precision } : {}),
    };
  }

  /** Rows whose JSON was parsed generically (data before column_meta, or object rows). */
  convertRaw(raw: unknown, fields: readonly Field[], kinds: readonly Kind[]): Value[][] {
    if (!Array.isArray(raw)) this.fail('data is not an array');
    return raw.map((r) => {
      const cells: unknown[] = Array.isArray(r) ? r : fields.map((f) => (r as Record<string, unknown>)[f.name]);
      return cells.map((v, c) => this.convertOne(kinds[c] ?? Kind.ANY, v));
    });
  }

  convertOne(kind: Kind, v: unknown): Value {
    const out = convertCell(kind, v, this.ctx);
    if (kind === Kind.TIMESTAMP && this.precision === undefined && typeof v === 'string') {
      const t = parseTimestampText(v, 0, v.length, this.ctx.zone);
      if (t) this.precision = precisionOfDigits(t.digits);
    }
    return out;
  }

  /** The hot loop: `[[…],[…],…]` with one decoder per column; `i` stays in a local. */
  rowsFast(kinds: readonly Kind[], fields: readonly Field[]): Value[][] {
    const s = this.s;
    const ncol = kinds.length;
    const out: Value[][] = [];
    let i = this.i + 1; // past '['
    let bs = s.indexOf('\\', i); // next backslash: strings before it need no unescaping
    if (bs < 0) bs = s.length;
    let ch = s.charCodeAt(i);
    if (ch <= 32) {
      this.i = i;
      this.ws();
      i = this.i;
    }
    if (s.charCodeAt(i) === 93) {
      this.i = i + 1;
      return out;
    }
    for (;;) {
      if (s.charCodeAt(i) !== 91) {
        this.i = i;
        this.ws();
        if (s.charCodeAt(this.i) === 91) i = this.i;
        else {
          // row_with_meta=true objects, or something else: generic path for this row
          out.push(this.convertRaw([this.value()], fields, kinds)[0] as Value[]);
          i = this.i;
          i = this.afterRow(i, out);
          if (i < 0) return out;
          continue;
        }
      }
      i++;
      const row: Value[] = new Array(ncol);
      for (let c = 0; c < ncol; c++) {
        if (c > 0) {
          if (s.charCodeAt(i) !== 44) {
            this.i = i;
            this.ws();
            i = this.i;
            if (s.charCodeAt(i) !== 44) this.fail("expected ','");
          }
          i++;
        }
        ch = s.charCodeAt(i);
        const kind = kinds[c] as Kind;
        if (kind === Kind.STRING && ch === 34) {
          const q = s.indexOf('"', i + 1);
          if (q > bs) {
            bs = s.indexOf('\\', i + 1);
            if (bs < 0) bs = s.length;
          }
          if (q >= 0 && q < bs) {
            row[c] = s.slice(i + 1, q);
            i = q + 1;
            continue;
          }
        } else if ((kind === Kind.FLOAT || kind === Kind.INT) && (ch === 45 || (ch >= 48 && ch <= 57))) {
          row[c] = this.fastNumber(i);
          i = this.e;
          continue;
        } else if (kind === Kind.TIMESTAMP && ch === 34) {
          const v = this.fastTimestamp(i + 1);
          if (v !== undefined) {
            row[c] = v;
            i = this.e;
            continue;
          }
        }
        this.i = i;
        row[c] = this.cell(kind);
        i = this.i;
      }
      if (s.charCodeAt(i) !== 93) {
        this.i = i;
        this.ws();
        i = this.i;
        if (s.charCodeAt(i) !== 93) this.fail(`expected ']' after ${ncol} columns`);
      }
      out.push(row);
      i = this.afterRow(i + 1, out);
      if (i < 0) return out;
    }
  }

  /** After a row: index of the next row, or -1 (and `this.i` set) at the closing bracket. */
  afterRow(i: number, _out: Value[][]): number {
    const s = this.s;
    if (s.charCodeAt(i) === 44) return i + 1;
    this.i = i;
    this.ws();
    const d = s.charCodeAt(this.i++);
    if (d === 93) return -1;
    if (d !== 44) this.fail("expected ',' or ']'");
    this.ws();
    return this.i;
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
    if (s.charCodeAt(a + 4) !== 45 || s.charCodeAt(a + 7) !== 45 || s.charCodeAt(a + 10) !== 84 || s.charCodeAt(a + 13) !== 58 || s.charCodeAt(a + 16) !== 58 || s.charCodeAt(a + 19) !== 46) {
      return undefined;
    }
    const y = d4(s, a);
    const mo = d2(s, a + 5);
    const d = d2(s, a + 8);
    const h = d2(s, a + 11);
    const mi = d2(s, a + 14);
    const sec = d2(s, a + 17);
    if ((y | mo | d | h | mi | sec) < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return undefined;
    let i = a + 20;
    let ms = 0;
    let frac = 0;
    let n = 0;
    for (;;) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
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
        return p === 'ms' ? BigInt(epochMs) : BigInt(epochMs) * (p === 'us' ? 1000n : 1_000_000n) + BigInt(frac);
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

  int64(): bigint {
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
