/**
 * Expressions, by precedence from loosest to tightest (sql.y `%left` order and predicates):
 * OR < AND < NOT < comparison/predicates < `|` `&` < `+` `-` < `*` `/` `%` < unary `-` `+` `~`
 * < `->` < primary.
 */
import type { BinaryOp, Expr, NumberLit } from '../ast/index.js';
import { durationLit, NULL_LIT, stringValue } from './literals.js';
import type { Parser } from './parser.js';
import { parseDataType } from './parse-data-type.js';
import { notSupported } from './sql-parse-error.js';
import { TK } from './token-kind.js';

/** A full expression, including boolean connectives (TDengine's `common_expression`). */
export function parseExpr(p: Parser): Expr {
  let left = parseAnd(p);
  while (p.acceptWord('or')) left = binary('or', left, parseAnd(p));
  return left;
}

/** Comma-separated expressions. */
export function parseExprList(p: Parser): Expr[] {
  const list = [parseExpr(p)];
  while (p.accept(TK.COMMA)) list.push(parseExpr(p));
  return list;
}

function parseAnd(p: Parser): Expr {
  let left = parseNot(p);
  while (p.acceptWord('and')) left = binary('and', left, parseNot(p));
  return left;
}

function parseNot(p: Parser): Expr {
  if (p.acceptWord('not')) return { kind: 'Unary', op: 'not', operand: parseNot(p) };
  return parsePredicate(p);
}

const COMPARE: Partial<Record<number, BinaryOp>> = {
  [TK.EQ]: '=',
  [TK.NE]: '<>',
  [TK.LT]: '<',
  [TK.LE]: '<=',
  [TK.GT]: '>',
  [TK.GE]: '>=',
};

/** Word operators that may follow NOT: `NOT LIKE`, `NOT REGEXP`, `NOT IN`, `NOT BETWEEN`. */
const WORD_OPS: Readonly<Record<string, BinaryOp>> = {
  like: 'like',
  match: 'match',
  nmatch: 'nmatch',
  regexp: 'regexp',
  contains: 'contains',
};

function parsePredicate(p: Parser): Expr {
  let left = parseBitwise(p);
  for (;;) {
    const op = COMPARE[p.kind()];
    if (op !== undefined) {
      p.next();
      left = binary(op, left, parseBitwise(p));
      continue;
    }
    const negated = p.isWord('not');
    const word = p.word(negated ? 1 : 0);
    if (word === undefined) return left;
    const wordOp = WORD_OPS[word];
    if (wordOp !== undefined && (!negated || word === 'like' || word === 'regexp')) {
      p.pos += negated ? 2 : 1;
      left = binary(
        negated ? (wordOp === 'like' ? 'not like' : 'not regexp') : wordOp,
        left,
        parseBitwise(p),
      );
    } else if (word === 'in') {
      p.pos += negated ? 2 : 1;
      p.expect(TK.LP);
      if (p.isWord('select')) throw notSupported('IN (subquery)');
      const list = parseExprList(p);
      p.expect(TK.RP);
      left = { kind: 'In', expr: left, list, not: negated };
    } else if (word === 'between') {
      p.pos += negated ? 2 : 1;
      const low = parseBitwise(p);
      p.expectWord('and');
      const high = parseBitwise(p);
      left = { kind: 'Between', expr: left, low, high, not: negated };
    } else if (word === 'is' && !negated) {
      p.next();
      const not = p.acceptWord('not');
      p.expectWord('null');
      left = { kind: 'IsNull', expr: left, not };
    } else {
      return left;
    }
  }
}

function parseBitwise(p: Parser): Expr {
  let left = parseAdditive(p);
  for (;;) {
    const k = p.kind();
    if (k === TK.BITAND || k === TK.BITOR) {
      p.next();
      left = binary(k === TK.BITAND ? '&' : '|', left, parseAdditive(p));
    } else {
      return left;
    }
  }
}

function parseAdditive(p: Parser): Expr {
  let left = parseMultiplicative(p);
  for (;;) {
    const k = p.kind();
    if (k === TK.PLUS || k === TK.MINUS) {
      p.next();
      left = binary(k === TK.PLUS ? '+' : '-', left, parseMultiplicative(p));
    } else {
      return left;
    }
  }
}

function parseMultiplicative(p: Parser): Expr {
  let left = parseUnary(p);
  for (;;) {
    const k = p.kind();
    const op = k === TK.STAR ? '*' : k === TK.SLASH ? '/' : k === TK.PERCENT ? '%' : undefined;
    if (op === undefined) return left;
    p.next();
    left = binary(op, left, parseUnary(p));
  }
}

function parseUnary(p: Parser): Expr {
  const k = p.kind();
  if (k === TK.MINUS || k === TK.PLUS) {
    p.next();
    // A signed number is one literal (sql.y `signed`): `-5` keeps its exact text.
    const n = p.kind();
    if (n === TK.INT || n === TK.FLOAT || n === TK.HEX || n === TK.BIN) {
      const lit = numberLit(p);
      return k === TK.MINUS ? { kind: 'Number', text: '-' + lit.text, isInt: lit.isInt } : lit;
    }
    return { kind: 'Unary', op: k === TK.MINUS ? '-' : '+', operand: parseUnary(p) };
  }
  if (k === TK.TILDE) {
    p.next();
    return { kind: 'Unary', op: '~', operand: parseUnary(p) };
  }
  let expr = parsePrimary(p);
  while (p.accept(TK.ARROW)) {
    const key: Expr = { kind: 'String', value: p.string() };
    expr = binary('->', expr, key);
  }
  return expr;
}

