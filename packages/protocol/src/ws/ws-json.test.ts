import { describe, expect, it } from 'vitest';
import { Code, TaosError } from '../errors.js';
import { parseWsJson, stringifyWsJson } from './ws-json.js';

describe('parseWsJson', () => {
  const CASES: [string, unknown][] = [
    ['{"req_id":1}', { req_id: 1 }],
    ['{"req_id":18446744073709551615}', { req_id: 18446744073709551615n }],
    ['{"id":9007199254740991}', { id: 9007199254740991 }],
    ['{"id":9007199254740992}', { id: 9007199254740992n }],
    [
      '[-9223372036854775808, 1.5, 12345678901234567.5, 1e300]',
      [-9223372036854775808n, 1.5, Number('12345678901234567.5'), 1e300],
    ],
    [
      '{"sql":"select 12345678901234567890","n":[true,false,null]}',
      { sql: 'select 12345678901234567890', n: [true, false, null] },
    ],
    ['{"s":"a\\"b\\\\c\\u00e9","x":12345678901234567890}', { s: 'a"b\\cé', x: 12345678901234567890n }],
    // Digits inside strings that hold escaped quotes and backslashes are not numbers.
    ['{"s":"\\\\","t":"\\"12345678901234567890\\"","n":1}', { s: '\\', t: '"12345678901234567890"', n: 1 }],
    [
      '{"s":"\\\\\\"1234567890123456789","x":12345678901234567890}',
      { s: '\\"1234567890123456789', x: 12345678901234567890n },
    ],
    [' { "a" : [ ] , "b" : { } , "c" : 12345678901234567890 } ', { a: [], b: {}, c: 12345678901234567890n }],
    ['0', 0],
  ];
  it.each(CASES)('%s', (text, want) => {
    expect(parseWsJson(text)).toEqual(want);
  });

  it('agrees with JSON.parse when no integer is unsafe, on both paths', () => {
    const text = '{"a":[1,-2.5e-3,"x\\ny",{"__proto__":1}],"b":"1234567890123456"}';
    expect(parseWsJson(text)).toEqual(JSON.parse(text));
    expect(Object.getPrototypeOf(parseWsJson(text))).toBe(Object.prototype);
    expect(Object.keys((parseWsJson(text) as { a: object[] }).a[3])).toEqual(['__proto__']);
  });

  it.each([
    '{"a":12345678901234567890',
    '{"a":01234567890123456}',
    '[12345678901234567890,]',
    '{"a" 1, "b":12345678901234567890}',
    '"\\x"1234567890123456',
    '',
    '["raw\ttab", 12345678901234567890]',
    '["esc\\n then raw\nnewline", 12345678901234567890]',
  ])('rejects %s with a TaosError', (text) => {
    expect(() => parseWsJson(text)).toThrow(TaosError);
  });
});

it('turns absurd nesting into a TaosError, not a stack overflow', () => {
  const deep = '['.repeat(200_000) + '12345678901234567890' + ']'.repeat(200_000);
  expect(() => parseWsJson(deep)).toThrow(TaosError);
});

describe('stringifyWsJson', () => {
  it('writes bigint as bare digits and matches JSON.stringify otherwise', () => {
    const v = {
      action: 'fetch',
      args: { req_id: 2n ** 64n - 1n, id: 3, neg: -5n, s: 'a"b', u: undefined, nan: NaN },
    };
    expect(stringifyWsJson(v)).toBe(
      '{"action":"fetch","args":{"req_id":18446744073709551615,"id":3,"neg":-5,"s":"a\\"b","nan":null}}',
    );
    expect(parseWsJson(stringifyWsJson(v))).toMatchObject({ args: { req_id: 2n ** 64n - 1n, neg: -5 } });
  });

  it('refuses strings that would be mistaken for the bigint marker', () => {
    expect(() => stringifyWsJson({ s: '\u0000bigint:1' })).toThrow(TaosError);
    expect(() => stringifyWsJson({ ['\u0000bigint:1']: 1 })).toThrow(TaosError);
    try {
      stringifyWsJson(['\u0000bigint:1']);
    } catch (e) {
      expect((e as TaosError).code).toBe(Code.INVALID_PARA);
    }
  });
});
