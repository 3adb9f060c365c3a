/**
 * INSERT (sql.md §3.1): multi-row, multi-table, column lists, `USING stb [(tags)] TAGS (…)`,
 * super-table inserts through `tbname`, `FILE '…'`, and `INSERT INTO t [(cols)] SELECT …`.
 *
 * Bulk ingest is the hot path: row values that are plain literals are built straight from the
 * token arrays without going through the expression parser. Like TDengine's own insert parser
 * (`parInsertSql.c`), syntax errors inside INSERT … VALUES are 0x0216 with a reason.
 */
import type { Expr, Insert, InsertClause, InsertSelect, NumberLit, TableName } from '../ast/index.js';
import { NULL_LIT, stringValue } from './literals.js';
import type { Parser } from './parser.js';
import { parseExpr } from './parse-expr.js';
import { parseQuery } from './parse-select.js';
import { insertStatementError, invalidColumnsNum, notSupported } from './sql-parse-error.js';
import { TK } from './token-kind.js';

/** Parses an INSERT statement; the cursor is on INSERT (or its old alias IMPORT). */
export function parseInsert(p: Parser): Insert | InsertSelect {
  p.next();
  p.insertMode = true;
  try {
    p.expectWord('into', 'keyword INTO is expected');
    const clauses: InsertClause[] = [];
    do {
      const table = p.tableName();
      if (clauses.length === 0 && startsQuery(p)) return insertSelect(p, table, undefined);
      let columns = p.kind() === TK.LP ? parseNameList(p, 'column name is expected') : undefined;
      if (clauses.length === 0 && columns !== undefined && startsQuery(p))
        return insertSelect(p, table, columns);
      const using = p.isWord('using') ? parseUsing(p) : undefined;
      if (columns === undefined && p.kind() === TK.LP) columns = parseNameList(p, 'column name is expected');
      const at = p.pos;
      const clause = parseData(p, table, columns, using);
      // One statement reads either VALUES or files, never both (parInsertSql.c).
      if (clauses.length > 0 && (clause.file === undefined) !== (clauses[0].file === undefined)) {
        throw p.errorAt(at, 'keyword VALUES or FILE is exclusive');
      }
      clauses.push(clause);
    } while (!p.atEnd());
    return { kind: 'Insert', clauses };
  } finally {
    p.insertMode = false;
  }
}

function startsQuery(p: Parser): boolean {
  return p.isWord('select') || (p.kind() === TK.LP && p.isWord('select', 1));
}

function insertSelect(p: Parser, table: TableName, columns: string[] | undefined): InsertSelect {
  // TDengine hands INSERT … SELECT to the main grammar, so its errors are the usual 0x2600.
  p.insertMode = false;
  const query = parseQuery(p);
  return { kind: 'InsertSelect', table, ...(columns !== undefined && { columns }), query };
}

function parseUsing(p: Parser): NonNullable<InsertClause['using']> {
  p.next();
  const stable = p.tableName();
  const tagNames = p.kind() === TK.LP ? parseNameList(p, 'tag name is expected') : undefined;
  p.expectWord('tags', 'TAGS is expected');
  const tags = parseValues(p, '( is expected');
  if (p.isWord('ttl') || p.isWord('comment')) throw notSupported('Table options in INSERT … USING');
  return { stable, ...(tagNames !== undefined && { tagNames }), tags };
}

function parseData(
  p: Parser,
  table: TableName,
  columns: readonly string[] | undefined,
  using: InsertClause['using'],
): InsertClause {
  const head = { table, ...(using !== undefined && { using }), ...(columns !== undefined && { columns }) };
  if (p.acceptWord('file')) return { ...head, rows: [], file: p.string('file path is expected') };
  p.expectWord('values', 'keyword VALUES or FILE is expected');
  if (p.kind() !== TK.LP) throw insertStatementError(p.sql, p.start(), 'no any data points');
  const width = columns?.length;
  const rows: Expr[][] = [];
  do {
    const at = p.start();
    const row = parseValues(p, '( is expected', width ?? rows[0]?.length);
    if (row.length !== (width ?? rows[0]?.length ?? row.length)) throw invalidColumnsNum(p.sql, at);
    rows.push(row);
    // Commas between row groups are optional (sql.md §3.1).
    if (p.kind() === TK.COMMA && p.kind(1) === TK.LP) p.next();
  } while (p.kind() === TK.LP);
  return { ...head, rows };
}

