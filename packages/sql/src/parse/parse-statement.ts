/** Statement dispatch on the first keyword, plus the one-line statements (USE, DESCRIBE, DELETE). */
import type { Statement } from '../ast/index.js';
import type { Parser } from './parser.js';
import { parseAlter } from './parse-alter.js';
import { parseCreate } from './parse-create.js';
import { parseDrop } from './parse-drop.js';
import { parseExpr } from './parse-expr.js';
import { parseInsert } from './parse-insert.js';
import { parseQuery } from './parse-select.js';
import { parseShow } from './parse-show.js';
import { notSupported } from './sql-parse-error.js';
import { TK } from './token-kind.js';

/**
 * Statements with no effect on one embedded node: they are accepted and skipped
 * (maintenance, cluster balancing, privileges, killing, cache resets).
 */
const NO_OPS: Readonly<Record<string, string>> = {
  flush: 'flush',
  trim: 'trim',
  compact: 'compact',
  balance: 'balance vgroup',
  redistribute: 'redistribute vgroup',
  merge: 'merge vgroup',
  split: 'split vgroup',
  grant: 'grant',
  revoke: 'revoke',
  kill: 'kill',
  reset: 'reset query cache',
  restore: 'restore',
};

const UNSUPPORTED: ReadonlySet<string> = new Set([
  'explain',
  'pause',
  'resume',
  'reload',
  'recalculate',
  'start',
  'stop',
]);

/** One statement; the cursor ends on `;` or EOF (the caller checks). */
export function parseStatement(p: Parser): Statement {
  p.params = 0;
  if (p.kind() === TK.LP) return parseQuery(p);
  const word = p.word();
  switch (word) {
    case 'select':
      return parseQuery(p);
    case 'insert':
    case 'import':
      return parseInsert(p);
    case 'create':
      return parseCreate(p);
    case 'drop':
      return parseDrop(p);
    case 'alter':
      return parseAlter(p);
    case 'show':
      return parseShow(p);
    case 'use':
      p.next();
      return { kind: 'Use', name: p.identifier('database name is expected') };
    case 'describe':
    case 'desc':
      p.next();
      return { kind: 'Describe', table: p.tableName() };
    case 'delete': {
      p.next();
      p.expectWord('from');
      const table = p.tableName();
      if (!p.acceptWord('where')) return { kind: 'Delete', table };
      return { kind: 'Delete', table, where: parseExpr(p) };
    }
    default:
      if (word !== undefined) {
        const noOp = NO_OPS[word];
        if (noOp !== undefined) {
          if (word === 'flush' || word === 'trim') {
            // FLUSH/TRIM DATABASE db: check the shape before skipping the rest.
            p.next();
            p.expectWord('database');
            p.identifier('database name is expected');
          }
          p.skipStatement();
          return { kind: 'NoOp', what: noOp };
        }
        if (UNSUPPORTED.has(word)) throw notSupported(word.toUpperCase());
      }
      return p.fail();
  }
}
