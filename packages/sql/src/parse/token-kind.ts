/**
 * Token kinds of the TDengine SQL scanner. Numeric so the scanner can store them in a
 * `Uint8Array`; `TOKEN_KIND_NAMES` gives the readable name for `tokenize()` and messages.
 */
export const TK = {
  EOF: 0,
  /** Unquoted identifier or keyword; the parser compares it case-insensitively. */
  WORD: 1,
  /** `` `Name` ``: an identifier kept verbatim, never a keyword. */
  QUOTED_ID: 2,
  /** `'…'` or `"…"` — both quote styles are strings in TDengine. */
  STRING: 3,
  INT: 4,
  FLOAT: 5,
  /** `0x1F` (an integer). */
  HEX: 6,
  /** `0b101` (an integer). */
  BIN: 7,
  /** `10s`, `1h`, `500a`: digits immediately followed by one unit letter. */
  DURATION: 8,
  LP: 9,
  RP: 10,
  COMMA: 11,
  DOT: 12,
  SEMI: 13,
  STAR: 14,
  PLUS: 15,
  MINUS: 16,
  SLASH: 17,
  PERCENT: 18,
  EQ: 19,
  /** `<>` or `!=`. */
  NE: 20,
  LT: 21,
  LE: 22,
  GT: 23,
  GE: 24,
  BITAND: 25,
  BITOR: 26,
  TILDE: 27,
  ARROW: 28,
  QUESTION: 29,
  COLON: 30,
  LSHIFT: 31,
  RSHIFT: 32,
  CONCAT: 33,
  /** A character TDengine's tokenizer rejects, or an unterminated quote. */
  ILLEGAL: 34,
} as const;
export type TokenKind = (typeof TK)[keyof typeof TK];

export const TOKEN_KIND_NAMES = [
  'eof',
  'word',
  'quoted_id',
  'string',
  'int',
  'float',
  'hex',
  'bin',
  'duration',
  '(',
  ')',
  ',',
  '.',
  ';',
  '*',
  '+',
  '-',
  '/',
  '%',
  '=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  '&',
  '|',
  '~',
  '->',
  '?',
  ':',
  '<<',
  '>>',
  '||',
  'illegal',
] as const;
export type TokenKindName = (typeof TOKEN_KIND_NAMES)[number];