/** `(name, …)`. */
export function parseNameList(p: Parser, what: string): string[] {
  p.expect(TK.LP, '( is expected');
  const names = [p.identifier(what)];
  while (p.accept(TK.COMMA)) names.push(p.identifier(what));
  p.expect(TK.RP, ') is expected');
  return names;
}

/** `(v, …)`: literal values are built directly from the tokens, anything else is an Expr. */
function parseValues(p: Parser, what: string, width?: number): Expr[] {
  p.expect(TK.LP, what);
  const kinds = p.kinds;
  // Sized up front when the width is known: a pushed-to `[]` over-allocates its backing store.
  const row: Expr[] = width === undefined ? [] : new Array<Expr>(width);
  for (let n = 0; ; n++) {
    const i = p.pos;
    const k = kinds[i];
    if (k === TK.RP) throw invalidColumnsNum(p.sql, p.start());
    const after = kinds[i + 1];
    let value: Expr | undefined;
    if (after === TK.COMMA || after === TK.RP) {
      value = literalAt(p, k, i);
    } else if (k === TK.MINUS && (after === TK.INT || after === TK.FLOAT)) {
      const end = kinds[i + 2];
      if (end === TK.COMMA || end === TK.RP) {
        const lit = literalAt(p, after, i + 1) as NumberLit;
        value = { kind: 'Number', text: '-' + lit.text, isInt: lit.isInt };
      }
    }
    row[n] = value ?? parseExpr(p);
    const sep = kinds[p.pos];
    if (sep === TK.COMMA) {
      // A value past the last bound column (parInsertSql.c `parseOneRow`).
      if (n + 1 === width) p.fail(') expected');
      p.pos++;
    } else if (sep === TK.RP) {
      p.pos++;
      if (n + 1 < row.length) row.length = n + 1; // too few values: reported by the caller
      return row;
    } else {
      p.fail(width !== undefined && n + 1 >= width ? ') expected' : ', expected');
    }
  }
}

/** Short literals (readings like `219`, `10.2`) repeat across rows; above this length they rarely do. */
const SHARED_MAX_LENGTH = 8;
const SHARED_MAX_ENTRIES = 4096;

/**
 * A NumberLit for an INT/FLOAT token. Nodes are immutable, so equal short literals share one
 * node per statement: bulk inserts then keep far fewer live objects, which is what GC time on
 * this path is proportional to.
 */
function sharedNumber(p: Parser, k: number, i: number): NumberLit {
  const start = p.starts[i];
  const end = p.ends[i];
  let text = p.sql.slice(start, end);
  if (k === TK.FLOAT && text.indexOf('E') >= 0) text = text.toLowerCase();
  if (end - start > SHARED_MAX_LENGTH) return { kind: 'Number', text, isInt: k === TK.INT };
  const cache = (p.numberCache ??= new Map());
  let lit = cache.get(text);
  if (lit === undefined) {
    lit = { kind: 'Number', text, isInt: k === TK.INT };
    if (cache.size < SHARED_MAX_ENTRIES) cache.set(text, lit);
  }
  return lit;
}

/** The literal of kind `k` at token `i` (moving the cursor past it), or undefined for non-literals. */
function literalAt(p: Parser, k: number, i: number): Expr | undefined {
  switch (k) {
    case TK.INT:
    case TK.FLOAT:
      p.pos = i + 1;
      return sharedNumber(p, k, i);
    case TK.STRING:
      p.pos = i + 1;
      return { kind: 'String', value: stringValue(p.sql, p.starts[i], p.ends[i]) };
    case TK.WORD:
      if (!p.isWord('null', i - p.pos)) return undefined;
      p.pos = i + 1;
      return NULL_LIT;
    default:
      return undefined;
  }
}
