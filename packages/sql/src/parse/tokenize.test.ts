import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.js';

/** (SQL, expected [kind, text] pairs without the final eof). */
const cases: [string, [string, string][]][] = [
  [
    'SELECT a',
    [
      ['word', 'SELECT'],
      ['word', 'a'],
    ],
  ],
  ['`Weird Name`', [['quoted_id', '`Weird Name`']]],
  [
    "'it''s' \"q\\\"x\"",
    [
      ['string', "'it''s'"],
      ['string', '"q\\"x"'],
    ],
  ],
  [
    '123 -5 1.5 .5 1e3 1E-3 2.5e+2',
    [
      ['int', '123'],
      ['-', '-'],
      ['int', '5'],
      ['float', '1.5'],
      ['float', '.5'],
      ['float', '1e3'],
      ['float', '1E-3'],
      ['float', '2.5e+2'],
    ],
  ],
  [
    '0x1F 0b101 0b',
    [
      ['hex', '0x1F'],
      ['bin', '0b101'],
      ['duration', '0b'],
    ],
  ],
  // A unit letter makes a duration only when no identifier character follows.
  [
    '10s 1h 500a 1n 1y 2w 10b 3u 10d 5m 10S',
    [
      ['duration', '10s'],
      ['duration', '1h'],
      ['duration', '500a'],
      ['duration', '1n'],
      ['duration', '1y'],
      ['duration', '2w'],
      ['duration', '10b'],
      ['duration', '3u'],
      ['duration', '10d'],
      ['duration', '5m'],
      ['duration', '10S'],
    ],
  ],
  [
    '10sec 1e',
    [
      ['int', '10'],
      ['word', 'sec'],
      ['int', '1'],
      ['word', 'e'],
    ],
  ],
  [
    '1.5s',
    [
      ['float', '1.5'],
      ['word', 's'],
    ],
  ],
  [
    'a<>b != c <= d >= e == f -> g',
    [
      ['word', 'a'],
      ['<>', '<>'],
      ['word', 'b'],
      ['<>', '!='],
      ['word', 'c'],
      ['<=', '<='],
      ['word', 'd'],
      ['>=', '>='],
      ['word', 'e'],
      ['=', '=='],
      ['word', 'f'],
      ['->', '->'],
      ['word', 'g'],
    ],
  ],
  [
    'a|b&c~d % e >> f || g',
    [
      ['word', 'a'],
      ['|', '|'],
      ['word', 'b'],
      ['&', '&'],
      ['word', 'c'],
      ['~', '~'],
      ['word', 'd'],
      ['%', '%'],
      ['word', 'e'],
      ['>>', '>>'],
      ['word', 'f'],
      ['||', '||'],
      ['word', 'g'],
    ],
  ],
  [
    'select -- comment\n 1 /* block */ /*+ hint */ ;',
    [
      ['word', 'select'],
      ['int', '1'],
      [';', ';'],
    ],
  ],
  [
    '? t.c',
    [
      ['?', '?'],
      ['word', 't'],
      ['.', '.'],
      ['word', 'c'],
    ],
  ],
  ["'unterminated", [['illegal', "'unterminated"]]],
  [
    'a # b',
    [
      ['word', 'a'],
      ['illegal', '# b'],
    ],
  ],
  ['`open', [['illegal', '`open']]],
  [
    'a ! b',
    [
      ['word', 'a'],
      ['illegal', '! b'],
    ],
  ],
];

describe('tokenize', () => {
  it.each(cases)('%s', (sql, expected) => {
    const tokens = tokenize(sql);
    expect(tokens.at(-1)).toEqual({ kind: 'eof', text: '', start: sql.length, end: sql.length });
    expect(tokens.slice(0, -1).map((t) => [t.kind, t.text])).toEqual(expected);
  });

  it('reports exact offsets', () => {
    expect(tokenize(" ab  'c'")).toEqual([
      { kind: 'word', text: 'ab', start: 1, end: 3 },
      { kind: 'string', text: "'c'", start: 5, end: 8 },
      { kind: 'eof', text: '', start: 8, end: 8 },
    ]);
  });
});
