import { describe, expect, it } from 'vitest';
import { decodeRestBody } from './rest-decode.js';
import { TDTimestamp } from './timestamp.js';
import type { TimestampMode, Value } from './values.js';
import { Zone } from './zone.js';

const ctx = (timestampMode: TimestampMode = 'timestamp', zone?: Zone) => ({ timestampMode, zone });

/** A one-column body with the given type and raw JSON cells. */
function one(type: string, len: number, ...cells: string[]): string {
  return `{"code":0,"column_meta":[["c","${type}",${len}]],"data":[${cells.map((c) => `[${c}]`).join(',')}],"rows":${cells.length}}`;
}

function values(body: string, mode: TimestampMode = 'timestamp'): Value[] {
  return decodeRestBody(body, ctx(mode)).data.map((r) => r[0] as Value);
}

const bytes = (...b: number[]) => new Uint8Array(b);

describe('decodeRestBody: one value per type', () => {
  const cases: [type: string, len: number, raw: string, expected: Value][] = [
    ['BOOL', 1, 'true', true],
    ['BOOL', 1, 'false', false],
    ['TINYINT', 1, '-128', -128],
    ['SMALLINT', 2, '32767', 32767],
    ['INT', 4, '-2147483648', -2147483648],
    ['INT UNSIGNED', 4, '4294967295', 4294967295],
    ['TINYINT UNSIGNED', 1, '255', 255],
    ['BIGINT', 8, '9223372036854775807', 9223372036854775807n],
    ['BIGINT', 8, '-9223372036854775808', -9223372036854775808n],
    ['BIGINT', 8, '9007199254740993', 9007199254740993n],
    ['BIGINT', 8, '-1', -1n],
    ['BIGINT', 8, '0', 0n],
    ['BIGINT UNSIGNED', 8, '18446744073709551615', 18446744073709551615n],
    ['FLOAT', 4, '10.123', 10.123],
    ['FLOAT', 4, '3.4028235e+38', 3.4028235e38],
    ['FLOAT', 4, '1e-7', 1e-7],
    ['DOUBLE', 8, '-0', -0],
    ['DOUBLE', 8, '1.7976931348623157e+308', 1.7976931348623157e308],
    ['DOUBLE', 8, '5e-324', 5e-324],
    ['DOUBLE', 8, '0.30000000000000004', 0.30000000000000004],
    ['DOUBLE', 8, '123456789012345680000', 123456789012345680000],
    ['DOUBLE', 8, '2.5E-3', 0.0025],
    ['VARCHAR', 20, '"abc"', 'abc'],
    ['VARCHAR', 20, '""', ''],
    ['VARCHAR', 20, String.raw`"q\"b\\s\/n\nt\tr\r\u0001\u00e9"`, 'q"b\\s/n\nt\tr\r\u0001é'],
    ['VARCHAR', 20, String.raw`"'); drop database x; --"`, "'); drop database x; --"],
    ['NCHAR', 10, '"数据库🚀"', '数据库🚀'],
    ['NCHAR', 10, String.raw`"\ud83d\ude80"`, '🚀'],
    ['VARBINARY', 8, '"0aff10"', bytes(0x0a, 0xff, 0x10)],
    ['VARBINARY', 8, '""', bytes()],
    [
      'GEOMETRY',
      21,
      '"010100000000000000000059400000000000005940"',
      Uint8Array.from(Buffer.from('010100000000000000000059400000000000005940', 'hex')),
    ],
    ['BLOB', 4194304, '"DEADBEEF"', bytes(0xde, 0xad, 0xbe, 0xef)],
    ['DECIMAL(20,4)', 16, '"4467440737095516.1230"', '4467440737095516.1230'],
    ['DECIMAL(10,4)', 8, '"-0.0012"', '-0.0012'],
    ['DECIMAL(38,0)', 16, '12345678901234567890123456789', '12345678901234567890123456789'],
    [
      'JSON',
      4095,
      '{"table":"t1","n":1.5,"nested":{"a":[1,2]},"u":"\\u00e9"}',
      { table: 't1', n: 1.5, nested: { a: [1, 2] }, u: 'é' },
    ],
    ['JSON', 4095, '"t1"', 't1'],
    ['JSON', 4095, '42', 42],
  ];
  it.each(cases)('%s %s', (type, len, raw, expected) => {
    const [v] = values(one(type, len, raw));
    if (typeof expected === 'number') expect(Object.is(v, expected)).toBe(true);
    else expect(v).toStrictEqual(expected);
  });

  const types = [
    'BOOL',
    'TINYINT',
    'INT',
    'BIGINT',
    'BIGINT UNSIGNED',
    'FLOAT',
    'DOUBLE',
    'TIMESTAMP',
    'VARCHAR',
    'NCHAR',
    'JSON',
    'VARBINARY',
    'GEOMETRY',
    'DECIMAL(10,2)',
    'NULL',
  ];
  it.each(types)('NULL in a %s column is null', (type) => {
    expect(values(one(type, 8, 'null', ' null '))).toStrictEqual([null, null]);
  });
});

