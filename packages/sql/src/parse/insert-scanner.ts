/**
 * A cursor over the text of `INSERT INTO … VALUES (…)…` for the bulk-ingest fast path: it reads
 * table names, name lists and plain literals straight from the string, with no token arrays and
 * no AST node per value. It only answers what it is sure of — anything else (comments, quoted
 * identifiers, expressions, NOW, `?`, hex numbers, durations) makes a method return
 * undefined/false, and the caller hands the statement to `parse()` instead. The literals it
 * yields are the nodes `parse()` would build for the same text (see parse-insert.ts).
 */
import type { Expr, TableName } from '../ast/index.js';
import { NULL_LIT, stringValue } from './literals.js';
import { RESERVED } from './reserved.js';

const TRUE_LIT: Expr = Object.freeze({ kind: 'Bool', value: true });
const FALSE_LIT: Expr = Object.freeze({ kind: 'Bool', value: false });

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Letters, digits, `_` (TDengine identifier characters, ASCII). */
function isIdChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c) || c === 95;
}

function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

export class InsertScanner {
  readonly sql: string;
  pos = 0;
  /**
   * The Number and String nodes `value()` returns are reused by the next call: converters read
   * them at once, so a million values cost no garbage.
   */
  readonly #num: { kind: 'Number'; text: string; isInt: boolean } = { kind: 'Number', text: '', isInt: true };
  readonly #str: { kind: 'String'; value: string } = { kind: 'String', value: '' };

  static readonly NONE = 0;
  static readonly NUMBER = 1;
  static readonly EXPR = 2;
  /** After NUMBER: the value (when `exact`), integer text or not, and where the text is. */
  num = 0;
  exact = false;
  isInt = true;
  numStart = 0;
  numEnd = 0;
  /** After EXPR: the String (shared), Null or Bool node. */
  expr: Expr = NULL_LIT;

  constructor(sql: string) {
    this.sql = sql;
  }

