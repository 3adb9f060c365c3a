import { describe, expect, it } from 'vitest';
import { Code, TaosError } from '../errors.js';
import { TypeCode } from '../types.js';
import { fromHex } from '../util/hex.js';
import { decodeRawBlock } from './decode-raw-block.js';
import { decodeRawBlockRows } from './block-rows.js';
import { encodeRawBlock } from './encode-raw-block.js';
import type { BlockColumn, Value } from './types.js';

// Values one per row (not VarEntries), so a test can count them.
interface ValueColumn extends BlockColumn {
  readonly values: readonly (Value | undefined)[];
}

function codeOf(fn: () => unknown): number | string {
  try {
    fn();
    return 'no error';
  } catch (e) {
    return e instanceof TaosError ? e.code : `non-TaosError: ${String(e)}`;
  }
}

const SAMPLE: BlockColumn[] = [
  { type: TypeCode.TIMESTAMP, values: [1n, 2n] },
  { type: TypeCode.VARCHAR, values: ['ab', null] },
  { type: TypeCode.NCHAR, values: ['x', 'yz'] },
  { type: TypeCode.BLOB, values: [null, new Uint8Array([1, 2])] },
  { type: TypeCode.DECIMAL, precision: 10, scale: 1, values: ['1.5', null] },
];

describe('raw block: malformed input is a TaosError, never a crash', () => {
  const block = encodeRawBlock(SAMPLE, 2);

  it('rejects every truncation, even when the length field is patched to match', () => {
    for (let k = 0; k < block.length; k++) {
      const cut = block.slice(0, k);
      expect(codeOf(() => decodeRawBlock(cut))).toBe(Code.INVALID_DATA_FMT);
      if (k >= 8) {
        new DataView(cut.buffer).setInt32(4, k, true);
        expect(
          codeOf(() => decodeRawBlock(cut)),
          `cut at ${k}`,
        ).toBe(Code.INVALID_DATA_FMT);
      }
    }
  });

  it('survives every single-byte corruption with a result or a TaosError', () => {
    for (let i = 0; i < block.length; i++) {
      for (const x of [0xff, 0x80, 0x01]) {
        const bad = block.slice();
        bad[i] ^= x;
        const r = codeOf(() => decodeRawBlockRows(bad));
        expect(r === 'no error' || r === Code.INVALID_DATA_FMT, `byte ${i} ^ ${x}: ${r}`).toBe(true);
      }
    }
  });

  const CASES: [string, string, RegExp][] = [
    ['short header', '01000000 1c000000', /header needs 28/],
    [
      'rows without columns',
      '01000000 1c000000 ffffff7f 00000000 00000000 0000000000000000',
      /rows without columns/,
    ],
    ['negative rows', '01000000 1c000000 ffffffff 00000000 00000000 0000000000000000', /negative row count/],
    [
      'unknown type',
      '01000000 25000000 00000000 01000000 00000000 0000000000000000 1f 00000000 00000000',
      /unknown type 31/,
    ],
    [
      'fixed column length mismatch',
      '01000000 2e000000 01000000 01000000 00000000 0000000000000000 04 04000000 08000000 00 0000000000000000',
      /expected 1 rows × 4/,
    ],
    [
      'var offset outside the area',
      '01000000 2c000000 01000000 01000000 00000000 0000000000000000 08 04000000 03000000 05000000 010061',
      /offset 5 outside data area of 3 bytes/,
    ],
    [
      'var entry overruns the area',
      '01000000 2c000000 01000000 01000000 00000000 0000000000000000 08 04000000 03000000 00000000 050061',
      /entry of 5 bytes/,
    ],
    [
      'offset below -1',
      '01000000 2c000000 01000000 01000000 00000000 0000000000000000 08 04000000 03000000 feffffff 010061',
      /offset -2/,
    ],
    [
      'NCHAR length not a multiple of 4',
      '01000000 2c000000 01000000 01000000 00000000 0000000000000000 0a 06000000 03000000 00000000 010061',
      /multiple of 4/,
    ],
  ];
  it.each(CASES)('%s', (_name, hex, msg) => {
    const bytes = fromHex(hex);
    expect(codeOf(() => decodeRawBlock(bytes))).toBe(Code.INVALID_DATA_FMT);
    expect(() => decodeRawBlock(bytes)).toThrow(msg);
  });

  it('reads offsets in any order, shared entries included (server "reassigned" rows)', () => {
    // 3 rows: row0 → "bb" at 4, row1 and row2 → "a" at 0; byte 3 is filler; trailing blankFill
    const bytes = fromHex(`01000000 3a000000 03000000 01000000 00000000 0000000000000000
      08 04000000 08000000 | 04000000 00000000 00000000 | 010061 00 02006262 | 00`);
    expect(decodeRawBlockRows(bytes)).toEqual([['bb'], ['a'], ['a']]);
  });

  it('decodes non-ASCII and invalid UTF-8 per entry', () => {
    const bytes = encodeRawBlock(
      [{ type: TypeCode.VARCHAR, values: ['ascii', 'ü', new Uint8Array([0xff, 0x41])] }],
      3,
    );
    expect(decodeRawBlockRows(bytes).map((r) => r[0])).toEqual(['ascii', 'ü', '\ufffdA']);
  });
});

