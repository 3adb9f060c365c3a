import { describe, expect, it } from 'vitest';
import { jsonString } from './json-string.js';

describe('jsonString (taosAdapter jsonbuilder escaping)', () => {
  const rows: [string, string][] = [
    ['abc', '"abc"'],
    ['', '""'],
    ['say "hi"', '"say \\"hi\\""'],
    ['a\\b', '"a\\\\b"'],
    ['l1\nl2\r\t', '"l1\\nl2\\r\\t"'],
    ['\b\f\u0000\u001f', '"\\u0008\\u000c\\u0000\\u001f"'],
    ['<&>', '"<&>"'],
    ['中文 ✓ 😀', '"中文 ✓ 😀"'],
    ['\u007f', '"\u007f"'],
  ];
  it.each(rows)('%j → %s', (s, want) => {
    expect(jsonString(s)).toBe(want);
    expect(JSON.parse(jsonString(s))).toBe(s);
  });
});
