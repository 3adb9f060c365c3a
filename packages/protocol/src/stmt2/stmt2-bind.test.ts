import { describe, expect, it } from 'vitest';
import { Code, TaosError } from '../errors.js';
import { TypeCode } from '../types.js';
import { fromHex, toHex } from '../util/hex.js';
import { decodeStmt2Bind, decodeStmt2BindData, encodeStmt2Bind, encodeStmt2BindData } from './stmt2-bind.js';
import { BindType, stmt2Field } from './stmt2-fields.js';

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
    expect(d.columns![0]).toEqual([
      { type: TypeCode.INT, values: [5] },
      { type: TypeCode.TIMESTAMP, values: [1000n] },
    ]);
  });

  it.each([
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
      /table 0 column 1: row 0: string/,
    ],
    [
      'bad decimal',
      [{ columns: [['x']] }],
      [stmt2Field('d', TypeCode.DECIMAL, BindType.COLUMN)],
      /string is not a valid value/,
    ],
    ['NUL in name', [{ tableName: 'a\0b', tags: ['x'], columns: [[1n], [1]] }], FIELDS, /contains NUL/],
    ['query rows', [{ columns: [[1, 2]] }], null, /must be one row/],
  ] as const)('rejects %s when encoding', (_n, tables, fields, msg) => {
    expect(() => encodeStmt2BindData(tables as never, fields)).toThrow(msg);
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