describe('decodeRestBody: int64Mode string (JSON-safe)', () => {
  it.each([
    ['BIGINT', '9223372036854775807', '9223372036854775807'],
    ['BIGINT', '-9223372036854775808', '-9223372036854775808'],
    ['BIGINT', '-1', '-1'],
    ['BIGINT UNSIGNED', '18446744073709551615', '18446744073709551615'],
    ['BIGINT', 'null', null],
  ])('%s %s', (type, raw, want) => {
    const r = decodeRestBody(one(type, 8, raw), {
      timestampMode: 'timestamp',
      int64Mode: 'string',
      zone: undefined,
    });
    expect(r.data[0]?.[0]).toBe(want);
    // the generic path (object rows) agrees
    const objs = `{"code":0,"column_meta":[["c","${type}",8]],"data":[{"c":${raw}}],"rows":1}`;
    expect(
      decodeRestBody(objs, { timestampMode: 'timestamp', int64Mode: 'string', zone: undefined }).data[0]?.[0],
    ).toBe(want);
  });
});

describe('decodeRestBody: timestamps', () => {
  const t = (raw: string, mode: TimestampMode) => values(one('TIMESTAMP', 8, JSON.stringify(raw)), mode)[0];
  const cases: [raw: string, epoch: bigint, precision: string][] = [
    ['2022-06-29T05:50:55.401Z', 1656481855401n, 'ms'],
    ['2022-06-29T13:50:55.401+08:00', 1656481855401n, 'ms'],
    ['2022-06-29T05:50:55.401123Z', 1656481855401123n, 'us'],
    ['2022-06-29T05:50:55.401123456Z', 1656481855401123456n, 'ns'],
    ['2262-04-11T23:47:16.854775807Z', 9223372036854775807n, 'ns'],
    ['1969-12-31T23:59:59.999999999Z', -1n, 'ns'],
    ['1969-12-31T15:59:59.999-08:00', -1n, 'ms'],
    ['1677-09-21T00:12:43.145224193Z', -9223372036854775807n, 'ns'],
    ['2022-06-29T05:50:55.4Z', 1656481855400n, 'ms'], // pre-3.0.5 trimmed digits
    ['2022-06-29 05:50:55.401', 1656481855401n, 'ms'], // zone-less: UTC by default
  ];
  it.each(cases)('%s', (raw, epoch, precision) => {
    const ts = t(raw, 'timestamp') as TDTimestamp;
    expect(ts).toBeInstanceOf(TDTimestamp);
    expect(ts.epoch).toBe(epoch);
    expect(ts.precision).toBe(precision);
    expect(t(raw, 'bigint')).toBe(epoch);
    expect(t(raw, 'string')).toBe(raw);
    expect((t(raw, 'date') as Date).getTime()).toBe(ts.epochMs);
  });

  it('derives the result precision from the first timestamp', () => {
    const body = `{"code":0,"column_meta":[["ts","TIMESTAMP",8]],"data":[[null],["2024-01-01T00:00:00.000000001Z"]],"rows":2}`;
    expect(decodeRestBody(body, ctx()).precision).toBe('ns');
    expect(decodeRestBody(one('INT', 4, '1'), ctx()).precision).toBeUndefined();
  });

  it('reads zone-less timestamps in the session zone', () => {
    const r = decodeRestBody(
      one('TIMESTAMP', 8, '"2024-01-01 08:00:00.000"'),
      ctx('timestamp', Zone.of('Asia/Shanghai')),
    );
    expect((r.data[0]?.[0] as TDTimestamp).toISOString()).toBe('2024-01-01T00:00:00.000Z');
  });

  it('accepts epoch numbers from servers that send them', () => {
    expect((values(one('TIMESTAMP', 8, '1700000000000'))[0] as TDTimestamp).epoch).toBe(1700000000000n);
  });
});