/** The number token at the cursor; `text` lower-cased like all SQL outside quotes. */
export function numberLit(p: Parser): NumberLit {
  const k = p.kind();
  const raw = p.text();
  p.next();
  if (k === TK.INT) return { kind: 'Number', text: raw, isInt: true };
  return { kind: 'Number', text: raw.toLowerCase(), isInt: k !== TK.FLOAT };
}

function parsePrimary(p: Parser): Expr {
  switch (p.kind()) {
    case TK.INT:
    case TK.FLOAT:
    case TK.HEX:
    case TK.BIN:
      return numberLit(p);
    case TK.STRING: {
      const value = stringValue(p.sql, p.starts[p.pos], p.ends[p.pos]);
      p.next();
      return { kind: 'String', value };
    }
    case TK.DURATION: {
      const lit = durationLit(p.text());
      p.next();
      return lit;
    }
    case TK.QUESTION:
      p.next();
      return { kind: 'Param', index: p.params++ };
    case TK.LP: {
      if (p.isWord('select', 1)) throw notSupported('A subquery inside an expression');
      p.next();
      const inner = parseExpr(p);
      p.expect(TK.RP);
      return inner;
    }
    case TK.WORD:
      return parseWordPrimary(p);
    case TK.QUOTED_ID:
      return parseColumnRef(p);
    default:
      return p.fail();
  }
}

/** Words that open something other than a function call when followed by `(`. */
const NOT_FUNCTIONS: ReadonlySet<string> = new Set([
  'select',
  'not',
  'exists',
  'in',
  'values',
  'from',
  'where',
]);

function parseWordPrimary(p: Parser): Expr {
  const word = p.text().toLowerCase();
  switch (word) {
    case 'null':
      p.next();
      return NULL_LIT;
    case 'true':
    case 'false':
      p.next();
      return { kind: 'Bool', value: word === 'true' };
    case 'case':
      return parseCase(p);
    case 'timestamp':
      if (p.kind(1) === TK.STRING) {
        p.next();
        return { kind: 'Timestamp', value: p.string() };
      }
      break;
    case 'now':
    case 'today':
      // `NOW` without parentheses is `now()` (sql.y `literal_func`).
      if (p.kind(1) !== TK.LP) {
        p.next();
        return { kind: 'Func', name: word, args: [] };
      }
      break;
    case 'cast':
      if (p.kind(1) === TK.LP) return parseCast(p);
      break;
  }
  if (p.kind(1) === TK.LP && !NOT_FUNCTIONS.has(word)) return parseFunction(p, word);
  return parseColumnRef(p);
}

/** `c`, `t.c`, `db.t.c`, `t.*`. */
function parseColumnRef(p: Parser): Expr {
  const first = p.identifier();
  if (p.kind() !== TK.DOT) return { kind: 'Column', name: first };
  p.next();
  if (p.accept(TK.STAR)) return { kind: 'Star', table: first };
  const second = p.anyName();
  if (p.kind() !== TK.DOT) return { kind: 'Column', name: second, table: first };
  p.next();
  return { kind: 'Column', name: p.anyName(), table: second, db: first };
}

function parseFunction(p: Parser, name: string): Expr {
  p.next();
  p.expect(TK.LP);
  if (p.accept(TK.RP)) return { kind: 'Func', name, args: [] };
  if (p.kind() === TK.STAR && p.kind(1) === TK.RP) {
    p.pos += 2;
    return { kind: 'Func', name, args: [{ kind: 'Star' }] };
  }
  if (name === 'trim' && (p.isWord('leading') || p.isWord('trailing') || p.isWord('both'))) {
    throw notSupported('TRIM(LEADING|TRAILING|BOTH … FROM …)');
  }
  const args: Expr[] = [];
  if (name === 'position') {
    // POSITION(a IN b) is the only spelling; the IN is not a predicate here.
    args.push(parseBitwise(p));
    p.expectWord('in');
    args.push(parseExpr(p));
  } else {
    args.push(parseExpr(p));
    if ((name === 'substr' || name === 'substring') && p.acceptWord('from')) {
      // SUBSTR(s FROM pos [FOR len]) ≡ SUBSTR(s, pos[, len]).
      args.push(parseExpr(p));
      if (p.acceptWord('for')) args.push(parseExpr(p));
    } else if (name === 'trim' && p.isWord('from')) {
      throw notSupported('TRIM(… FROM …)');
    } else {
      while (p.accept(TK.COMMA)) args.push(parseExpr(p));
    }
    if (p.isWord('as')) throw notSupported(`Aliases inside ${name.toUpperCase()}()`);
  }
  p.expect(TK.RP);
  return { kind: 'Func', name, args };
}

function parseCast(p: Parser): Expr {
  p.pos += 2; // CAST (
  const expr = parseExpr(p);
  p.expectWord('as');
  const to = parseDataType(p);
  p.expect(TK.RP);
  return { kind: 'Cast', expr, to };
}

function parseCase(p: Parser): Expr {
  p.next();
  const operand = p.isWord('when') ? undefined : parseExpr(p);
  const whens: { when: Expr; then: Expr }[] = [];
  while (p.acceptWord('when')) {
    const when = parseExpr(p);
    p.expectWord('then');
    whens.push({ when, then: parseExpr(p) });
  }
  if (whens.length === 0) p.fail();
  const otherwise = p.acceptWord('else') ? parseExpr(p) : undefined;
  p.expectWord('end');
  return {
    kind: 'Case',
    ...(operand !== undefined && { operand }),
    whens,
    ...(otherwise !== undefined && { else: otherwise }),
  };
}

function binary(op: BinaryOp, left: Expr, right: Expr): Expr {
  return { kind: 'Binary', op, left, right };
}
