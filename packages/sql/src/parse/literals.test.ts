import { describe, expect, it } from 'vitest';
import { stringValue } from './literals.js';
import { lowerOutsideQuotes } from './lower-outside-quotes.js';

/** (quoted source token, value) — TDengine's `trimString` rules (sql.md §1.8). */
const strings: [string, string][] = [
  ["'abc'", 'abc'],
  ['"abc"', 'abc'],
  ["'it''s'", "it's"],
  ['"say ""hi"""', 'say "hi"'],
  ["'a\\'b'", "a'b"],
  ["'a\\\"b'", 'a"b'],
  ["'l1\\nl2\\r\\t'", 'l1\nl2\r\t'],
  ["'back\\\\slash'", 'back\\slash'],
  ["'50\\%'", '50\\%'],
  ["'a\\_b'", 'a\\_b'],
  ["'\\x7f8290'", '\\x7f8290'],
  ["'\\q\\z'", 'qz'],
  ["''", ''],
  ['"it\'s"', "it's"],
];

describe('stringValue', () => {
  it.each(strings)('%s', (token, value) => {
    expect(stringValue(token, 0, token.length)).toBe(value);
  });
});

const lowered: [string, string][] = [
  ['SELECT AVG(Current)', 'select avg(current)'],
  ['WHERE Name = \'MiXed\' AND `Col` > "Q"', 'where name = \'MiXed\' and `Col` > "Q"'],
  ["'It''S' X", "'It''S' x"],
  ["'a\\'B' C", "'a\\'B' c"],
  ['already lower', 'already lower'],
  ["'unterminated ABC", "'unterminated ABC"],
];

describe('lowerOutsideQuotes', () => {
  it.each(lowered)('%s', (text, expected) => {
    expect(lowerOutsideQuotes(text)).toBe(expected);
  });
});
