import { describe, expect, it } from 'vitest';
import { TypeCode } from '@taosts/protocol';
import type { Expr, Select } from '../ast/index.js';
import { parse } from './parse.js';
import { bin, col, dur, fn, NULL, num, star, str } from './test-helpers.js';

function expr(text: string): Expr {
  return (parse(`SELECT ${text}`) as Select).items[0].expr;
}

/** (expression text, expected AST). */
const cases: [string, Expr][] = [
  // literals
  ['123', num('123')],
  ['-5', num('-5')],
  ['+7', num('7')],
  ['- 5', num('-5')],
  ['1.5', num('1.5')],
  ['1E3', num('1e3')],
  ['-2.5e-3', num('-2.5e-3')],
  ['0x1F', num('0x1f')],
  ['0b101', num('0b101')],
  ['9999999999999999999999', num('9999999999999999999999')],
  ["'Abc'", str('Abc')],
  ['"dq"', str('dq')],
  ['TRUE', { kind: 'Bool', value: true }],
  ['false', { kind: 'Bool', value: false }],
  ['NULL', NULL],
  ['10s', dur('10s')],
  ['1H', dur('1h')],
  ["TIMESTAMP '2025-03-19 10:00:00'", { kind: 'Timestamp', value: '2025-03-19 10:00:00' }],
  ['?', { kind: 'Param', index: 0 }],
  // names and case folding
  ['Current', col('current')],
  ['`Current`', col('Current')],
  ['`select`', col('select')],
  ['value', col('value')],
  ['t.c', col('c', 't')],
  ['db.t.c', col('c', 't', 'db')],
  ['`T`.`C`', col('C', 'T')],
  ['t.value', col('value', 't')],
  ['t.*', { kind: 'Star', table: 't' }],
  ['tbname', col('tbname')],
  ['_wstart', col('_wstart')],
  // functions
  ['NOW', fn('now')],
  ['now()', fn('now')],
  ['TODAY()', fn('today')],
  ['COUNT(*)', fn('count', star)],
  ['last(*)', fn('last', star)],
  ['last(t.*)', fn('last', { kind: 'Star', table: 't' })],
  ['AVG(Current)', fn('avg', col('current'))],
  ['server_version()', fn('server_version')],
  ['timediff(a, b, 1s)', fn('timediff', col('a'), col('b'), dur('1s'))],
  ['if(a > 1, 1, 0)', fn('if', bin('>', col('a'), num('1')), num('1'), num('0'))],
  ['substr(s FROM 2 FOR 3)', fn('substr', col('s'), num('2'), num('3'))],
  ["position('a' IN s)", fn('position', str('a'), col('s'))],
  ['CAST(a AS VARCHAR(20))', { kind: 'Cast', expr: col('a'), to: { code: TypeCode.VARCHAR, length: 20 } }],
  ['cast(ts as bigint unsigned)', { kind: 'Cast', expr: col('ts'), to: { code: TypeCode.UBIGINT } }],
  [
    'CASE WHEN a > 1 THEN 1 ELSE 0 END',
    { kind: 'Case', whens: [{ when: bin('>', col('a'), num('1')), then: num('1') }], else: num('0') },
  ],
  [
    "case v when 1 then 'one' when 2 then 'two' end",
    {
      kind: 'Case',
      operand: col('v'),
      whens: [
        { when: num('1'), then: str('one') },
        { when: num('2'), then: str('two') },
      ],
    },
  ],
  // precedence
  ['1 + 2 * 3', bin('+', num('1'), bin('*', num('2'), num('3')))],
  ['(1 + 2) * 3', bin('*', bin('+', num('1'), num('2')), num('3'))],
  ['a - b - c', bin('-', bin('-', col('a'), col('b')), col('c'))],
  ['a / b % c', bin('%', bin('/', col('a'), col('b')), col('c'))],
  ['a | b + c', bin('|', col('a'), bin('+', col('b'), col('c')))],
  ['a & b = c', bin('=', bin('&', col('a'), col('b')), col('c'))],
  ['-a * b', bin('*', { kind: 'Unary', op: '-', operand: col('a') }, col('b'))],
  ['~a', { kind: 'Unary', op: '~', operand: col('a') }],
  ['- - 1', { kind: 'Unary', op: '-', operand: num('-1') }],
  [
    'a = 1 OR b = 2 AND c = 3',
    bin(
      'or',
      bin('=', col('a'), num('1')),
      bin('and', bin('=', col('b'), num('2')), bin('=', col('c'), num('3'))),
    ),
  ],
  [
    'NOT a = 1 AND b',
    bin('and', { kind: 'Unary', op: 'not', operand: bin('=', col('a'), num('1')) }, col('b')),
  ],
  ['ts > NOW - 1h', bin('>', col('ts'), bin('-', fn('now'), dur('1h')))],
  ['a != b', bin('<>', col('a'), col('b'))],
  ['a <> b', bin('<>', col('a'), col('b'))],
  // predicates
  ["a LIKE 'x%'", bin('like', col('a'), str('x%'))],
  ["a NOT LIKE 'x%'", bin('not like', col('a'), str('x%'))],
  ["tbname MATCH '^d1'", bin('match', col('tbname'), str('^d1'))],
  ["a NMATCH 'x'", bin('nmatch', col('a'), str('x'))],
  ["a REGEXP 'x'", bin('regexp', col('a'), str('x'))],
  ["a NOT REGEXP 'x'", bin('not regexp', col('a'), str('x'))],
  ["info CONTAINS 'k'", bin('contains', col('info'), str('k'))],
  ["info->'k'", bin('->', col('info'), str('k'))],
  ["info->'k' = 'v'", bin('=', bin('->', col('info'), str('k')), str('v'))],
  ['a IN (1, 2)', { kind: 'In', expr: col('a'), list: [num('1'), num('2')], not: false }],
  ["a NOT IN ('x')", { kind: 'In', expr: col('a'), list: [str('x')], not: true }],
  [
    'a BETWEEN 1 AND 2 + 3',
    { kind: 'Between', expr: col('a'), low: num('1'), high: bin('+', num('2'), num('3')), not: false },
  ],
  ['a NOT BETWEEN 1 AND 2', { kind: 'Between', expr: col('a'), low: num('1'), high: num('2'), not: true }],
  [
    'a BETWEEN 1 AND 2 AND b',
    bin('and', { kind: 'Between', expr: col('a'), low: num('1'), high: num('2'), not: false }, col('b')),
  ],
  ['a IS NULL', { kind: 'IsNull', expr: col('a'), not: false }],
  ['a IS NOT NULL', { kind: 'IsNull', expr: col('a'), not: true }],
  ["'2021-07-13 14:06:32' + 10s", bin('+', str('2021-07-13 14:06:32'), dur('10s'))],
];

