import { describe, expect, it } from 'vitest';
import { BindType, TypeCode, decodeStmt2BindData, encodeStmt2BindData, stmt2Field } from '@taosts/protocol';
import type { Stmt2TableBind } from '@taosts/protocol';
import { encodeStmt2Data } from './stmt2-encode.js';

const F = (name: string, t: TypeCode, b: number, precision = 0) =>
  stmt2Field(name, t, b as never, { precision });
const FIELDS = [
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

const small: Stmt2TableBind[] = [
  {
    tableName: 'd1',
    tags: ['数据', 7],
    columns: [
      [1n, 2n],
      [true, null],
      [-128, 127],
      [65535, null],
      [18446744073709551615n, 0],
      [1.5, null],
      [0.1, -0],
      ['a', null],
      [new Uint8Array([1, 2]), null],
      ['1.25', null],
    ],
  },
  {
    tableName: 'd2',
    tags: [null, null],
    columns: [[3n], [null], [null], [null], [null], [null], [null], [null], [null], [null]],
  },
];

describe('encodeStmt2Data', () => {
  it('writes the same bytes as the protocol codec (inputs small enough for it)', () => {
    expect(Buffer.from(encodeStmt2Data(small, FIELDS))).toStrictEqual(
      Buffer.from(encodeStmt2BindData(small, FIELDS)),
    );
    const q = [{ columns: [['x'], [5], [2.5], [true], [new Uint8Array([65])], [2n ** 64n - 1n]] }];
    expect(Buffer.from(encodeStmt2Data(q, null))).toStrictEqual(Buffer.from(encodeStmt2BindData(q, null)));
  });

  it('large batches decode exactly, typed-array columns copied as bytes', () => {
    const n = 5000;
    const tables: Stmt2TableBind[] = Array.from({ length: 20 }, (_, t) => ({
      tableName: `t${t}`,
      tags: [`loc${t}`, t],
      columns: [
        BigInt64Array.from({ length: n }, (_, i) => BigInt(i)) as never,
        Array.from({ length: n }, (_, i) => i % 3 === 0),
        Int8Array.from({ length: n }, (_, i) => (i % 256) - 128) as never,
        Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : i % 65536)),
        BigUint64Array.from({ length: n }, (_, i) => BigInt(i) * 3n) as never,
        Float32Array.from({ length: n }, (_, i) => i / 4) as never,
        Float64Array.from({ length: n }, (_, i) => i / 3) as never,
        Array.from({ length: n }, (_, i) => `s${i}é`),
        Array.from({ length: n }, (_, i) => (i % 2 ? new Uint8Array([i & 255]) : null)),
        Array.from({ length: n }, (_, i) => `${i}.5`),
      ],
    }));
    const d = decodeStmt2BindData(encodeStmt2Data(tables, FIELDS));
    expect([d.count, d.tagCount, d.colCount]).toStrictEqual([20, 2, 10]);
    expect(d.tableNames?.[19]).toBe('t19');
    expect(d.tags?.[3]?.map((c) => c.values[0])).toStrictEqual(['loc3', 3]);
    const c = d.columns![7]!;
    expect(c[0]!.values[4999]).toBe(4999n);
    expect(c[1]!.values.slice(0, 3)).toStrictEqual([true, false, false]);
    expect(c[2]!.values[0]).toBe(-128);
    expect(c[3]!.values.slice(0, 2)).toStrictEqual([null, 1]);
    expect(c[4]!.values[10]).toBe(30n);
    expect(c[5]!.values[3]).toBe(0.75);
    expect(c[6]!.values[3]).toBe(1);
    expect(c[7]!.values[42]).toBe('s42é');
    expect(c[8]!.values.slice(0, 2)).toStrictEqual([null, new Uint8Array([1])]);
    expect(c[9]!.values[7]).toBe('7.5');
  });

  it.each([
    [[[1n], [2], [0], [0], [0], [0], [0], [null], [null], [null]], /b row 0: number 2 is not a valid BOOL/],
    [[[1n], [true], [128], [0], [0], [0], [0], [null], [null], [null]], /i8 row 0: number 128/],
    [[[1n], [true], [1], [0], [-1n], [0], [0], [null], [null], [null]], /u64 row 0/],
    [[[1.5], [true], [1], [0], [0], [0], [0], [null], [null], [null]], /ts row 0/],
    [[[1n], [true], [1], [0], [0], ['1'], [0], [null], [null], [null]], /f row 0: string/],
    [[[1n], [true], [1], [0], [0], [0], [0], [5], [null], [null]], /s row 0: number/],
    [[[1n], [true], [1], [0], [0], [0], [0], [null], [null], ['1,5']], /dec row 0: '1,5' is not a decimal/],
  ])('refuses bad values with the field and row: %#', (columns, msg) => {
    expect(() =>
      encodeStmt2Data([{ tableName: 'x', tags: ['a', 1], columns: columns as never }], FIELDS),
    ).toThrow(msg);
  });
});
