/** A readable token list, for tools (syntax highlighting, the CLI's statement splitter, tests). */
import { scan } from './scan.js';
import { TOKEN_KIND_NAMES, type TokenKindName } from './token-kind.js';

export interface Token {
  readonly kind: TokenKindName;
  /** Exact source text. */
  readonly text: string;
  /** Offsets into the SQL text, `end` exclusive. */
  readonly start: number;
  readonly end: number;
}

/**
 * Tokenize TDengine SQL. Whitespace and comments are dropped; the list ends with an `eof` token.
 * An illegal character or unterminated quote yields an `illegal` token covering the rest.
 *
 * @example tokenize("SELECT 1s, 'a'") // word, duration, ',', string, eof
 */
export function tokenize(sql: string): Token[] {
  const buf = scan(sql);
  const tokens: Token[] = [];
  for (let i = 0; i < buf.count; i++) {
    const start = buf.starts[i];
    const end = buf.ends[i];
    tokens.push({ kind: TOKEN_KIND_NAMES[buf.kinds[i]], text: sql.slice(start, end), start, end });
  }
  return tokens;
}
