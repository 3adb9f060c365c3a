/**
 * The char-code scanner behind the parser. One pass over the SQL text fills three parallel
 * typed arrays (kind, start, end); no substring is allocated here, so the INSERT hot path only
 * pays for the literal texts it keeps. Token rules follow TDengine's `parTokenizer.c`.
 */
import { TK, type TokenKind } from './token-kind.js';

/** Scanned tokens of one SQL text. The last token is always `TK.EOF` at `sql.length`. */
export interface TokenBuffer {
  readonly sql: string;
  readonly count: number;
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

// Character classes for ASCII; everything >= 128 is illegal outside quotes, as in TDengine.
const ID_START = new Uint8Array(128);
const ID_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  ID_START[c] = letter ? 1 : 0;
  ID_CHAR[c] = letter || (c >= 48 && c <= 57) ? 1 : 0;
}

/** Duration unit letters, either case (sql.md §2.2): b u a s m h d w n y. */
const UNIT = new Uint8Array(128);
for (const ch of 'buasmhdwny') {
  UNIT[ch.charCodeAt(0)] = 1;
  UNIT[ch.toUpperCase().charCodeAt(0)] = 1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function isIdChar(c: number): boolean {
  return c < 128 && ID_CHAR[c] === 1;
}

class Growable implements TokenBuffer {
  readonly sql: string;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  count = 0;
  constructor(sql: string, capacity: number) {
    this.sql = sql;
    this.kinds = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }
  push(kind: TokenKind, start: number, end: number): void {
    if (this.count === this.kinds.length) this.grow();
    const i = this.count++;
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
  }
  private grow(): void {
    const n = this.kinds.length * 2;
    const kinds = new Uint8Array(n);
    const starts = new Int32Array(n);
    const ends = new Int32Array(n);
    kinds.set(this.kinds);
    starts.set(this.starts);
    ends.set(this.ends);
    this.kinds = kinds;
    this.starts = starts;
    this.ends = ends;
  }
}

/**
 * Scan `sql` into tokens. Whitespace and comments (`-- …`, `/* … *\/`, including `/*+ hints *\/`)
 * are dropped. An illegal character or unterminated quote yields one `TK.ILLEGAL` token and
 * ends the scan; the parser reports it when (and only if) it gets there.
 */
export function scan(sql: string): TokenBuffer {
  const len = sql.length;
  // INSERT text averages three to four characters per token; growing copies, so aim high.
  const out = new Growable(sql, ((len / 3) | 0) + 16);
  let i = 0;
  while (i < len) {
    const c = sql.charCodeAt(i);
    // Whitespace: space, \t, \n, \v, \f, \r.
    if (c === 32 || (c >= 9 && c <= 13)) {
      i++;
      continue;
    }
    const start = i;
    if (c < 128 && ID_START[c] === 1) {
      i++;
      while (i < len && isIdChar(sql.charCodeAt(i))) i++;
      out.push(TK.WORD, start, i);
      continue;
    }
    if (isDigit(c)) {
      i = scanNumber(sql, i, out);
      continue;
    }
    switch (c) {
      case 39: // '
      case 34: {
        // "
        const end = scanString(sql, i, c);
        if (end < 0) return illegal(out, start, len);
        out.push(TK.STRING, start, end);
        i = end;
        continue;
      }
      case 96: {
        // `
        const close = sql.indexOf('`', i + 1);
        if (close < 0) return illegal(out, start, len);
        out.push(TK.QUOTED_ID, start, close + 1);
        i = close + 1;
        continue;
      }
      case 40:
        out.push(TK.LP, i, ++i);
        continue;
      case 41:
        out.push(TK.RP, i, ++i);
        continue;
      case 44:
        out.push(TK.COMMA, i, ++i);
        continue;
      case 59:
        out.push(TK.SEMI, i, ++i);
        continue;
      case 42:
        out.push(TK.STAR, i, ++i);
        continue;
      case 43:
        out.push(TK.PLUS, i, ++i);
        continue;
      case 37:
        out.push(TK.PERCENT, i, ++i);
        continue;
      case 126:
        out.push(TK.TILDE, i, ++i);
        continue;
      case 63:
        out.push(TK.QUESTION, i, ++i);
        continue;
      case 58:
        out.push(TK.COLON, i, ++i);
        continue;
      case 38:
        out.push(TK.BITAND, i, ++i);
        continue;
      case 45: {
        // -
        const n = sql.charCodeAt(i + 1);
        if (n === 45) {
          const nl = sql.indexOf('\n', i + 2);
          i = nl < 0 ? len : nl + 1;
        } else if (n === 62) {
          out.push(TK.ARROW, i, (i += 2));
        } else {
          out.push(TK.MINUS, i, ++i);
        }
        continue;
      }
      case 47: {
        // /
        if (sql.charCodeAt(i + 1) === 42) {
          const close = sql.indexOf('*/', i + 2);
          i = close < 0 ? len : close + 2;
        } else {
          out.push(TK.SLASH, i, ++i);
        }
        continue;
      }
      case 61: // = and ==
        i += sql.charCodeAt(i + 1) === 61 ? 2 : 1;
        out.push(TK.EQ, start, i);
        continue;
      case 60: {
        // <
        const n = sql.charCodeAt(i + 1);
        if (n === 61) out.push(TK.LE, i, (i += 2));
        else if (n === 62) out.push(TK.NE, i, (i += 2));
        else if (n === 60) out.push(TK.LSHIFT, i, (i += 2));
        else out.push(TK.LT, i, ++i);
        continue;
      }
      case 62: {
        // >
        const n = sql.charCodeAt(i + 1);
        if (n === 61) out.push(TK.GE, i, (i += 2));
        else if (n === 62) out.push(TK.RSHIFT, i, (i += 2));
        else out.push(TK.GT, i, ++i);
        continue;
      }
      case 33: // !=
        if (sql.charCodeAt(i + 1) !== 61) return illegal(out, start, len);
        out.push(TK.NE, i, (i += 2));
        continue;
      case 124: // | and ||
        if (sql.charCodeAt(i + 1) === 124) out.push(TK.CONCAT, i, (i += 2));
        else out.push(TK.BITOR, i, ++i);
        continue;
      case 46: // . or .5
        if (isDigit(sql.charCodeAt(i + 1))) {
          i = scanFraction(sql, i, out, start);
        } else {
          out.push(TK.DOT, i, ++i);
        }
        continue;
      default:
        return illegal(out, start, len);
    }
  }
  out.push(TK.EOF, len, len);
  return out;
}

function illegal(out: Growable, start: number, len: number): TokenBuffer {
  out.push(TK.ILLEGAL, start, len);
  out.push(TK.EOF, len, len);
  return out;
}

/** End offset of a quoted string starting at `i`, or -1 when unterminated (TDengine `tGetToken`). */
function scanString(sql: string, i: number, quote: number): number {
  const len = sql.length;
  for (let j = i + 1; j < len; j++) {
    const c = sql.charCodeAt(j);
    if (c === 92) {
      j++; // backslash: the next character never closes the string
    } else if (c === quote) {
      if (sql.charCodeAt(j + 1) === quote)
        j++; // doubled quote
      else return j + 1;
    }
  }
  return -1;
}

function scanNumber(sql: string, i: number, out: Growable): number {
  const start = i;
  const len = sql.length;
  if (sql.charCodeAt(i) === 48) {
    const x = sql.charCodeAt(i + 1);
    if ((x === 120 || x === 88) && isHexDigit(sql.charCodeAt(i + 2))) {
      i += 2;
      while (i < len && isHexDigit(sql.charCodeAt(i))) i++;
      out.push(TK.HEX, start, i);
      return i;
    }
    const b = sql.charCodeAt(i + 2);
    if ((x === 98 || x === 66) && (b === 48 || b === 49)) {
      i += 2;
      while (i < len && (sql.charCodeAt(i) === 48 || sql.charCodeAt(i) === 49)) i++;
      out.push(TK.BIN, start, i);
      return i;
    }
  }
  while (i < len && isDigit(sql.charCodeAt(i))) i++;
  const u = sql.charCodeAt(i);
  // `10s` is a duration only when the unit letter is not the start of a longer word.
  if (u < 128 && UNIT[u] === 1 && !isIdChar(sql.charCodeAt(i + 1))) {
    out.push(TK.DURATION, start, i + 1);
    return i + 1;
  }
  if (u === 46 && isDigit(sql.charCodeAt(i + 1))) return scanFraction(sql, i, out, start);
  const e = scanExponent(sql, i);
  out.push(e === i ? TK.INT : TK.FLOAT, start, e);
  return e;
}

/** `i` is at the `.`; digits follow. */
function scanFraction(sql: string, i: number, out: Growable, start: number): number {
  i++;
  while (i < sql.length && isDigit(sql.charCodeAt(i))) i++;
  i = scanExponent(sql, i);
  out.push(TK.FLOAT, start, i);
  return i;
}

function scanExponent(sql: string, i: number): number {
  const e = sql.charCodeAt(i);
  if (e !== 101 && e !== 69) return i;
  let j = i + 1;
  const s = sql.charCodeAt(j);
  if (s === 43 || s === 45) j++;
  if (!isDigit(sql.charCodeAt(j))) return i;
  while (j < sql.length && isDigit(sql.charCodeAt(j))) j++;
  return j;
}
