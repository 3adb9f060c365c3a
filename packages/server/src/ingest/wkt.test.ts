import { describe, expect, it } from 'vitest';
import { wktToWkb } from './wkt.js';

/** WKT → WKB hex (little-endian, 2D), as TDengine stores GEOMETRY (protocol.md §2.6 example). */
const cases: [string, string][] = [
  ['POINT(100 100)', '010100000000000000000059400000000000005940'],
  ['point ( 1.5 -2 )', '0101000000000000000000f83f00000000000000c0'],
  ['POINT EMPTY', '0101000000000000000000f87f000000000000f87f'],
  [
    'LINESTRING(1 2, 3 4)',
    '010200000002000000000000000000f03f000000000000004000000000000008400000000000001040',
  ],
  [
    'POLYGON((0 0, 1 0, 1 1, 0 0))',
    '01030000000100000004000000' +
      '0000000000000000'.repeat(2) +
      '000000000000f03f' +
      '0000000000000000' +
      '000000000000f03f'.repeat(2) +
      '0000000000000000'.repeat(2),
  ],
  [
    'MULTIPOINT((1 2), (3 4))',
    '0104000000020000000101000000000000000000f03f0000000000000040010100000000000000000008400000000000001040',
  ],
  [
    'MULTIPOINT(1 2, 3 4)',
    '0104000000020000000101000000000000000000f03f0000000000000040010100000000000000000008400000000000001040',
  ],
  ['GEOMETRYCOLLECTION(POINT(1 2))', '0107000000010000000101000000000000000000f03f0000000000000040'],
  ['POINT Z (1 2 3)', '0101000000000000000000f03f0000000000000040'],
];

describe('wktToWkb', () => {
  for (const [wkt, hex] of cases)
    it(wkt, () => expect(Buffer.from(wktToWkb(wkt)!).toString('hex')).toBe(hex));

  for (const bad of ['', 'POINT', 'POINT(1)', 'POINT(1 2', 'CIRCLE(1 2)', 'POINT(1 2) x', 'LINESTRING()'])
    it(`rejects ${JSON.stringify(bad)}`, () => expect(wktToWkb(bad)).toBeUndefined());
});
