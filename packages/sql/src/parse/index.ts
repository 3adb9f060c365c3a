export { parse, parseScript } from './parse.js';
export { tokenize, type Token } from './tokenize.js';
export type { TokenKindName } from './token-kind.js';
export { SqlParseError } from './sql-parse-error.js';
export { lowerOutsideQuotes } from './lower-outside-quotes.js';
export { InsertScanner } from './insert-scanner.js';
