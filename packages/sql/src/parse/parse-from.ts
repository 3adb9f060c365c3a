/** FROM clause: tables, subqueries, comma joins and TDengine's join family (sql.md §4.13). */
import type { Expr, FromItem, JoinType, Query } from '../ast/index.js';
import type { Parser } from './parser.js';
import { parseExpr } from './parse-expr.js';
import { notSupported } from './sql-parse-error.js';
import { TK } from './token-kind.js';

/** Parses a parenthesised query's body; passed in to keep FROM free of a module cycle. */
export type QueryParser = (p: Parser) => Query;

export function parseFrom(p: Parser, parseQuery: QueryParser): FromItem {
  let left = parseTableRef(p, parseQuery);
  for (;;) {
    if (p.accept(TK.COMMA)) {
      left = { kind: 'Join', type: 'comma', left, right: parseTableRef(p, parseQuery) };
      continue;
    }
    const type = parseJoinType(p);
    if (type === undefined) return left;
    const right = parseTableRef(p, parseQuery);
    let on: Expr | undefined;
    if (p.acceptWord('on')) on = parseExpr(p);
    else if (!type.endsWith('asof') && !type.endsWith('window')) p.fail();
    if (p.isWord('window_offset')) throw notSupported('WINDOW_OFFSET');
    if (p.isWord('jlimit')) throw notSupported('JLIMIT');
    left = { kind: 'Join', type, left, right, ...(on !== undefined && { on }) };
  }
}

/** Consumes `[INNER|LEFT|RIGHT|FULL] [OUTER|SEMI|ANTI|ASOF|WINDOW] JOIN` when present. */
function parseJoinType(p: Parser): JoinType | undefined {
  if (p.acceptWord('join')) return 'inner';
  if (p.isWord('cross') && p.isWord('join', 1)) throw notSupported('CROSS JOIN');
  if (p.acceptWords('inner', 'join')) return 'inner';
  if (p.acceptWords('full', 'join') || p.acceptWords('full', 'outer', 'join')) return 'full';
  for (const side of ['left', 'right'] as const) {
    if (!p.isWord(side)) continue;
    if (p.acceptWords(side, 'join') || p.acceptWords(side, 'outer', 'join')) return side;
    for (const sub of ['semi', 'anti', 'asof', 'window'] as const) {
      if (p.acceptWords(side, sub, 'join')) return `${side} ${sub}`;
    }
    p.next();
    return p.fail();
  }
  return undefined;
}

function parseTableRef(p: Parser, parseQuery: QueryParser): FromItem {
  if (p.kind() === TK.LP) {
    if (!p.isWord('select', 1) && p.kind(1) !== TK.LP) p.fail();
    p.next();
    const query = parseQuery(p);
    p.expect(TK.RP);
    const alias = parseAlias(p);
    return { kind: 'Subquery', query, ...(alias !== undefined && { alias }) };
  }
  const table = p.tableName();
  const alias = parseAlias(p);
  return { kind: 'TableRef', table, ...(alias !== undefined && { alias }) };
}

/** `AS name` or a bare non-reserved name. */
export function parseAlias(p: Parser): string | undefined {
  if (p.acceptWord('as')) return p.identifier('alias is expected');
  return p.isIdentifier() ? p.identifier() : undefined;
}
