/** Public entry points: one statement, or a `;`-separated script. */
import type { Statement } from '../ast/index.js';
import { Parser } from './parser.js';
import { parseStatement } from './parse-statement.js';
import { scan } from './scan.js';
import { TK } from './token-kind.js';

/**
 * Parse exactly one TDengine statement (trailing `;`, whitespace and comments allowed).
 * Errors are `TaosError`s with TDengine's codes: 0x2600 `syntax error near "…"`, 0x2601
 * `Incomplete SQL statement`, 0x0216 inside INSERT … VALUES, 0x0100 for syntax taosts does not
 * implement.
 *
 * @example parse('SELECT AVG(current) FROM meters INTERVAL(1m)')
 */
export function parse(sql: string): Statement {
  const p = new Parser(scan(sql));
  const statement = parseStatement(p);
  p.insertMode = false;
  if (!p.accept(TK.SEMI)) expectEnd(p);
  while (p.accept(TK.SEMI));
  // A second statement is not allowed here.
  if (p.kind() !== TK.EOF) p.fail();
  return statement;
}

/**
 * Parse a script of `;`-separated statements (empty statements are skipped), e.g. for a shell.
 *
 * @example parseScript('USE power; SELECT * FROM meters;')
 */
export function parseScript(sql: string): Statement[] {
  const p = new Parser(scan(sql));
  const statements: Statement[] = [];
  for (;;) {
    while (p.accept(TK.SEMI));
    if (p.kind() === TK.EOF) return statements;
    statements.push(parseStatement(p));
    p.insertMode = false;
    expectEnd(p);
  }
}

function expectEnd(p: Parser): void {
  if (!p.atEnd()) p.fail();
}
