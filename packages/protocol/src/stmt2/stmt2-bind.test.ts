import { describe, expect, it } from 'vitest';
import { Code, TaosError } from '../errors.js';
import { TypeCode } from '../types.js';
import { fromHex, toHex } from '../util/hex.js';
import { decodeStmt2Bind, decodeStmt2BindData, encodeStmt2Bind, encodeStmt2BindData } from './stmt2-bind.js';
import type { Stmt2TableBind } from './stmt2-bind.js';
import { BindType, stmt2Field } from './stmt2-fields.js';
import type { Stmt2Field } from './stmt2-fields.js';

const FIELDS = [
  stmt2Field('tbname', TypeCode.VARCHAR, BindType.TBNAME, { bytes: 194 }),
  stmt2Field('loc', TypeCode.NCHAR, BindType.TAG, { bytes: 4 * 2 + 2 }),
  stmt2Field('ts', TypeCode.TIMESTAMP, BindType.COLUMN, { precision: 0, bytes: 8 }),
  stmt2Field('v', TypeCode.INT, BindType.COLUMN, { bytes: 4 }),
];

// protocol.md §6.1 layout: table "d1", tag loc=NCHAR 'SF' (UTF-8), ts=[1, NULL], v=[5, NULL]
const FIXTURE = fromHex(`
  7f000000 01000000 01000000 02000000 1c000000 21000000 3d000000
  0300 64 31 00
  18000000 | 18000000 0a000000 01000000 00 01 02000000 02000000 5346
  3e000000 | 23000000 09000000 02000000 0001 00 10000000 0100000000000000 0000000000000000
           | 1b000000 04000000 02000000 0001 00 08000000 05000000 00000000`);

