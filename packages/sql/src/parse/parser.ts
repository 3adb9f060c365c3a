/**
 * The token cursor every `parse-*.ts` function works on: position, lookahead, keyword tests that
 * compare char codes (no allocation), identifier normalisation and TDengine-shaped errors.
 */
import type { NumberLit, TableName } from '../ast/index.js';
import { RESERVED } from './reserved.js';
import type { TokenBuffer } from './scan.js';
import { incompleteSql, insertSyntaxError, syntaxError, unrecognizedToken } from './sql-parse-error.js';
import { stringValue } from './literals.js';
import { TK } from './token-kind.js';

export class Parser {
  readonly sql: string;
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Index of the EOF token; positions never go past it. */
  readonly last: number;
  pos = 0;
  /** Next `?` placeholder index; reset at each statement. */
  params = 0;
  /**
   * Set while inside INSERT … VALUES: TDengine parses those with its own insert parser, whose
   * syntax errors are 0x0216 with a reason instead of 0x2600.
   */
  insertMode = false;
  /** Equal short INSERT literals share one node (see `parse-insert.ts`). */
  numberCache: Map<string, NumberLit> | undefined = undefined;

  constructor(buf: TokenBuffer) {
    this.sql = buf.sql;
    this.kinds = buf.kinds;
    this.starts = buf.starts;
    this.ends = buf.ends;
    this.last = buf.count - 1;
  }

  kind(ahead = 0): number {
    const i = this.pos + ahead;
    return i < this.last ? this.kinds[i] : TK.EOF;
  }

  /** Source offset where the current (or a following) token starts. */
  start(ahead = 0): number {
    return this.starts[Math.min(this.pos + ahead, this.last)];
  }

  /** Source offset just after the last consumed token. */
  prevEnd(): number {
    return this.pos > 0 ? this.ends[this.pos - 1] : 0;
  }

  /** Raw source text of a token. */
  text(ahead = 0): string {
    const i = Math.min(this.pos + ahead, this.last);
    return this.sql.slice(this.starts[i], this.ends[i]);
  }

  next(): void {
    if (this.pos < this.last) this.pos++;
  }

  /** True at EOF or `;` — the end of the current statement. */
  atEnd(): boolean {
    const k = this.kind();
    return k === TK.EOF || k === TK.SEMI;
  }

  /** Skip the rest of the statement (for statements that are no-ops on an embedded node). */
  skipStatement(): void {
    while (!this.atEnd()) {
      if (this.kinds[this.pos] === TK.ILLEGAL) this.fail();
      this.pos++;
    }
  }

  /** Whether the token `ahead` is the unquoted keyword `word` (given in lower case). */
  isWord(word: string, ahead = 0): boolean {
    const i = this.pos + ahead;
    if (i >= this.last || this.kinds[i] !== TK.WORD) return false;
    const s = this.starts[i];
    if (this.ends[i] - s !== word.length) return false;
    for (let j = 0; j < word.length; j++) {
      let c = this.sql.charCodeAt(s + j);
      if (c >= 65 && c <= 90) c += 32;
      if (c !== word.charCodeAt(j)) return false;
    }
    return true;
  }

  /** The lower-cased word at `ahead`, or undefined when that token is not an unquoted word. */
  word(ahead = 0): string | undefined {
    return this.kind(ahead) === TK.WORD ? this.text(ahead).toLowerCase() : undefined;
  }

  acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.pos++;
    return true;
  }

  expectWord(word: string, reason = `${word.toUpperCase()} is expected`): void {
    if (!this.isWord(word)) this.fail(reason);
    this.pos++;
  }

  /** Accept a sequence of keywords only if all are present. */
  acceptWords(...words: string[]): boolean {
    for (let j = 0; j < words.length; j++) if (!this.isWord(words[j], j)) return false;
    this.pos += words.length;
    return true;
  }

  accept(kind: number): boolean {
    if (this.kind() !== kind) return false;
    this.pos++;
    return true;
  }

  expect(kind: number, what = 'invalid data or symbol'): void {
    if (this.kind() !== kind) this.fail(what);
    this.pos++;
  }

  /** A usable bare or back-quoted identifier at `ahead`. */
  isIdentifier(ahead = 0): boolean {
    const k = this.kind(ahead);
    if (k === TK.QUOTED_ID) return true;
    return k === TK.WORD && !RESERVED.has(this.text(ahead).toLowerCase());
  }

  /** Any word (keywords included, lower-cased) or back-quoted name — for unambiguous spots like `t.<name>`. */
  anyName(what = 'identifier is expected'): string {
    const k = this.kind();
    if (k === TK.QUOTED_ID) return this.identifier(what);
    if (k !== TK.WORD) this.fail(what);
    const name = this.text().toLowerCase();
    this.pos++;
    return name;
  }

  /** An identifier: unquoted names lower-cased, back-quoted names verbatim (sql.md §1.8). */
  identifier(what = 'identifier is expected'): string {
    const k = this.kind();
    if (k === TK.QUOTED_ID) {
      const name = this.sql.slice(this.starts[this.pos] + 1, this.ends[this.pos] - 1);
      if (name.length === 0) this.fail(what);
      this.pos++;
      return name;
    }
    if (k !== TK.WORD) this.fail(what);
    const name = this.text().toLowerCase();
    if (RESERVED.has(name)) this.fail(what);
    this.pos++;
    return name;
  }

  /** `name` or `db.name`. */
  tableName(): TableName {
    const first = this.identifier('table name is expected');
    if (this.kind() !== TK.DOT) return { name: first };
    this.pos++;
    return { db: first, name: this.identifier('table name is expected') };
  }

  /** The value of a string literal token. */
  string(what = 'string is expected'): string {
    if (this.kind() !== TK.STRING) this.fail(what);
    const v = stringValue(this.sql, this.starts[this.pos], this.ends[this.pos]);
    this.pos++;
    return v;
  }

  /** An unsigned integer literal token. */
  integer(what = 'integer is expected'): bigint {
    if (this.kind() !== TK.INT) this.fail(what);
    const v = BigInt(this.text());
    this.pos++;
    return v;
  }

  /** Throw TDengine's error for the current token. */
  fail(reason = 'invalid data or symbol'): never {
    throw this.errorAt(this.pos, reason);
  }

  errorAt(i: number, reason = 'invalid data or symbol'): Error {
    const at = Math.min(i, this.last);
    const k = this.kinds[at];
    const offset = this.starts[at];
    if (k === TK.ILLEGAL) return unrecognizedToken(this.sql, offset);
    if (this.insertMode) return insertSyntaxError(this.sql, offset, reason);
    if (k === TK.EOF) return incompleteSql(this.sql);
    return syntaxError(this.sql, offset);
  }
}
