import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { md5Hex } from './md5.js';

describe('md5Hex', () => {
  it.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['The quick brown fox jumps over the lazy dog', '9e107d9d372bb6826bd81d3542a419d6'],
  ])('RFC vectors: %j', (text, hex) => {
    expect(md5Hex(new TextEncoder().encode(text))).toBe(hex);
  });
  it('agrees with node:crypto across block boundaries', () => {
    for (const n of [55, 56, 57, 63, 64, 65, 119, 120, 1000]) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);
      expect(md5Hex(data), `n=${n}`).toBe(createHash('md5').update(data).digest('hex'));
    }
  });
});
