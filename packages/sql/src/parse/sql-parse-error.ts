/**
 * Parse errors. They are `TaosError`s with TDengine's codes and message texts, plus the line and
 * column (1-based) of the offending token so tools can point at it.
 */
import { Code, TaosError } from '@taosts/protocol';
import { lowerOutsideQuotes } from './lower-outside-quotes.js';

/** The client's message buffer is 512 bytes (`ERROR_MSG_BUF_DEFAULT_SIZE`); longer texts are cut. */
const MSG_LIMIT = 511;
/** The INSERT parser quotes at most 63 characters of the remaining SQL (`buildSyntaxErrMsg`). */
const INSERT_NEAR_LIMIT = 63;

export class SqlParseError extends TaosError {
  /** 1-based line of the offending token. */
  readonly line: number;
  /** 1-based column of the offending token. */
  readonly column: number;
  /** Character offset of the offending token in the SQL text. */
  readonly offset: number;
  constructor(code: number, message: string, sql: string, offset: number) {
    super(code, message);
    this.name = 'SqlParseError';
    this.offset = offset;
    let line = 1;
    let lineStart = 0;
    for (let i = sql.indexOf('\n'); i >= 0 && i < offset; i = sql.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    this.line = line;
    this.column = offset - lineStart + 1;
  }
}

/** `syntax error near "<rest of the sql>"` (0x2600), as sql.y's `%syntax_error` reports it. */
export function syntaxError(sql: string, offset: number): SqlParseError {
  const rest = lowerOutsideQuotes(sql.slice(offset, offset + MSG_LIMIT));
  const message = `syntax error near "${rest}"`.slice(0, MSG_LIMIT);
  return new SqlParseError(Code.SYNTAX_ERROR, message, sql, offset);
}

/** The statement ended where the grammar needs more (0x2601). */
export function incompleteSql(sql: string): SqlParseError {
  return new SqlParseError(Code.INCOMPLETE_SQL, 'Incomplete SQL statement', sql, sql.length);
}

/** A character the tokenizer rejects, or an unterminated quote (`parAstParser.c`). */
export function unrecognizedToken(sql: string, offset: number): SqlParseError {
  const rest = lowerOutsideQuotes(sql.slice(offset, offset + MSG_LIMIT));
  const message = `unrecognized token: "${rest}"`.slice(0, MSG_LIMIT);
  return new SqlParseError(Code.SYNTAX_ERROR, message, sql, offset);
}

/**
 * INSERT … VALUES is parsed by TDengine's separate insert parser (`parInsertSql.c`), whose errors
 * are 0x0216 `syntax error near '<up to 63 chars>' (<reason>)`.
 */
export function insertSyntaxError(sql: string, offset: number, reason: string): SqlParseError {
  const near = lowerOutsideQuotes(sql.slice(offset, offset + INSERT_NEAR_LIMIT));
  const message = `syntax error near '${near}' (${reason})`.slice(0, MSG_LIMIT);
  return new SqlParseError(Code.TSC_SQL_SYNTAX_ERROR, message, sql, offset);
}

/** A statement-level INSERT error without a source position: `syntax error near '<info>'`. */
export function insertStatementError(sql: string, offset: number, info: string): SqlParseError {
  return new SqlParseError(Code.TSC_SQL_SYNTAX_ERROR, `syntax error near '${info}'`, sql, offset);
}

/** A row with more or fewer values than columns (0x263F, `parInsertSql.c parseValues`). */
export function invalidColumnsNum(sql: string, offset: number): SqlParseError {
  return new SqlParseError(Code.INVALID_COLUMNS_NUM, 'Illegal number of columns', sql, offset);
}

/** Valid TDengine syntax that taosts does not implement. */
export function notSupported(what: string): TaosError {
  return new TaosError(Code.OPS_NOT_SUPPORT, `${what} is not supported by taosts yet`);
}
