import { describe, expect, it } from 'vitest';
import { TypeCode, decodeRawBlock, encodeRawBlock } from '@taosts/protocol';
import type { Precision } from '@taosts/protocol';
import { TDTimestamp } from '../timestamp.js';
import { Zone } from '../zone.js';
import { blockRows } from './block-rows.js';
import { shortestFloat32 } from './float32.js';

const ctx = (precision: Precision, extra: object = {}) => ({
  timestampMode: 'timestamp' as const,
  zone: undefined,
  precision,
  ...extra,
});

describe('blockRows timestamps', () => {
  // ticks chosen around the 2^32 boundaries the two-halves arithmetic splits at, negative epochs,
  // and the int64 extremes
  const TICKS = [
    0n,
    -1n,
    1n,
    4294967295n,
    4294967296n,
    -4294967296n,
    -4294967297n,
    1735689600123456789n,
    -1735689600123456789n,
    9223372036854775807n,
    -9223372036854775808n,
    2n ** 52n + 1n,
    -(2n ** 52n) - 1n,
  ];
  it.each(['ms', 'us', 'ns'] as const)('%s: every tick decodes like TDTimestamp.fromEpoch', (p) => {
    const ok = TICKS.filter((t) => {
      try {
        TDTimestamp.fromEpoch(t, p);
        return true;
      } catch {
        return false;
      }
    });
    const block = decodeRawBlock(
      encodeRawBlock([{ type: TypeCode.TIMESTAMP, values: [...ok, null] }], ok.length + 1),
    );
    const rows = blockRows(block, ctx(p));
    expect(rows.map((r) => (r[0] === null ? null : (r[0] as TDTimestamp).toISOString()))).toStrictEqual([
      ...ok.map((t) => TDTimestamp.fromEpoch(t, p).toISOString()),
      null,
    ]);
    expect(rows.slice(0, -1).map((r) => (r[0] as TDTimestamp).epoch)).toStrictEqual(ok);
  });

  it('timestamp modes: bigint ticks, Date, zoned text', () => {
    const block = decodeRawBlock(
      encodeRawBlock([{ type: TypeCode.TIMESTAMP, values: [1735689600123456n] }], 1),
    );
    expect(blockRows(block, ctx('us', { timestampMode: 'bigint' }))).toStrictEqual([[1735689600123456n]]);
    expect(blockRows(block, ctx('us', { timestampMode: 'date' }))).toStrictEqual([[new Date(1735689600123)]]);
    expect(
      blockRows(block, ctx('us', { timestampMode: 'string', zone: Zone.of('Asia/Shanghai') })),
    ).toStrictEqual([['2025-01-01T08:00:00.123456+08:00']]);
  });
});

describe('blockRows values', () => {
  it('shapes each type like REST: bool, 64-bit, FLOAT shortest, JSON parsed, NULLs', () => {
    const block = decodeRawBlock(
      encodeRawBlock(
        [
          { type: TypeCode.BOOL, values: [true, null] },
          { type: TypeCode.BIGINT, values: [-9223372036854775808n, null] },
          { type: TypeCode.UBIGINT, values: [18446744073709551615n, 1n] },
          { type: TypeCode.FLOAT, values: [10.3, null] },
          { type: TypeCode.INT, values: [null, 7] },
          { type: TypeCode.JSON, values: ['{"a":[1,"x"]}', null] },
          { type: TypeCode.NCHAR, values: ['数据🚀', null] },
          { type: TypeCode.VARBINARY, values: [new Uint8Array([1]), null] },
        ],
        2,
      ),
    );
    expect(blockRows(block, ctx('ms'))).toStrictEqual([
      [
        true,
        -9223372036854775808n,
        18446744073709551615n,
        10.3,
        null,
        { a: [1, 'x'] },
        '数据🚀',
        new Uint8Array([1]),
      ],
      [null, null, 1n, null, 7, null, null, null],
    ]);
    expect(blockRows(block, ctx('ms', { int64Mode: 'string' }))[0]!.slice(1, 3)).toStrictEqual([
      '-9223372036854775808',
      '18446744073709551615',
    ]);
  });

  it.each([10.3, 0.1, 1e-38, 3.4028234663852886e38, -219.25, 16777217, 1.17549435e-38, 7e-45, 123456.789])(
    'shortestFloat32(%s) reads back as the same float32',
    (x) => {
      const f = Math.fround(x);
      const v = shortestFloat32(f);
      expect(Math.fround(v)).toBe(f);
      expect(
        String(v).replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').length,
      ).toBeLessThanOrEqual(9);
    },
  );

  it('shortestFloat32 picks the shortest text', () => {
    expect([10.3, 0.1, -219.25, 1e-38].map((x) => shortestFloat32(Math.fround(x)))).toStrictEqual([
      10.3, 0.1, -219.25, 1e-38,
    ]);
  });
});

describe('blockRows FLOAT memo', () => {
  it('gives shortestFloat32 of every cell: repeats, memo collisions, NaN, ±0 and NULL', () => {
    // 3000 distinct values (more than the memo's slots, so slots are overwritten), each twice,
    // interleaved with specials
    const values: (number | null)[] = [];
    for (let i = 0; i < 3000; i++) values.push(i / 7, null, NaN, -0, 0, -i / 3, i / 7);
    const block = decodeRawBlock(encodeRawBlock([{ type: TypeCode.FLOAT, values }], values.length));
    const got = blockRows(block, ctx('ms')).map((r) => r[0]);
    const want = values.map((v) => (v === null ? null : shortestFloat32(Math.fround(v))));
    expect(got).toStrictEqual(want);
    expect(Object.is(got[3], -0) && Object.is(got[4], 0)).toBe(true);
  });

  it('gives shortestFloat32 of every cell when values are mostly distinct (memo given up)', () => {
    const values = Array.from({ length: 2000 }, (_, i) => (i % 5 === 0 ? null : i * 1.37 - 900));
    const block = decodeRawBlock(encodeRawBlock([{ type: TypeCode.FLOAT, values }], values.length));
    expect(blockRows(block, ctx('ms')).map((r) => r[0])).toStrictEqual(
      values.map((v) => (v === null ? null : shortestFloat32(Math.fround(v)))),
    );
  });
});
