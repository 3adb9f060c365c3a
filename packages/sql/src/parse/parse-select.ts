/**
 * SELECT and UNION (sql.md §4.1). Clause order follows sql.y `query_specification`:
 * FROM, WHERE, PARTITION BY, RANGE/EVERY/FILL, window, GROUP BY, HAVING; then ORDER BY, SLIMIT
 * and LIMIT apply to the whole query expression (a UNION's operands need parentheses for
 * their own).
 */
import type { Expr, Limit, OrderItem, Query, Select, SelectItem } from '../ast/index.js';
import { lowerOutsideQuotes } from './lower-outside-quotes.js';
import type { Parser } from './parser.js';
import { parseExpr, parseExprList } from './parse-expr.js';
import { parseFrom } from './parse-from.js';
import { atWindow, parseRange, parseWindow } from './parse-window.js';
import { notSupported } from './sql-parse-error.js';
import { TK } from './token-kind.js';

/** A query expression: SELECT, a parenthesised query, or a UNION chain, with its tail clauses. */
export function parseQuery(p: Parser): Query {
  let left = parseQueryTerm(p);
  while (p.acceptWord('union')) {
    const all = p.acceptWord('all');
    left = { kind: 'SetOp', op: all ? 'union all' : 'union', left, right: parseQueryTerm(p) };
  }
  return parseQueryTail(p, left);
}

function parseQueryTerm(p: Parser): Query {
  if (p.accept(TK.LP)) {
    const inner = parseQuery(p);
    p.expect(TK.RP);
    return inner;
  }
  p.expectWord('select');
  return parseSelectBody(p);
}

function parseQueryTail(p: Parser, query: Query): Query {
  const tailAt = p.pos;
  const orderBy = p.acceptWords('order', 'by') ? parseOrderBy(p) : undefined;
  const slimit = p.isWord('slimit') ? parseLimit(p, 'slimit', 'soffset') : undefined;
  const limit = p.isWord('limit') ? parseLimit(p, 'limit', 'offset') : undefined;
  if (p.kind() === TK.RSHIFT) throw notSupported('Exporting results with >>');
  if (orderBy === undefined && slimit === undefined && limit === undefined) return query;
  if (query.kind === 'Select') {
    // `(SELECT … LIMIT 1) LIMIT 2`: two tails on one SELECT cannot be represented.
    if (query.orderBy || query.slimit || query.limit) throw p.errorAt(tailAt);
    return {
      ...query,
      ...(orderBy !== undefined && { orderBy }),
      ...(slimit !== undefined && { slimit }),
      ...(limit !== undefined && { limit }),
    };
  }
  if (slimit !== undefined) throw notSupported('SLIMIT on a UNION');
  if (query.orderBy || query.limit) throw p.errorAt(tailAt);
  return { ...query, ...(orderBy !== undefined && { orderBy }), ...(limit !== undefined && { limit }) };
}

/** The part after the SELECT keyword up to (not including) ORDER BY. */
function parseSelectBody(p: Parser): Select {
  const distinct = p.acceptWord('distinct');
  if (!distinct) p.acceptWord('all');
  const tags = p.acceptWord('tags');
  const items = [parseSelectItem(p)];
  while (p.accept(TK.COMMA)) items.push(parseSelectItem(p));
  const from = p.acceptWord('from') ? parseFrom(p, parseQuery) : undefined;
  const where = p.acceptWord('where') ? parseExpr(p) : undefined;
  const partitionBy = p.acceptWords('partition', 'by') ? parsePartitionList(p) : undefined;
  const range = p.isWord('range') ? parseRange(p) : undefined;
  if (p.isWord('every')) throw notSupported('EVERY without RANGE');
  const window = atWindow(p) ? parseWindow(p) : undefined;
  // FILL belongs to INTERVAL or RANGE; anywhere else it is a syntax error.
  if (p.isWord('fill')) p.fail();
  const groupBy = p.acceptWords('group', 'by') ? parseExprList(p) : undefined;
  const having = p.acceptWord('having') ? parseExpr(p) : undefined;
  return {
    kind: 'Select',
    distinct,
    tags,
    items,
    ...(from !== undefined && { from }),
    ...(where !== undefined && { where }),
    ...(partitionBy !== undefined && { partitionBy }),
    ...(window !== undefined && { window }),
    ...(range !== undefined && { range }),
    ...(groupBy !== undefined && { groupBy }),
    ...(having !== undefined && { having }),
  };
}

/**
 * One select item. `text` is the default column name: a plain column's name, otherwise the
 * source span lower-cased outside quotes (sql.md §4.3, parAstCreater `releaseRawExprNode`).
 */
function parseSelectItem(p: Parser): SelectItem {
  const start = p.start();
  let expr: Expr;
  if (p.accept(TK.STAR)) expr = { kind: 'Star' };
  else expr = parseExpr(p);
  const text = expr.kind === 'Column' ? expr.name : lowerOutsideQuotes(p.sql.slice(start, p.prevEnd()));
  let alias: string | undefined;
  if (p.acceptWord('as')) alias = p.identifier('alias is expected');
  else if (p.isIdentifier()) alias = p.identifier();
  return { expr, ...(alias !== undefined && { alias }), text };
}

function parsePartitionList(p: Parser): Expr[] {
  const list: Expr[] = [];
  do {
    list.push(parseExpr(p));
    if (p.isWord('as') || p.isIdentifier()) throw notSupported('An alias in PARTITION BY');
  } while (p.accept(TK.COMMA));
  return list;
}

function parseOrderBy(p: Parser): OrderItem[] {
  const items: OrderItem[] = [];
  do {
    const expr = parseExpr(p);
    const desc = p.acceptWord('desc');
    if (!desc) p.acceptWord('asc');
    let nulls: 'first' | 'last' | undefined;
    if (p.acceptWord('nulls')) {
      if (p.acceptWord('first')) nulls = 'first';
      else {
        p.expectWord('last');
        nulls = 'last';
      }
    }
    items.push({ expr, desc, ...(nulls !== undefined && { nulls }) });
  } while (p.accept(TK.COMMA));
  return items;
}

/** `LIMIT n [OFFSET m]` or `LIMIT m, n` (offset first); SLIMIT/SOFFSET likewise. */
function parseLimit(p: Parser, keyword: string, offsetWord: string): Limit {
  p.expectWord(keyword);
  const first = p.integer();
  if (p.acceptWord(offsetWord)) return { count: first, offset: p.integer() };
  if (p.accept(TK.COMMA)) return { count: p.integer(), offset: first };
  return { count: first };
}
