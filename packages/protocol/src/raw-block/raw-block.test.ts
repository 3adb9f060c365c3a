import { describe, expect, it } from 'vitest';
import { TypeCode } from '../types.js';
import { fromHex, toHex } from '../util/hex.js';
import { decodeRawBlock } from './decode-raw-block.js';
import { blockToRows, columnValues, decodeRawBlockRows, mapColumnValues } from './block-rows.js';
import { encodeRawBlock } from './encode-raw-block.js';
import type { BlockColumn, Value } from './types.js';

// protocol.md §3.4: 1 row, ts=TIMESTAMP 1700000000000, c1=INT NULL, c3=VARCHAR(20) "ab" — 77 bytes
const EXAMPLE_77 = fromHex(`
  01000000 4d000000 01000000 03000000 00000080 0000000000000000
  09 08000000 | 04 04000000 | 08 16000000
  08000000 04000000 04000000
  00 0068e5cf8b010000
  80 00000000
  00000000 0200 61 62`);

describe('raw block: protocol.md §3.4 worked example', () => {
  it('is 77 bytes and decodes to the documented values', () => {
    expect(EXAMPLE_77.length).toBe(77);
    const b = decodeRawBlock(EXAMPLE_77);
    expect(b.rows).toBe(1);
    expect(b.version).toBe(1);
    expect(b.columns.map((c) => [c.type, c.bytes])).toEqual([
      [9, 8],
      [4, 4],
      [8, 22],
    ]);
    expect(decodeRawBlockRows(EXAMPLE_77)).toEqual([[1700000000000n, null, 'ab']]);
  });

  it('is exactly what the encoder writes', () => {
    const cols: BlockColumn[] = [
      { type: TypeCode.TIMESTAMP, values: [1700000000000n] },
      { type: TypeCode.INT, values: [null] },
      { type: TypeCode.VARCHAR, length: 20, values: ['ab'] },
    ];
    expect(toHex(encodeRawBlock(cols, 1))).toBe(toHex(EXAMPLE_77));
  });

  it('tolerates a trailing blankFill byte counted in length', () => {
    const withFill = encodeRawBlock([{ type: TypeCode.INT, values: [7] }], 1, { blankFill: true });
    expect(new DataView(withFill.buffer).getInt32(4, true)).toBe(withFill.length);
    expect(withFill[withFill.length - 1]).toBe(0);
    expect(decodeRawBlockRows(withFill)).toEqual([[7]]);
  });
});

// Values one per row (not VarEntries), so the test can read them back.
interface ValueColumn extends BlockColumn {
  readonly values: readonly (Value | undefined)[];
}

// One row per type: values with a NULL in the middle; `expect` = what the rows decoder returns.
const ROUND_TRIPS: { name: string; col: ValueColumn; expect?: Value[] }[] = [
  { name: 'BOOL', col: { type: TypeCode.BOOL, values: [true, null, false] } },
  { name: 'TINYINT', col: { type: TypeCode.TINYINT, values: [-128, null, 127] } },
  { name: 'SMALLINT', col: { type: TypeCode.SMALLINT, values: [-32768, null, 32767] } },
  { name: 'INT', col: { type: TypeCode.INT, values: [-2147483648, null, 2147483647] } },
  { name: 'BIGINT', col: { type: TypeCode.BIGINT, values: [-(2n ** 63n), null, 2n ** 63n - 1n] } },
  { name: 'UTINYINT', col: { type: TypeCode.UTINYINT, values: [0, null, 255] } },
  { name: 'USMALLINT', col: { type: TypeCode.USMALLINT, values: [0, null, 65535] } },
  { name: 'UINT', col: { type: TypeCode.UINT, values: [0, null, 4294967295] } },
  { name: 'UBIGINT', col: { type: TypeCode.UBIGINT, values: [0n, null, 2n ** 64n - 1n] } },
  {
    name: 'FLOAT keeps the float32 value',
    col: { type: TypeCode.FLOAT, values: [0.1, null, -3.4e38] },
    expect: [Math.fround(0.1), null, Math.fround(-3.4e38)],
  },
  { name: 'DOUBLE', col: { type: TypeCode.DOUBLE, values: [0.1, null, -1e308] } },
  { name: 'TIMESTAMP ns', col: { type: TypeCode.TIMESTAMP, values: [1700000000123456789n, null, -1n] } },
  { name: 'VARCHAR', col: { type: TypeCode.VARCHAR, length: 10, values: ['', null, 'héllo'] } },
  { name: 'NCHAR', col: { type: TypeCode.NCHAR, length: 4, values: ['北京', null, 'a😀'] } },
  { name: 'JSON', col: { type: TypeCode.JSON, values: ['{"k":1}', null, '{}'] } },
  {
    name: 'VARBINARY',
    col: { type: TypeCode.VARBINARY, values: [new Uint8Array([0, 255]), null, new Uint8Array()] },
  },
  {
    name: 'GEOMETRY',
    col: { type: TypeCode.GEOMETRY, values: [new Uint8Array([1, 1, 0, 0, 0]), null, null] },
  },
  {
    name: 'BLOB',
    col: { type: TypeCode.BLOB, values: [new Uint8Array(70000).fill(7), null, new Uint8Array([1])] },
  },
  {
    name: 'DECIMAL64(10,2)',
    col: { type: TypeCode.DECIMAL64, precision: 10, scale: 2, values: ['-0.05', null, '12345678.9'] },
    expect: ['-0.05', null, '12345678.90'],
  },
  {
    name: 'DECIMAL(38,10) beyond 64 bits',
    col: {
      type: TypeCode.DECIMAL,
      precision: 38,
      scale: 10,
      values: ['-1234567890123456789012345678.0123456789', null, '0'],
    },
    expect: ['-1234567890123456789012345678.0123456789', null, '0.0000000000'],
  },
];