describe('raw block encoder: values that do not fit are INVALID_PARA naming column and row', () => {
  const CASES: [string, ValueColumn, RegExp][] = [
    ['INT out of range', { type: TypeCode.INT, values: [2 ** 31] }, /column 0 row 0: number 2147483648/],
    ['INT fraction', { type: TypeCode.INT, values: [1.5] }, /row 0/],
    ['TINYINT range', { type: TypeCode.TINYINT, values: [1, 128] }, /row 1/],
    ['UTINYINT negative', { type: TypeCode.UTINYINT, values: [-1] }, /row 0/],
    ['UINT negative', { type: TypeCode.UINT, values: [-1] }, /row 0/],
    ['BIGINT overflow', { type: TypeCode.BIGINT, values: [2n ** 63n] }, /row 0/],
    ['BIGINT unsafe number', { type: TypeCode.BIGINT, values: [2 ** 60] }, /row 0/],
    ['UBIGINT negative', { type: TypeCode.UBIGINT, values: [-1n] }, /row 0/],
    ['TIMESTAMP string', { type: TypeCode.TIMESTAMP, values: ['2024-01-01'] }, /string/],
    ['BOOL string', { type: TypeCode.BOOL, values: ['true'] }, /string/],
    ['FLOAT bigint', { type: TypeCode.FLOAT, values: [1n] }, /bigint/],
    ['VARCHAR number', { type: TypeCode.VARCHAR, values: [1] }, /number/],
    ['NCHAR bytes', { type: TypeCode.NCHAR, values: [new Uint8Array(1)] }, /object/],
    ['VARBINARY string', { type: TypeCode.VARBINARY, values: ['ab'] }, /string/],
    ['VARCHAR too long', { type: TypeCode.VARCHAR, values: ['x'.repeat(65536)] }, /65536 bytes is too long/],
    ['bad decimal text', { type: TypeCode.DECIMAL64, values: ['1.2.3'] }, /invalid decimal/],
    ['values/rows mismatch', { type: TypeCode.INT, values: [1, 2] }, /2 values for 1 rows/],
  ];
  it.each(CASES)('%s', (_name, col, msg) => {
    const rows = col.values.length === 2 && col.type === TypeCode.INT ? 1 : col.values.length;
    expect(codeOf(() => encodeRawBlock([col], rows))).toBe(Code.INVALID_PARA);
    expect(() => encodeRawBlock([col], rows)).toThrow(msg);
  });

  it('reports DECIMAL overflow with its own code', () => {
    const col: BlockColumn = { type: TypeCode.DECIMAL64, precision: 4, scale: 2, values: ['100.00'] };
    expect(codeOf(() => encodeRawBlock([col], 1))).toBe(Code.DECIMAL_OVERFLOW);
  });

  it('rejects a bad row count', () => {
    expect(codeOf(() => encodeRawBlock([], -1))).toBe(Code.INVALID_PARA);
  });
});