describe('decodeRestBody: shapes', () => {
  it('decodes a full query reply with fields and timing', () => {
    const body =
      '{"code":0,"column_meta":[["ts","TIMESTAMP",8],["v","INT",4],["s","VARCHAR",20]],' +
      '"data":[["2022-06-29T05:50:55.401Z",1,"abc"],["2022-06-29T05:50:56.000Z",null,null]],"rows":2,"timing":9007199254740993}';
    const r = decodeRestBody(body, ctx('string'));
    expect(r.fields).toStrictEqual([
      { name: 'ts', type: 'TIMESTAMP', typeCode: 9, length: 8 },
      { name: 'v', type: 'INT', typeCode: 4, length: 4 },
      { name: 's', type: 'VARCHAR', typeCode: 8, length: 20 },
    ]);
    expect(r.data).toStrictEqual([
      ['2022-06-29T05:50:55.401Z', 1, 'abc'],
      ['2022-06-29T05:50:56.000Z', null, null],
    ]);
    expect(r.rows).toBe(2);
    expect(r.timing).toBe(9007199254740993n);
    expect(r.code).toBe(0);
  });

  it('tolerates whitespace everywhere', () => {
    const body =
      ' { "code" : 0 , "column_meta" : [ [ "a" , "BIGINT" , 8 ] , [ "b" , "VARCHAR" , 4 ] ] , "data" : [ [ 1 , "x" ] , [ -2 , "y" ] ] , "rows" : 2 } ';
    expect(decodeRestBody(body, ctx()).data).toStrictEqual([
      [1n, 'x'],
      [-2n, 'y'],
    ]);
  });

  it('decodes row_with_meta object rows and data before column_meta', () => {
    const objs =
      '{"code":0,"column_meta":[["a","BIGINT",8],["b","VARCHAR",4]],"data":[{"a":9223372036854775807,"b":"x"}],"rows":1}';
    expect(decodeRestBody(objs, ctx()).data).toStrictEqual([[9223372036854775807n, 'x']]);
    const reordered =
      '{"data":[[18446744073709551615]],"code":0,"column_meta":[["a","BIGINT UNSIGNED",8]],"rows":1}';
    expect(decodeRestBody(reordered, ctx()).data).toStrictEqual([[18446744073709551615n]]);
  });

  it('decodes an affected-rows reply, an empty result, an error and a bare string', () => {
    expect(
      decodeRestBody('{"code":0,"column_meta":[["affected_rows","INT",4]],"data":[[3]],"rows":1}', ctx())
        .data,
    ).toStrictEqual([[3]]);
    const empty = decodeRestBody('{"code":0,"column_meta":[["ts","TIMESTAMP",8]],"data":[],"rows":0}', ctx());
    expect(empty.data).toStrictEqual([]);
    expect(empty.fields).toHaveLength(1);
    const err = decodeRestBody('{"code":9731,"desc":"Table does not exist: t","timing":512345}', ctx());
    expect(err).toMatchObject({ code: 0x2603, desc: 'Table does not exist: t' });
    expect(decodeRestBody('"memory exceeds threshold"', ctx())).toMatchObject({
      code: 0xffff,
      desc: 'memory exceeds threshold',
    });
  });

  it('accepts numeric type codes in column_meta (older servers)', () => {
    const r = decodeRestBody(
      '{"status":"succ","head":["a"],"column_meta":[["a",5,8]],"data":[[9223372036854775807]],"rows":1}',
      ctx(),
    );
    expect(r.fields[0]).toStrictEqual({ name: 'a', type: 'BIGINT', typeCode: 5, length: 8 });
    expect(r.data).toStrictEqual([[9223372036854775807n]]);
  });

  it.each([
    '{"code":0,"column_meta":[["a","INT",4]],"data":[[1,2]],"rows":1}',
    '{"code":0,"column_meta":[["a","INT",4]],"data":[[1]',
    '{"code":0,"column_meta":[["a","VARCHAR",4]],"data":[["abc]],"rows":1}',
    '{"code":0,"column_meta":[["a","INT",4]],"data":[[1.2.3]],"rows":1}',
    '<html>bad gateway</html>',
    '{"code":0,"column_meta":[["a","BIGINT",8]],"data":[[1.5]],"rows":1}',
  ])('rejects malformed %s', (body) => {
    expect(() => decodeRestBody(body, ctx())).toThrow();
  });

  it('every truncation of a reply fails cleanly (no hang, no partial result)', () => {
    const body =
      '{"code":0,"column_meta":[["ts","TIMESTAMP",8],["v","BIGINT",8],["s","VARCHAR",9],["b","VARBINARY",4],["f","FLOAT",4],["j","JSON",99]],' +
      '"data":[["2024-01-01T00:00:00.123456789+08:00",-9223372036854775808,"a\\"b","0aff",1.5e-7,{"k":"]"}]],"rows":1}';
    expect(decodeRestBody(body, ctx()).rows).toBe(1);
    for (let cut = 0; cut < body.length; cut++) {
      if (body.slice(cut).trim() === '') continue;
      expect([cut, () => decodeRestBody(body.slice(0, cut), ctx())]).toSatisfy(([, f]) => {
        try {
          (f as () => unknown)();
          return false;
        } catch {
          return true;
        }
      });
    }
  });

  it('reads every float exactly as JSON.parse does', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const nums: string[] = [];
    for (let k = 0; k < 5000; k++) {
      const x = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20);
      nums.push(String(x), String(Math.fround(x)), x.toFixed(Math.floor(rnd() * 8)));
    }
    const body = one('DOUBLE', 8, ...nums);
    const got = values(body);
    const want = nums.map((n) => JSON.parse(n) as number);
    for (let k = 0; k < nums.length; k++)
      if (!Object.is(got[k], want[k])) expect([nums[k], got[k]]).toStrictEqual([nums[k], want[k]]);
  });
});
