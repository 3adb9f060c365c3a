import { Code, TaosError } from '../errors.js';

/**
 * A lossless JSON scanner over a string: integers beyond ±2^53 become `bigint`, everything else
 * follows `JSON.parse`. WS messages with long numbers go through it ({@link parseWsJson}); the
 * connector's REST decoder extends it to scan cells straight from the text. Errors are
 * `TaosError(ADAPTER_GENERIC)`; a subclass may override {@link JsonScanner.fail}.
 */
export class JsonScanner {
  s: string;
  i: number;

  constructor(s: string, i = 0) {
    this.s = s;
    this.i = i;
  }

  fail(what: string): never {
    throw new TaosError(Code.ADAPTER_GENERIC, `invalid JSON: ${what} ${this.near()}`);
  }

  /** Where the scanner stands, for error messages: `at offset 12 near "…"`. */
  near(): string {
    const at = this.i;
    return `at offset ${at} near ${JSON.stringify(this.s.slice(Math.max(0, at - 20), at + 20))}`;
  }

  ws(): void {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.i = i;
  }

  /** Skip whitespace and require `ch` (a char code). */
  expect(ch: number): void {
    this.ws();
    if (this.s.charCodeAt(this.i) !== ch) this.fail(`expected '${String.fromCharCode(ch)}'`);
    this.i++;
  }

  /** Any JSON value; integers outside the safe range become `bigint`. */
  value(): unknown {
    this.ws();
    const c = this.s.charCodeAt(this.i);
    switch (c) {
      case 123: // {
        return this.object();
      case 91: // [
        return this.array();
      case 34: // "
        return this.string();
      case 116: // t
        return this.literal('true', true);
      case 102: // f
        return this.literal('false', false);
      case 110: // n
        return this.literal('null', null);
      default:
        if (c === 45 || (c >= 48 && c <= 57)) return this.number();
        return this.fail('unexpected character');
    }
  }

  literal<T>(word: string, v: T): T {
    if (!this.s.startsWith(word, this.i)) this.fail(`expected ${word}`);
    this.i += word.length;
    return v;
  }

  object(): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    this.i++;
    this.ws();
    if (this.s.charCodeAt(this.i) === 125) {
      this.i++;
      return o;
    }
    for (;;) {
      this.ws();
      if (this.s.charCodeAt(this.i) !== 34) this.fail('expected a key');
      const k = this.string();
      this.expect(58);
      const v = this.value();
      // Own data property even for "__proto__", as JSON.parse does.
      Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
      this.ws();
      const c = this.s.charCodeAt(this.i++);
      if (c === 125) return o;
      if (c !== 44) this.fail("expected ',' or '}'");
    }
  }

  array(): unknown[] {
    const a: unknown[] = [];
    this.i++;
    this.ws();
    if (this.s.charCodeAt(this.i) === 93) {
      this.i++;
      return a;
    }
    for (;;) {
      a.push(this.value());
      this.ws();
      const c = this.s.charCodeAt(this.i++);
      if (c === 93) return a;
      if (c !== 44) this.fail("expected ',' or ']'");
    }
  }

  /** A string starting at the opening quote. */
  string(): string {
    const s = this.s;
    const start = ++this.i;
    let i = start;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        this.i = i + 1;
        return s.slice(start, i);
      }
      if (c === 92) break;
      // One compare for both: NaN (past the end) and raw control characters fail it.
      if (!(c >= 32)) {
        this.i = i;
        this.fail(c !== c ? 'unterminated string' : 'control character in string');
      }
      i++;
    }
    return this.escapedString(start, i);
  }

  /** Slow path: the string has escapes; `i` is the first backslash. */
  escapedString(start: number, i: number): string {
    const s = this.s;
    let out = s.slice(start, i);
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        this.i = i + 1;
        return out;
      }
      if (!(c >= 32)) {
        this.i = i;
        this.fail(c !== c ? 'unterminated string' : 'control character in string');
      }
      if (c !== 92) {
        const j = i;
        let d = c;
        while (d !== 34 && d !== 92 && d >= 32) d = s.charCodeAt(++i);
        out += s.slice(j, i);
        continue;
      }
      const e = s.charCodeAt(i + 1);
      i += 2;
      switch (e) {
        case 34:
          out += '"';
          break;
        case 92:
          out += '\\';
          break;
        case 47:
          out += '/';
          break;
        case 98:
          out += '\b';
          break;
        case 102:
          out += '\f';
          break;
        case 110:
          out += '\n';
          break;
        case 114:
          out += '\r';
          break;
        case 116:
          out += '\t';
          break;
        case 117: {
          const hex = s.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.i = i;
            this.fail('bad \\u escape');
          }
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default:
          this.i = i - 2;
          this.fail('bad escape');
      }
    }
  }

  /** Source text of the number at `i` (validated), advancing past it. */
  numberText(): string {
    const s = this.s;
    const start = this.i;
    let i = start;
    if (s.charCodeAt(i) === 45) i++;
    const d0 = i;
    while (isDigit(s.charCodeAt(i))) i++;
    if (i === d0 || (s.charCodeAt(d0) === 48 && i - d0 > 1)) this.fail('bad number');
    if (s.charCodeAt(i) === 46) {
      const f0 = ++i;
      while (isDigit(s.charCodeAt(i))) i++;
      if (i === f0) this.fail('bad number');
    }
    const e = s.charCodeAt(i);
    if (e === 101 || e === 69) {
      i++;
      const sg = s.charCodeAt(i);
      if (sg === 43 || sg === 45) i++;
      const e0 = i;
      while (isDigit(s.charCodeAt(i))) i++;
      if (i === e0) this.fail('bad number');
    }
    this.i = i;
    return s.slice(start, i);
  }

  number(): number | bigint {
    const text = this.numberText();
    const n = Number(text);
    if (!Number.isSafeInteger(n) && Number.isInteger(n) && /^-?\d+$/.test(text)) return BigInt(text);
    return n;
  }

  /** Skip one value of any kind, returning its start offset. */
  skip(): number {
    this.ws();
    const start = this.i;
    const c = this.s.charCodeAt(start);
    if (c === 34) this.string();
    else if (c === 123 || c === 91) {
      let depth = 0;
      const s = this.s;
      let i = start;
      for (;;) {
        const d = s.charCodeAt(i);
        if (d !== d) {
          this.i = i;
          this.fail('unterminated value');
        }
        if (d === 34) {
          this.i = i;
          this.string();
          i = this.i;
          continue;
        }
        if (d === 123 || d === 91) depth++;
        else if (d === 125 || d === 93) {
          if (--depth === 0) {
            this.i = i + 1;
            break;
          }
        }
        i++;
      }
    } else this.value();
    return start;
  }
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * The whole text of `sc` as one JSON value, nothing after it; absurd nesting fails through
 * `sc.fail` like any other error instead of overflowing the stack.
 *
 * @example scanJson(new JsonScanner('[18446744073709551615, 1.5]')) // [18446744073709551615n, 1.5]
 */
export function scanJson(sc: JsonScanner): unknown {
  try {
    const v = sc.value();
    sc.ws();
    if (sc.i !== sc.s.length) sc.fail('trailing characters');
    return v;
  } catch (e) {
    if (e instanceof RangeError) sc.fail('nesting too deep');
    throw e;
  }
}