describe('expressions', () => {
  it.each(cases)('%s', (text, expected) => {
    expect(expr(text)).toEqual(expected);
  });

  it('numbers ? placeholders from 0 in source order', () => {
    const select = parse('SELECT ?, a FROM t WHERE b = ? AND c IN (?, ?)') as Select;
    expect(select.items[0].expr).toEqual({ kind: 'Param', index: 0 });
    expect(select.where).toEqual(
      bin('and', bin('=', col('b'), { kind: 'Param', index: 1 }), {
        kind: 'In',
        expr: col('c'),
        list: [
          { kind: 'Param', index: 2 },
          { kind: 'Param', index: 3 },
        ],
        not: false,
      }),
    );
  });
});

/** (select list, expected default column texts) — sql.md §4.3. */
const texts: [string, string[]][] = [
  ['AVG(Current), a - f, COUNT(*)', ['avg(current)', 'a - f', 'count(*)']],
  ['CURRENT, `Current`, t.Voltage', ['current', 'Current', 'voltage']],
  ["concat('AbC', Name)", ["concat('AbC', name)"]],
  ['char(77,NULL,77)', ['char(77,null,77)']],
  ['a  -  f', ['a  -  f']],
  ['(c)', ['c']],
  ['(a + 1)', ['(a + 1)']],
  ['NOW, now()', ['now', 'now()']],
  ['-5, 1E3', ['-5', '1e3']],
  ['*', ['*']],
  [
    "timediff('2022-01-01 08:00:00', '2022-01-01 08:00:01',1s)",
    ["timediff('2022-01-01 08:00:00', '2022-01-01 08:00:01',1s)"],
  ],
  ['count(*) AS Cnt', ['count(*)']],
];

describe('select item texts', () => {
  it.each(texts)('%s', (list, expected) => {
    const select = parse(`SELECT ${list} FROM t`) as Select;
    expect(select.items.map((i) => i.text)).toEqual(expected);
  });
});