describe('stmt2_bind (id 9) bind data', () => {
  it('encodes the documented layout', () => {
    const data = encodeStmt2BindData(
      [
        {
          tableName: 'd1',
          tags: ['SF'],
          columns: [
            [1n, null],
            [5, null],
          ],
        },
      ],
      FIELDS,
    );
    expect(toHex(data)).toBe(toHex(FIXTURE));
  });

  it('decodes it', () => {
    expect(decodeStmt2BindData(FIXTURE)).toEqual({
      count: 1,
      tagCount: 1,
      colCount: 2,
      tableNames: ['d1'],
      tags: [[{ type: TypeCode.NCHAR, values: ['SF'] }]],
      columns: [
        [
          { type: TypeCode.TIMESTAMP, values: [1n, null] },
          { type: TypeCode.INT, values: [5, null] },
        ],
      ],
    });
  });

  it('round-trips several tables, every type, all-NULL columns and Date timestamps', () => {
    const types = [
      TypeCode.BOOL,
      TypeCode.TINYINT,
      TypeCode.SMALLINT,
      TypeCode.BIGINT,
      TypeCode.FLOAT,
      TypeCode.DOUBLE,
      TypeCode.UTINYINT,
      TypeCode.USMALLINT,
      TypeCode.UINT,
      TypeCode.UBIGINT,
      TypeCode.VARCHAR,
      TypeCode.NCHAR,
      TypeCode.JSON,
      TypeCode.VARBINARY,
      TypeCode.GEOMETRY,
      TypeCode.BLOB,
      TypeCode.DECIMAL,
      TypeCode.DECIMAL64,
    ];
    const fields = [
      stmt2Field('tbname', TypeCode.VARCHAR, BindType.TBNAME),
      stmt2Field('ts', TypeCode.TIMESTAMP, BindType.COLUMN, { precision: 2 }),
      ...types.map((t, i) => stmt2Field(`c${i}`, t, BindType.COLUMN)),
    ];
    const row = [
      true,
      -1,
      -300,
      2n ** 62n,
      1.5,
      0.1,
      255,
      65535,
      4294967295,
      2n ** 64n - 1n,
      'héllo',
      '北京',
      '{"a":1}',
      new Uint8Array([1, 2]),
      new Uint8Array([1, 1, 0, 0, 0]),
      new Uint8Array([9]),
      '-12.345',
      '7.5',
    ];
    const tables = [
      { tableName: 'd1', columns: [[new Date(1700000000123), 5n], ...row.map((v) => [v, null])] },
      { tableName: 'd.2', columns: [[1n], ...row.map(() => [null])] },
    ];
    const back = decodeStmt2BindData(encodeStmt2BindData(tables, fields));
    expect(back.tableNames).toEqual(['d1', 'd.2']);
    expect(back.tags).toBeNull();
    expect(back.columns![0][0].values).toEqual([1700000000123000000n, 5n]);
    expect(back.columns![0].slice(1).map((c) => c.values[0])).toEqual(row);
    expect(back.columns![0].slice(1).map((c) => c.type)).toEqual(types);
    expect(back.columns![1].slice(1).every((c) => c.values[0] === null)).toBe(true);
  });

  it('types query parameters from their values (no fields)', () => {
    const data = encodeStmt2BindData(
      [{ columns: [['a'], [1], [2.5], [true], [2n ** 63n], [new Uint8Array([0x61])]] }],
      null,
    );
    const d = decodeStmt2BindData(data);
    expect([d.tableNames, d.tags, d.count]).toEqual([null, null, 1]);
    expect(d.columns![0].map((c) => [c.type, c.values[0]])).toEqual([
      [TypeCode.VARCHAR, 'a'],
      [TypeCode.BIGINT, 1n],
      [TypeCode.DOUBLE, 2.5],
      [TypeCode.BOOL, true],
      [TypeCode.UBIGINT, 2n ** 63n],
      [TypeCode.VARCHAR, 'a'],
    ]);
  });

  it('uses query param fields (bind_type 3) for their types', () => {
    const fields = [
      stmt2Field('', TypeCode.INT, BindType.QUERY),
      stmt2Field('', TypeCode.TIMESTAMP, BindType.QUERY),
    ];
    const d = decodeStmt2BindData(encodeStmt2BindData([{ columns: [[5], [new Date(1000)]] }], fields));
    expect(d.columns![0]!.map(({ type, values }) => ({ type, values }))).toEqual([
      { type: TypeCode.INT, values: [5] },
      { type: TypeCode.TIMESTAMP, values: [1000n] },
    ]);
    // Numeric entries without NULLs also come as typed arrays.
    expect(d.columns![0]!.map((c) => c.typed)).toEqual([new Int32Array([5]), new BigInt64Array([1000n])]);
  });

  it.each<[string, Stmt2TableBind[], Stmt2Field[] | null, RegExp]>([
    ['no tables', [], FIELDS, /empty data/],
    ['tag count', [{ tableName: 'd1', tags: [], columns: [[1n], [1]] }], FIELDS, /tag count not match/],
    ['col count', [{ tableName: 'd1', tags: ['x'], columns: [[1n]] }], FIELDS, /col count not match/],
    [
      'ragged rows',
      [{ tableName: 'd1', tags: ['x'], columns: [[1n, 2n], [1]] }],
      FIELDS,
      /column 1 has 1 rows/,
    ],
    [
      'bad value',
      [{ tableName: 'd1', tags: ['x'], columns: [[1n], ['1']] }],
      FIELDS,
      /table 0 column v row 0: string '1' is not a valid INT/,
    ],
    [
      'bad decimal',
      [{ columns: [['x']] }],
      [stmt2Field('d', TypeCode.DECIMAL, BindType.COLUMN)],
      /'x' is not a decimal/,
    ],
    ['NUL in name', [{ tableName: 'a\0b', tags: ['x'], columns: [[1n], [1]] }], FIELDS, /contains NUL/],
    ['query rows', [{ columns: [[1, 2]] }], null, /must be one row/],
  ])('rejects %s when encoding', (_n, tables, fields, msg) => {
    expect(() => encodeStmt2BindData(tables, fields)).toThrow(msg);
  });
});