describe('raw block: round trips per type', () => {
  it.each(ROUND_TRIPS)('$name', ({ col, expect: want }) => {
    const block = encodeRawBlock([col], 3);
    const rows = decodeRawBlockRows(block);
    expect(rows.map((r) => r[0])).toEqual(want ?? Array.from(col.values, (v) => v ?? null));
    const dec = decodeRawBlock(block).columns[0];
    expect(dec.type).toBe(col.type);
    let bits = 0;
    Array.from(col.values).forEach((v, r) => (bits |= v === null ? 0x80 >> r : 0));
    expect(dec.nulls).toEqual(new Uint8Array([bits]));
  });

  it('packs DECIMAL precision and scale into column info (scale byte 0, precision byte 1, width byte 3)', () => {
    const block = encodeRawBlock([{ type: TypeCode.DECIMAL, precision: 20, scale: 3, values: ['1.5'] }], 1);
    expect(toHex(block.subarray(28, 33))).toBe('11' + '03140010');
    const col = decodeRawBlock(block).columns[0];
    expect([col.precision, col.scale, col.data]).toEqual([20, 3, ['1.500']]);
  });

  it('writes NCHAR as UCS-4 with byte lengths and internal width 4n+2', () => {
    const block = encodeRawBlock([{ type: TypeCode.NCHAR, length: 3, values: ['é😀'] }], 1);
    expect(toHex(block.subarray(28, 33))).toBe('0a' + '0e000000');
    expect(toHex(block.subarray(37))).toBe('00000000' + '0800' + 'e9000000' + '00f60100');
  });

  it('writes BLOB entries with a uint32 length', () => {
    const block = encodeRawBlock([{ type: TypeCode.BLOB, values: [new Uint8Array([0xab])] }], 1);
    expect(toHex(block.subarray(37))).toBe('00000000' + '01000000' + 'ab');
  });

  it('handles 0 rows and 0 columns', () => {
    expect(decodeRawBlockRows(encodeRawBlock([{ type: TypeCode.INT, values: [] }], 0))).toEqual([]);
    expect(decodeRawBlock(encodeRawBlock([], 0))).toMatchObject({ rows: 0, columns: [] });
  });

  it.each([1, 7, 8, 9, 17, 1000])('keeps NULL positions across bitmap bytes (%i rows)', (n) => {
    const ints = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? null : i));
    const strs = Array.from({ length: n }, (_, i) => (i % 4 === 1 ? null : `s${i}`));
    const rows = decodeRawBlockRows(
      encodeRawBlock(
        [
          { type: TypeCode.INT, values: ints },
          { type: TypeCode.VARCHAR, values: strs },
        ],
        n,
      ),
    );
    expect(rows).toEqual(ints.map((v, i) => [v, strs[i]]));
  });

  it('decodes blocks at unaligned offsets inside a larger buffer', () => {
    const cols: BlockColumn[] = [
      { type: TypeCode.TIMESTAMP, values: [1n, 2n, 3n] },
      { type: TypeCode.DOUBLE, values: [1.5, null, 3.25] },
      { type: TypeCode.SMALLINT, values: [1, 2, null] },
    ];
    const block = encodeRawBlock(cols, 3);
    for (let shift = 1; shift < 8; shift++) {
      const big = new Uint8Array(block.length + 16);
      big.set(block, shift);
      const view = big.subarray(shift, shift + block.length);
      expect(decodeRawBlockRows(view)).toEqual([
        [1n, 1.5, 1],
        [2n, null, 2],
        [3n, 3.25, null],
      ]);
    }
  });

  it('honours header options', () => {
    const block = encodeRawBlock([], 0, { version: 2, flagSegment: 0, groupId: 42n });
    expect(toHex(block)).toBe(
      '02000000' + '1c000000' + '00000000' + '00000000' + '00000000' + '2a00000000000000',
    );
    expect(decodeRawBlock(block)).toMatchObject({ version: 2, groupId: 42n });
  });

  it('gives typed arrays in columnar form', () => {
    const block = encodeRawBlock(
      [
        { type: TypeCode.TIMESTAMP, values: [5n] },
        { type: TypeCode.FLOAT, values: [1.5] },
        { type: TypeCode.UBIGINT, values: [9n] },
        { type: TypeCode.BOOL, values: [true] },
      ],
      1,
    );
    const [ts, f, u, b] = decodeRawBlock(block).columns;
    expect(ts.data).toBeInstanceOf(BigInt64Array);
    expect(f.data).toBeInstanceOf(Float32Array);
    expect(u.data).toBeInstanceOf(BigUint64Array);
    expect(b.data).toEqual(new Uint8Array([1]));
    expect(ts.nulls).toBeNull();
  });

  it('reads the block with overriding types (stmt1 INSERT binds)', () => {
    const block = encodeRawBlock([{ type: TypeCode.BIGINT, values: [7n] }], 1);
    expect(decodeRawBlockRows(block, { types: [TypeCode.TIMESTAMP] })).toEqual([[7n]]);
    expect(() => decodeRawBlock(block, { types: [TypeCode.INT] })).toThrow(/length 8, expected 1 rows × 4/);
  });
});

