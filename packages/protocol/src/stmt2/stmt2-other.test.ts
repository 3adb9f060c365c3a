import { describe, expect, it } from 'vitest';
import { Code, TaosError } from '../errors.js';
import { TypeCode } from '../types.js';
import { fromHex, toHex } from '../util/hex.js';
import { BinaryAction } from '../ws/binary-actions.js';
import { decodeStmt1Bind, encodeStmt1Bind } from './stmt1-bind.js';
import {
  decodeStmt2BindExec,
  decodeStmt2ColumnBindData,
  encodeStmt2BindExec,
  encodeStmt2ColumnBindData,
} from './stmt2-bind-exec.js';
import { BindType, decodeStmt2Fields, fieldRoles, stmt2Field } from './stmt2-fields.js';

const FIELDS = [
  stmt2Field('tbname', TypeCode.VARCHAR, BindType.TBNAME),
  stmt2Field('v', TypeCode.INT, BindType.COLUMN),
];

// protocol.md §6.2: total | row_count | table_count | field_count | field_offset=20 | entries
const COLUMN_FIXTURE = fromHex(`
  4e000000 02000000 01000000 02000000 14000000
  1f000000 08000000 02000000 0000 01 02000000 02000000 04000000 64316431
  1b000000 04000000 02000000 0001 00 08000000 07000000 00000000`);

describe('stmt2_bind_exec (id 11) column format', () => {
  it('encodes and decodes the documented layout', () => {
    const data = encodeStmt2ColumnBindData(
      [
        ['d1', 'd1'],
        [7, null],
      ],
      FIELDS,
    );
    expect(toHex(data)).toBe(toHex(COLUMN_FIXTURE));
    expect(decodeStmt2ColumnBindData(COLUMN_FIXTURE)).toEqual({
      rowCount: 2,
      tableCount: 1,
      fields: [
        { type: TypeCode.VARCHAR, values: ['d1', 'd1'] },
        { type: TypeCode.INT, values: [7, null] },
      ],
    });
  });

  it('counts runs of identical consecutive table names', () => {
    const data = encodeStmt2ColumnBindData(
      [
        ['a', 'a', 'b', 'a'],
        [1, 2, 3, 4],
      ],
      FIELDS,
    );
    expect(decodeStmt2ColumnBindData(data).tableCount).toBe(3);
  });

  it('wraps the data in a message', () => {
    const msg = encodeStmt2BindExec(1n, 4n, COLUMN_FIXTURE);
    expect(toHex(msg.subarray(16, 26))).toBe('0b00000000000000' + '0100');
    expect(decodeStmt2BindExec(msg)).toMatchObject({ reqId: 1n, stmtId: 4n, data: { rowCount: 2 } });
    msg[24] = 9;
    expect(() => decodeStmt2BindExec(msg)).toThrow('unknown stmt2 bind exec version:9');
  });

  const patch = (at: number, hex: string, extra = 0): Uint8Array => {
    const b = new Uint8Array(COLUMN_FIXTURE.length + extra);
    b.set(COLUMN_FIXTURE);
    b.set(fromHex(hex), at);
    return b;
  };
  it.each([
    ['row count 0', patch(4, '00000000'), 'row count is 0'],
    ['field count 0', patch(12, '00000000'), 'field count is 0'],
    ['field offset', patch(16, '10000000'), 'field offset out of range, total length: 78, field offset: 16'],
    ['too many fields', patch(12, '01100000'), 'field count exceeds maximum 4096: 4097'],
    ['entry rows', patch(4, '03000000'), 'column 0 row count not match, got: 2, expect: 3'],
    ['trailing bytes', patch(0, '4f000000', 1), 'payload has trailing bytes'],
    ['total length', patch(0, '4f000000'), 'total length not match, expect 78, but get 79'],
  ])('rejects %s', (_n, bytes, msg) => {
    expect(() => decodeStmt2ColumnBindData(bytes)).toThrow(new TaosError(Code.ADAPTER_GENERIC, msg));
  });

  it.each([
    ['row mismatch', [['a'], [1, 2]], /row count not match, column:1/],
    ['field mismatch', [['a']], /column count not match/],
    ['empty tbname', [[''], [1]], /invalid tbname at row 0/],
  ])('rejects %s when encoding', (_n, cols, msg) => {
    expect(() => encodeStmt2ColumnBindData(cols, FIELDS)).toThrow(msg);
  });
});

describe('stmt1 binary set_tags (1) / bind (2)', () => {
  it('puts a raw block at offset 24 with flagSegment 0', () => {
    const msg = encodeStmt1Bind(
      7n,
      3n,
      BinaryAction.BIND,
      [{ type: TypeCode.TIMESTAMP, values: [1n, 2n] }],
      2,
    );
    expect(toHex(msg.subarray(16, 24))).toBe('0200000000000000');
    expect(toHex(msg.subarray(24 + 16, 24 + 20))).toBe('00000000');
    const d = decodeStmt1Bind(msg);
    expect([d.reqId, d.stmtId, d.action, d.block.rows]).toEqual([7n, 3n, 2, 2]);
    expect(d.block.columns[0].data).toEqual(new BigInt64Array([1n, 2n]));
  });

  it('reads with the statement types and checks set_tags has one row', () => {
    const msg = encodeStmt1Bind(1, 1, BinaryAction.BIND, [{ type: TypeCode.BIGINT, values: [1n, 2n] }], 2);
    expect(decodeStmt1Bind(msg, [TypeCode.TIMESTAMP]).block.columns[0].type).toBe(TypeCode.TIMESTAMP);
    expect(() => decodeStmt1Bind(msg, [TypeCode.INT])).toThrow(
      expect.objectContaining({ code: Code.INVALID_DATA_FMT }),
    );
    expect(() =>
      encodeStmt1Bind(1, 1, BinaryAction.SET_TAGS, [{ type: TypeCode.INT, values: [1, 2] }], 2),
    ).toThrow(/exactly one row/);
    msg[16] = BinaryAction.SET_TAGS;
    expect(() => decodeStmt1Bind(msg)).toThrow(/set_tags block has 2 rows/);
  });
});

describe('stmt2_prepare fields', () => {
  const json = [
    { name: 'tbname', field_type: 8, precision: 0, scale: 0, bytes: 194, bind_type: 4 },
    { name: 'loc', field_type: 10, precision: 0, scale: 0, bytes: 102, bind_type: 2 },
    { name: 'ts', field_type: 9, precision: 2, scale: 0, bytes: 8, bind_type: 1 },
  ];
  it('validates and splits by role', () => {
    const fields = decodeStmt2Fields(json)!;
    expect(fields).toEqual(json);
    const roles = fieldRoles(fields);
    expect([roles.tbname?.name, roles.tags.map((f) => f.name), roles.columns.map((f) => f.name)]).toEqual([
      'tbname',
      ['loc'],
      ['ts'],
    ]);
    expect(decodeStmt2Fields(null)).toBeNull();
  });
  it.each([
    ['not an array', { a: 1 }, /not an array/],
    ['unknown type', [{ ...json[0], field_type: 99 }], /unknown field_type 99/],
    ['unknown bind type', [{ ...json[0], bind_type: 5 }], /unknown bind_type 5/],
    ['name', [{ ...json[0], name: 1 }], /name is not a string/],
  ])('rejects %s', (_n, v, msg) => {
    expect(() => decodeStmt2Fields(v)).toThrow(msg);
  });
});
