import { describe, expect, it } from 'vitest';
import { TypeCode } from '@taosts/protocol';
import type { Value } from '../engine/types.js';
import { cellRenderer } from './cell-renderer.js';

// Expected text per protocol.md §2.5 / taosAdapter restful_test.go TestAllType.
describe('cellRenderer', () => {
  const rows: [string, TypeCode, Exclude<Value, null>, string][] = [
    ['BOOL true', TypeCode.BOOL, true, 'true'],
    ['BOOL false', TypeCode.BOOL, false, 'false'],
    ['TINYINT', TypeCode.TINYINT, -128, '-128'],
    ['SMALLINT', TypeCode.SMALLINT, 32767, '32767'],
    ['INT', TypeCode.INT, -2147483648, '-2147483648'],
    ['BIGINT max', TypeCode.BIGINT, 9223372036854775807n, '9223372036854775807'],
    ['BIGINT min', TypeCode.BIGINT, -9223372036854775808n, '-9223372036854775808'],
    ['TINYINT UNSIGNED', TypeCode.UTINYINT, 255, '255'],
    ['INT UNSIGNED', TypeCode.UINT, 4294967295, '4294967295'],
    ['BIGINT UNSIGNED max', TypeCode.UBIGINT, 18446744073709551615n, '18446744073709551615'],
    ['FLOAT', TypeCode.FLOAT, Math.fround(10.3), '10.3'],
    ['FLOAT NaN', TypeCode.FLOAT, NaN, 'null'],
    ['DOUBLE', TypeCode.DOUBLE, 10.3, '10.3'],
    ['DOUBLE small', TypeCode.DOUBLE, 1e-7, '1e-07'],
    ['TIMESTAMP', TypeCode.TIMESTAMP, 1656481855401n, '"2022-06-29T05:50:55.401Z"'],
    ['VARCHAR', TypeCode.VARCHAR, 'a"b\\c\n', '"a\\"b\\\\c\\n"'],
    ['NCHAR', TypeCode.NCHAR, '中文', '"中文"'],
    ['JSON inlined raw', TypeCode.JSON, '{"table":"t1"}', '{"table":"t1"}'],
    ['JSON scalar', TypeCode.JSON, '"t1"', '"t1"'],
    ['VARBINARY', TypeCode.VARBINARY, new Uint8Array([0x00, 0xab, 0x10]), '"00ab10"'],
    ['VARBINARY subarray', TypeCode.VARBINARY, new Uint8Array([1, 2, 3, 4]).subarray(1, 3), '"0203"'],
    [
      'GEOMETRY',
      TypeCode.GEOMETRY,
      Buffer.from('010100000000000000000059400000000000005940', 'hex'),
      '"010100000000000000000059400000000000005940"',
    ],
    ['BLOB', TypeCode.BLOB, new Uint8Array([0xff]), '"ff"'],
    ['DECIMAL', TypeCode.DECIMAL, '-0.0012', '"-0.0012"'],
    ['DECIMAL64', TypeCode.DECIMAL64, '4467440737095516.1230', '"4467440737095516.1230"'],
  ];
  it.each(rows)('%s', (_n, type, value, want) => {
    expect(cellRenderer({ name: 'c', type, length: 0 }, 'ms', 'UTC')(value)).toBe(want);
  });

  it('renders TIMESTAMP in the result precision', () => {
    const col = { name: 'ts', type: TypeCode.TIMESTAMP, length: 8 };
    expect(cellRenderer(col, 'us', 'UTC')(1656481855401002n)).toBe('"2022-06-29T05:50:55.401002Z"');
    expect(cellRenderer(col, 'ns', 'Asia/Shanghai')(1656481855401002003n)).toBe(
      '"2022-06-29T13:50:55.401002003+08:00"',
    );
  });
});