  #skip(): void {
    const s = this.sql;
    let i = this.pos;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 32 || (c >= 9 && c <= 13)) i++;
      else break;
    }
    this.pos = i;
  }

  /** `INSERT INTO` at the start. */
  begin(): boolean {
    return this.word('insert') && this.word('into');
  }

  /** Only whitespace and `;` left. */
  atEnd(): boolean {
    const s = this.sql;
    for (let i = this.pos; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (!(c === 32 || (c >= 9 && c <= 13) || c === 59)) return false;
    }
    return true;
  }

  /** Accept keyword `w` (lower-case), case-insensitively, as a whole word. */
  word(w: string): boolean {
    this.#skip();
    const s = this.sql;
    const i = this.pos;
    for (let k = 0; k < w.length; k++) if ((s.charCodeAt(i + k) | 32) !== w.charCodeAt(k)) return false;
    if (isIdChar(s.charCodeAt(i + w.length))) return false;
    this.pos = i + w.length;
    return true;
  }

  /** Accept the character `c`. */
  punct(c: number): boolean {
    this.#skip();
    if (this.sql.charCodeAt(this.pos) !== c) return false;
    this.pos++;
    return true;
  }

  /** The next non-blank character is `c` (not consumed). */
  peek(c: number): boolean {
    this.#skip();
    return this.sql.charCodeAt(this.pos) === c;
  }

  /** A bare, non-reserved identifier, lower-cased. */
  identifier(): string | undefined {
    this.#skip();
    const s = this.sql;
    const start = this.pos;
    if (!isIdStart(s.charCodeAt(start))) return undefined;
    let i = start + 1;
    while (isIdChar(s.charCodeAt(i))) i++;
    const name = s.slice(start, i).toLowerCase();
    if (RESERVED.has(name)) return undefined;
    this.pos = i;
    return name;
  }

  /** `name` or `db.name`. */
  tableName(): TableName | undefined {
    const first = this.identifier();
    if (first === undefined) return undefined;
    if (this.sql.charCodeAt(this.pos) !== 46) return { name: first };
    this.pos++;
    const name = this.identifier();
    return name === undefined ? undefined : { db: first, name };
  }

  /** `(name, …)`. */
  nameList(): string[] | undefined {
    if (!this.punct(40)) return undefined;
    const names: string[] = [];
    do {
      const name = this.identifier();
      if (name === undefined) return undefined;
      names.push(name);
    } while (this.punct(44));
    return this.punct(41) ? names : undefined;
  }

  /**
   * A plain literal followed by `,` or `)` (not consumed): a number (optionally signed), a
   * quoted string, NULL, TRUE or FALSE. Returns NONE (cursor unmoved) for anything else, NUMBER
   * (see `num`, `exact`, `isInt`, `numberExpr()`), or EXPR (see `expr`).
   */
  value(): number {
    this.#skip();
    const s = this.sql;
    const start = this.pos;
    const c = s.charCodeAt(start);
    let end: number;
    let kind = InsertScanner.EXPR;
    if (c === 39 || c === 34) {
      end = stringEnd(s, start, c);
      if (end < 0) return InsertScanner.NONE;
      this.#str.value = stringValue(s, start, end);
      this.expr = this.#str;
    } else if (isDigit(c) || c === 45 || c === 46) {
      end = this.#number(start, c === 45);
      if (end < 0) return InsertScanner.NONE;
      kind = InsertScanner.NUMBER;
    } else if (isIdStart(c)) {
      end = start + 1;
      while (isIdChar(s.charCodeAt(end))) end++;
      const n = end - start;
      if (n === 4 && this.word('null')) this.expr = NULL_LIT;
      else if (n === 4 && this.word('true')) this.expr = TRUE_LIT;
      else if (n === 5 && this.word('false')) this.expr = FALSE_LIT;
      else return InsertScanner.NONE;
    } else return InsertScanner.NONE;
    this.pos = end;
    this.#skip();
    const after = s.charCodeAt(this.pos);
    if (after !== 44 && after !== 41) {
      this.pos = start;
      return InsertScanner.NONE;
    }
    return kind;
  }

  /**
   * Read a number at `start`; its value goes to `num` when that is exact: at most 15 digits and
   * no exponent, so `m / 10^k` is one correctly rounded division of exact doubles and equals
   * `Number(text)` (Clinger's fast path).
   */
  #number(start: number, negative: boolean): number {
    const s = this.sql;
    const i = negative ? start + 1 : start;
    const end = numberEnd(s, i);
    if (end < 0) return -1;
    let m = 0;
    let digits = 0;
    let frac = -1;
    let isInt = true;
    let exact = true;
    for (let j = i; j < end; j++) {
      const d = s.charCodeAt(j);
      if (d === 46) {
        isInt = false;
        frac = 0;
      } else if (d === 101 || d === 69) {
        isInt = false;
        exact = false;
        break;
      } else {
        m = m * 10 + (d - 48);
        digits++;
        if (frac >= 0) frac++;
      }
    }
    if (digits > 15) exact = false;
    this.numStart = start;
    this.numEnd = end;
    this.isInt = isInt;
    this.exact = exact;
    if (exact) {
      const v = frac > 0 ? m / POW10[frac]! : m;
      this.num = negative ? -v : v;
    }
    return end;
  }

  /** The Number node `parse()` builds for the last NUMBER (shared, see above). */
  numberExpr(): Expr {
    const num = this.#num;
    let text = this.sql.slice(this.numStart, this.numEnd);
    // parse-insert.ts sharedNumber: exponents are lower-cased.
    if (!this.isInt && text.indexOf('E') >= 0) text = text.toLowerCase();
    num.text = text;
    num.isInt = this.isInt;
    return num;
  }
}

const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** End of a quoted string at `i` (as scan.ts reads it), or -1 when unterminated. */
function stringEnd(s: string, i: number, quote: number): number {
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 92) j++;
    else if (c === quote) {
      if (s.charCodeAt(j + 1) === quote) j++;
      else return j + 1;
    }
  }
  return -1;
}

/**
 * End of an unsigned decimal number at `i` (`12`, `1.5`, `.5`, `1.`, `1e-3`), or -1 for
 * anything scan.ts would read differently (hex/binary, durations like `10s`, a following
 * letter or dot).
 */
function numberEnd(s: string, i: number): number {
  const first = s.charCodeAt(i);
  if (first === 48) {
    const x = s.charCodeAt(i + 1) | 32;
    if (x === 120 || x === 98) return -1;
  }
  let j = i;
  while (isDigit(s.charCodeAt(j))) j++;
  const intDigits = j - i;
  if (s.charCodeAt(j) === 46) {
    // `1.` is INT then DOT in scan.ts; `.5` needs its digit.
    if (!isDigit(s.charCodeAt(j + 1))) return -1;
    j++;
    while (isDigit(s.charCodeAt(j))) j++;
  } else if (intDigits === 0) return -1;
  const e = s.charCodeAt(j);
  if (e === 101 || e === 69) {
    let k = j + 1;
    const sign = s.charCodeAt(k);
    if (sign === 43 || sign === 45) k++;
    if (!isDigit(s.charCodeAt(k))) return -1;
    while (isDigit(s.charCodeAt(k))) k++;
    j = k;
  }
  const next = s.charCodeAt(j);
  if (isIdChar(next) || next === 46) return -1;
  return j;
}