const F = (name: string, t: TypeCode, b: BindType, precision = 0) => stmt2Field(name, t, b, { precision });
const MANY = [
  F('tbname', TypeCode.VARCHAR, BindType.TBNAME),
  F('loc', TypeCode.NCHAR, BindType.TAG),
  F('gid', TypeCode.INT, BindType.TAG),
  F('ts', TypeCode.TIMESTAMP, BindType.COLUMN, 1),
  F('b', TypeCode.BOOL, BindType.COLUMN),
  F('i8', TypeCode.TINYINT, BindType.COLUMN),
  F('u16', TypeCode.USMALLINT, BindType.COLUMN),
  F('u64', TypeCode.UBIGINT, BindType.COLUMN),
  F('f', TypeCode.FLOAT, BindType.COLUMN),
  F('d', TypeCode.DOUBLE, BindType.COLUMN),
  F('s', TypeCode.VARCHAR, BindType.COLUMN),
  F('vb', TypeCode.VARBINARY, BindType.COLUMN),
  F('dec', TypeCode.DECIMAL, BindType.COLUMN),
];
const ROW_OK = [[1n], [true], [1], [0], [0], [0], [0], [null], [null], [null]];

describe('stmt2 bind data: every type, typed arrays, value checks', () => {
  // Bytes written by the connector's former encoder and the ByteWriter codec alike (both agreed).
  const tables: Stmt2TableBind[] = [
    {
      tableName: 'd1',
      tags: ['数据', 7],
      columns: [
        BigInt64Array.of(1n, 2n),
        [true, null],
        Int8Array.of(-128, 127),
        [65535, null],
        [18446744073709551615n, 0],
        [1.5, null],
        Float64Array.of(0.1, -0),
        ['a', null],
        [new Uint8Array([1, 2]), null],
        ['1.25', null],
      ],
    },
    { tableName: 'd2', tags: [null, null], columns: [[3n], ...ROW_OK.slice(1).map(() => [null])] },
  ];
  const HEX =
    '7502000002000000020000000a0000001c00000026000000880000000300030064310064320032000000280000001c0000000a0000000100000000010600000006000000e695b0e68dae16000000040000000100000000000400000007000000160000000a00000001000000010100000000000000001200000004000000010000000100000000001d010000c8000000230000000900000002000000000000100000000100000000000000020000000000000015000000010000000200000000010002000000010015000000020000000200000000000002000000807f170000000c0000000200000000010004000000ffff0000230000000e0000000200000000000010000000ffffffffffffffff00000000000000001b0000000600000002000000000100080000000000c03f00000000230000000700000002000000000000100000009a9999999999b93f00000000000000801c0000000800000002000000000101010000000000000001000000611d000000100000000200000000010102000000000000000200000001021f0000001100000002000000000101040000000000000004000000312e32351a00000009000000010000000000080000000300000000000000120000000100000001000000010000000000120000000200000001000000010000000000120000000c00000001000000010000000000120000000e00000001000000010000000000120000000600000001000000010000000000120000000700000001000000010000000000160000000800000001000000010100000000000000001600000010000000010000000101000000000000000016000000110000000100000001010000000000000000';
  const QUERY_HEX =
    'af00000001000000000000000600000000000000000000001c0000008f00000017000000080000000100000000010100000001000000781a000000050000000100000000000800000005000000000000001a000000070000000100000000000800000000000000000004401300000001000000010000000000010000000117000000080000000100000000010100000001000000411a0000000e00000001000000000008000000ffffffffffffffff';

  it('writes the known bytes (typed-array columns copied as bytes)', () => {
    expect(toHex(encodeStmt2BindData(tables, MANY))).toBe(HEX);
    const q = [{ columns: [['x'], [5], [2.5], [true], [new Uint8Array([65])], [2n ** 64n - 1n]] }];
    expect(toHex(encodeStmt2BindData(q, null))).toBe(QUERY_HEX);
  });

  it('writes the same bytes for a typed array as for the equal plain array', () => {
    const plain = tables.map((t) => ({ ...t, columns: t.columns!.map((c) => Array.from(c)) }));
    expect(toHex(encodeStmt2BindData(plain, MANY))).toBe(HEX);
  });

  it('decodes large batches exactly', () => {
    const n = 5000;
    const big: Stmt2TableBind[] = Array.from({ length: 20 }, (_, t) => ({
      tableName: `t${t}`,
      tags: [`loc${t}`, t],
      columns: [
        BigInt64Array.from({ length: n }, (_, i) => BigInt(i)),
        Array.from({ length: n }, (_, i) => i % 3 === 0),
        Int8Array.from({ length: n }, (_, i) => (i % 256) - 128),
        Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : i % 65536)),
        BigUint64Array.from({ length: n }, (_, i) => BigInt(i) * 3n),
        Float32Array.from({ length: n }, (_, i) => i / 4),
        Float64Array.from({ length: n }, (_, i) => i / 3),
        Array.from({ length: n }, (_, i) => `s${i}é`),
        Array.from({ length: n }, (_, i) => (i % 2 ? new Uint8Array([i & 255]) : null)),
        Array.from({ length: n }, (_, i) => `${i}.5`),
      ],
    }));
    const d = decodeStmt2BindData(encodeStmt2BindData(big, MANY));
    expect([d.count, d.tagCount, d.colCount, d.tableNames?.[19]]).toEqual([20, 2, 10, 't19']);
    expect(d.tags?.[3]?.map((c) => c.values[0])).toEqual(['loc3', 3]);
    const c = d.columns![7];
    expect([c[0].values[4999], c[2].values[0], c[4].values[10], c[5].values[3]]).toEqual([
      4999n,
      -128,
      30n,
      0.75,
    ]);
    expect(c[1].values.slice(0, 3)).toEqual([true, false, false]);
    expect(c[3].values.slice(0, 2)).toEqual([null, 1]);
    expect([c[7].values[42], c[9].values[7]]).toEqual(['s42é', '7.5']);
    expect(c[8].values.slice(0, 2)).toEqual([null, new Uint8Array([1])]);
  });

  it.each([
    [1, [2], /table 0 column b row 0: number 2 is not a valid BOOL/],
    [2, [128], /i8 row 0: number 128 is not a valid TINYINT/],
    [4, [-1n], /u64 row 0: bigint -1 is not a valid BIGINT UNSIGNED/],
    [0, [1.5], /ts row 0: number 1.5 is not a valid TIMESTAMP/],
    [5, ['1'], /f row 0: string '1' is not a valid FLOAT/],
    [7, [5], /s row 0: number is not a valid VARCHAR/],
    [9, ['1,5'], /dec row 0: '1,5' is not a decimal/],
  ])('refuses a bad value in column %i with the field, row and WRONG_VALUE_TYPE', (j, col, msg) => {
    const columns = ROW_OK.map((c, k) => (k === j ? col : c));
    const enc = (): Uint8Array => encodeStmt2BindData([{ tableName: 'x', tags: ['a', 1], columns }], MANY);
    expect(enc).toThrow(msg);
    expect(enc).toThrow(expect.objectContaining({ code: Code.WRONG_VALUE_TYPE }));
  });

  it('takes bigint for narrow integers when it fits, and strings for VARBINARY', () => {
    const columns = ROW_OK.map((c, k) => (k === 2 ? [5n] : k === 8 ? ['ab'] : c));
    const d = decodeStmt2BindData(encodeStmt2BindData([{ tableName: 'x', tags: ['a', 2n], columns }], MANY));
    expect([d.tags![0][1].values[0], d.columns![0][2].values[0]]).toEqual([2, 5]);
    expect(d.columns![0][8].values[0]).toEqual(new Uint8Array([0x61, 0x62]));
  });

  it('reports structural mistakes as INVALID_PARA', () => {
    const enc = (): Uint8Array =>
      encodeStmt2BindData([{ tableName: 'x', tags: ['a'], columns: ROW_OK }], MANY);
    expect(enc).toThrow(expect.objectContaining({ code: Code.INVALID_PARA }));
  });
});