describe('raw block: typed-array columns', () => {
  it("copies a typed array of the type's element type as bytes, same block as plain values", () => {
    const cols = (typed: boolean): BlockColumn[] => [
      { type: TypeCode.TIMESTAMP, values: typed ? new BigInt64Array([1n, -2n]) : [1n, -2n] },
      { type: TypeCode.FLOAT, values: typed ? new Float32Array([1.5, -0.25]) : [1.5, -0.25] },
      { type: TypeCode.INT, values: typed ? new Int32Array([7, -8]) : [7, -8] },
      { type: TypeCode.USMALLINT, values: typed ? new Uint16Array([1, 65535]) : [1, 65535] },
      { type: TypeCode.DOUBLE, values: typed ? new Float64Array([0.1, 2]) : [0.1, 2] },
      // Not its element type: value by value, with range checks.
      { type: TypeCode.TINYINT, values: typed ? new Int32Array([1, -1]) : [1, -1] },
    ];
    expect(toHex(encodeRawBlock(cols(true), 2))).toBe(toHex(encodeRawBlock(cols(false), 2)));
    expect(() => encodeRawBlock([{ type: TypeCode.TINYINT, values: new Int32Array([300]) }], 1)).toThrow(
      /row 0/,
    );
  });
});

describe('raw block: shared repeated strings', () => {
  it('writes each repeated string once, and decodes the same values (one string per entry)', () => {
    const values = ['beijing', null, 'shanghai', 'beijing', '', 'shanghai', ''];
    const cols = [
      { type: TypeCode.VARCHAR, length: 10, values },
      { type: TypeCode.NCHAR, length: 10, values },
    ];
    const plain = encodeRawBlock(cols, values.length);
    const shared = encodeRawBlock(cols, values.length, { shareRepeats: true });
    expect(shared.length).toBeLessThan(plain.length);
    for (const b of [plain, shared]) expect(decodeRawBlockRows(b)).toEqual(values.map((v) => [v, v]));
    const data = decodeRawBlock(shared).columns[0]!.data;
    expect(data[3]).toBe(data[0]);
  });

  it('does not share byte arrays between rows', () => {
    const bytes = [Uint8Array.of(1), Uint8Array.of(1)];
    const b = encodeRawBlock([{ type: TypeCode.VARBINARY, length: 4, values: bytes }], 2, {
      shareRepeats: true,
    });
    const d = decodeRawBlock(b).columns[0]!.data;
    expect(d).toEqual(bytes);
    expect(d[0]).not.toBe(d[1]);
  });
});

