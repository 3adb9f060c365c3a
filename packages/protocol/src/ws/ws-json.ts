import { Code, TaosError } from '../errors.js';

/**
 * Big-int-safe JSON for WS messages (protocol.md §4.2: `req_id`, `id`, `stmt_id`, `message_id`
 * are uint64). Integers outside ±2^53 decode as `bigint`, everything else as `JSON.parse` would;
 * `bigint` encodes as bare digits.
 *
 * @example parseWsJson('{"req_id":18446744073709551615}') // { req_id: 18446744073709551615n }
 */
export function parseWsJson(text: string): unknown {
  // Fast path: no run of 16+ digits means no integer can exceed 2^53 (16 digits).
  if (!LONG_DIGITS.test(text)) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new TaosError(Code.ADAPTER_GENERIC, `invalid JSON: ${(e as Error).message}`);
    }
  }
  const p = new Parser(text);
  try {
    p.ws();
    const v = p.value();
    p.ws();
    if (p.i !== text.length) p.fail('unexpected trailing characters');
    return v;
  } catch (e) {
    if (e instanceof RangeError) p.fail('nesting too deep'); // recursion limit
    throw e;
  }
}

/**
 * JSON text for a WS message; `bigint` becomes bare digits, `undefined` members are omitted, and
 * non-finite numbers become `null` (as `JSON.stringify` does).
 *
 * @example stringifyWsJson({ action: 'fetch', args: { req_id: 2n ** 64n - 1n, id: 1 } })
 */
export function stringifyWsJson(value: unknown): string {
  return JSON.stringify(value, bigintReplacer)?.replace(BIGINT_MARK_RE, '$1') ?? 'null';
}

const LONG_DIGITS = /\d{16}/;
// Marks bigint values in JSON.stringify's output. A real string can only produce this text if it
// starts with U+0000 followed by the mark, which `bigintReplacer` refuses (values and keys).
const MARK = '\u0000bigint:';
const BIGINT_MARK_RE = /"\\u0000bigint:(-?\d+)"/g;

function bigintReplacer(key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return MARK + v.toString();
  if ((typeof v === 'string' && v.startsWith(MARK)) || key.startsWith(MARK)) {
    throw new TaosError(Code.INVALID_PARA, 'string value collides with the bigint marker');
  }
  return v;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Recursive-descent JSON parser, used only when the text may hold an unsafe integer. */
class Parser {
  i = 0;
  constructor(readonly s: string) {}

  fail(msg: string): never {
    throw new TaosError(Code.ADAPTER_GENERIC, `invalid JSON at position ${this.i}: ${msg}`);
  }

  ws(): void {
    const s = this.s;
    let c = s.charCodeAt(this.i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++this.i);
  }

  value(): unknown {
    const c = this.s.charCodeAt(this.i);
    if (c === 123) return this.object();
    if (c === 91) return this.array();
    if (c === 34) return this.string();
    if (c === 45 || (c >= 48 && c <= 57)) return this.number();
    if (this.s.startsWith('true', this.i)) return ((this.i += 4), true);
    if (this.s.startsWith('false', this.i)) return ((this.i += 5), false);
    if (this.s.startsWith('null', this.i)) return ((this.i += 4), null);
    return this.fail(Number.isNaN(c) ? 'unexpected end' : `unexpected '${this.s[this.i]}'`);
  }

  object(): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    this.i++;
    this.ws();
    if (this.s.charCodeAt(this.i) === 125) return (this.i++, o);
    for (;;) {
      this.ws();
      if (this.s.charCodeAt(this.i) !== 34) this.fail('expected a key');
      const k = this.string();
      this.ws();
      if (this.s.charCodeAt(this.i++) !== 58) this.fail("expected ':'");
      this.ws();
      // defineProperty keeps "__proto__" an own key, as JSON.parse does.
      Object.defineProperty(o, k, {
        value: this.value(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
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
    if (this.s.charCodeAt(this.i) === 93) return (this.i++, a);
    for (;;) {
      this.ws();
      a.push(this.value());
      this.ws();
      const c = this.s.charCodeAt(this.i++);
      if (c === 93) return a;
      if (c !== 44) this.fail("expected ',' or ']'");
    }
  }

  string(): string {
    const s = this.s;
    const start = this.i;
    let escaped = false;
    for (let j = start + 1; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === 92) {
        escaped = true;
        j++;
      } else if (c === 34) {
        this.i = j + 1;
        if (!escaped) return s.slice(start + 1, j);
        try {
          return JSON.parse(s.slice(start, j + 1)) as string;
        } catch {
          return this.fail('invalid string escape');
        }
      } else if (c < 32) break;
    }
    return this.fail('unterminated string');
  }

  number(): number | bigint {
    const s = this.s;
    const start = this.i;
    let j = start;
    if (s.charCodeAt(j) === 45) j++;
    let integer = true;
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c >= 48 && c <= 57) continue;
      if (c === 46 || c === 101 || c === 69 || c === 43 || c === 45) integer = false;
      else break;
    }
    this.i = j;
    const tok = s.slice(start, j);
    if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(tok)) this.fail(`invalid number '${tok}'`);
    if (integer && tok.length > 15) {
      const b = BigInt(tok);
      if (b > MAX_SAFE || b < -MAX_SAFE) return b;
    }
    return Number(tok);
  }
}