describe('stmt2 bind data: strict decode', () => {
  const patch = (at: number, hex: string): Uint8Array => {
    const b = FIXTURE.slice();
    b.set(fromHex(hex), at);
    return b;
  };
  it.each([
    ['total length', patch(0, '7e000000'), /total length not match, expect 127, but get 126/],
    ['zero tables', patch(4, '00000000'), /table count is 0/],
    ['tag offset with 0 tags', patch(8, '00000000'), /tag count is 0, but tags offset is not 0/],
    ['name length 0', patch(28, '0000'), /table name length is 0/],
    ['name past the end', patch(28, 'ff00'), /table names out of range/],
    ['name without NUL', patch(32, '41'), /not NUL-terminated/],
    ['NUL inside a name', patch(30, '00'), /contains NUL/],
    ['tag size 0', patch(33, '00000000'), /tag length is 0, tableIndex: 0/],
    ['tag size too small', patch(33, '13000000'), /bind entry length 24 out of range/],
    ['tag size too big', patch(33, '19000000'), /size 25 does not match/],
    ['entry total', patch(37, '17000000'), /bind data length error/],
    ['have_length on INT', patch(65 + 35 + 14, '01'), /have_length 1 does not fit type 4/],
    ['is_null 2', patch(65 + 12, '02'), /is_null\[0\] is 2/],
    ['tag with 2 rows (layout shifts)', patch(45, '02000000'), /have_length 2 does not fit/],
    ['unknown type', patch(65 + 4, '63000000'), /unsupported buffer type 99/],
    ['fixed buffer size', patch(65 + 15, '08000000'), /buffer 8 in entry of 35|buffer of 8 bytes/],
    ['var lengths sum', patch(37 + 14, '01000000'), /lengths sum to 1/],
  ])('rejects %s', (_n, bytes, msg) => {
    expect(() => decodeStmt2BindData(bytes)).toThrow(msg);
    expect(() => decodeStmt2BindData(bytes)).toThrow(expect.objectContaining({ code: Code.ADAPTER_GENERIC }));
  });

  it('rejects every truncation, with the total length patched to match', () => {
    for (let k = 0; k < FIXTURE.length; k++) {
      const cut = FIXTURE.slice(0, k);
      if (k >= 4) new DataView(cut.buffer).setUint32(0, k, true);
      expect(() => decodeStmt2BindData(cut), `cut ${k}`).toThrow(TaosError);
    }
  });

  it('never crashes on single-byte corruption', () => {
    for (let i = 0; i < FIXTURE.length; i++) {
      const b = FIXTURE.slice();
      b[i] ^= 0xff;
      try {
        decodeStmt2BindData(b);
      } catch (e) {
        expect(e, `byte ${i}`).toBeInstanceOf(TaosError);
      }
    }
  });
});

describe('stmt2_bind message', () => {
  it('wraps bind data after header, version and col_idx', () => {
    const msg = encodeStmt2Bind(5n, 2n, FIXTURE);
    expect(toHex(msg.subarray(0, 30))).toBe(
      '0500000000000000' + '0200000000000000' + '0900000000000000' + '0100' + 'ffffffff',
    );
    const d = decodeStmt2Bind(msg);
    expect([d.reqId, d.stmtId, d.colIdx, d.data.tableNames]).toEqual([5n, 2n, -1, ['d1']]);
  });

  it('checks length and version', () => {
    const msg = encodeStmt2Bind(5n, 2n, FIXTURE);
    expect(() => decodeStmt2Bind(msg.subarray(0, 29))).toThrow('message length is too short');
    msg[24] = 2;
    expect(() => decodeStmt2Bind(msg)).toThrow('unknown stmt2 bind version:2');
  });
});