describe('raw block inside a larger buffer', () => {
  const cols: BlockColumn[] = [
    { type: TypeCode.TIMESTAMP, values: [1700000000000n, 1700000000001n] },
    { type: TypeCode.INT, values: [7, null] },
    { type: TypeCode.DOUBLE, values: [0.5, -2] },
    { type: TypeCode.VARBINARY, values: [new Uint8Array([1, 2]), null] },
  ];
  const block = encodeRawBlock(cols, 2);
  const want = [
    [1700000000000n, 7, 0.5, new Uint8Array([1, 2])],
    [1700000000001n, null, -2, null],
  ];
  // A Node Buffer at an odd offset of a shared ArrayBuffer (what `ws` hands over for pooled or
  // concatenated frames): `Buffer#slice` is a view, so `.buffer` is the whole backing store.
  const inside = (make: (ab: ArrayBuffer, at: number) => Uint8Array): Uint8Array => {
    const ab = new ArrayBuffer(block.length + 64);
    new Uint8Array(ab).fill(0xee);
    const v = make(ab, 13);
    v.set(block);
    return v;
  };

  it.each([
    ['Buffer', (ab: ArrayBuffer, at: number) => Buffer.from(ab, at, block.length)],
    ['Uint8Array', (ab: ArrayBuffer, at: number) => new Uint8Array(ab, at, block.length)],
  ])('decodes a %s view at a non-zero offset', (_n, make) => {
    const rows = decodeRawBlockRows(inside(make));
    expect(rows).toEqual(want);
    expect(Object.getPrototypeOf(rows[0][3])).toBe(Uint8Array.prototype);
  });
});

describe('blockToRows with a column source', () => {
  it('shapes each column once through the hook; mapColumnValues skips NULLs', () => {
    const block = decodeRawBlock(
      encodeRawBlock(
        [
          { type: TypeCode.INT, values: [1, null, 3] },
          { type: TypeCode.VARCHAR, values: ['a', null, 'c'] },
        ],
        3,
      ),
    );
    const seen: number[] = [];
    const rows = blockToRows(block, (col, n) => {
      seen.push(col.type);
      return mapColumnValues(col, n, (v: number | string) => `<${v}>`);
    });
    expect(seen).toEqual([TypeCode.INT, TypeCode.VARCHAR]);
    expect(rows).toEqual([
      ['<1>', '<a>'],
      [null, null],
      ['<3>', '<c>'],
    ]);
    expect(blockToRows(block)).toEqual([
      [1, 'a'],
      [null, null],
      [3, 'c'],
    ]);
  });

  it.each([4, 5, 6])('builds rows of %i columns with NULLs', (width) => {
    const columns: BlockColumn[] = Array.from({ length: width }, (_, c) => ({
      type: c % 2 ? TypeCode.VARCHAR : TypeCode.INT,
      values: [0, 1, 2].map((r) => ((r + c) % 3 === 1 ? null : c % 2 ? `s${r}${c}` : 10 * r + c)),
    }));
    const block = decodeRawBlock(encodeRawBlock(columns, 3));
    const want = [0, 1, 2].map((r) => columns.map((col) => (col.values as Value[])[r]));
    expect(blockToRows(block)).toEqual(want);
    const into: Value[][] = [['earlier']];
    expect(blockToRows(block, columnValues, into)).toEqual([['earlier'], ...want]);
  });

  it('appends to `into` and returns it', () => {
    const block = decodeRawBlock(encodeRawBlock([{ type: TypeCode.INT, values: [1, null] }], 2));
    const into: Value[][] = [['earlier']];
    expect(blockToRows(block, columnValues, into)).toBe(into);
    expect(into).toEqual([['earlier'], [1], [null]]);
  });
});
