import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code, TypeCode } from '@taosts/protocol';
import type { TaosEngine } from '../engine/engine.js';
import { errorCode, memoryEngine, query, run, session } from '../engine/test-helpers.js';

let engine: TaosEngine;
beforeAll(async () => {
  engine = await memoryEngine();
});
afterAll(async () => {
  await engine.close();
});

const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));

/** (type, SQL literal, stored value as read back). */
const values: [string, string, unknown][] = [
  ['bool', 'true', true],
  ['bool', "'f'", false],
  ['bool', '0', false],
  ['bool', '2.5', true],
  ['tinyint', '-128', -128],
  ['tinyint', "'127'", 127],
  ['smallint', '-32768', -32768],
  ['int', '2147483647', 2147483647],
  ['int', '0x1F', 31],
  ['int', '3.9', 3],
  ['bigint', '-9223372036854775808', -9223372036854775808n],
  ['bigint', '9223372036854775807', 9223372036854775807n],
  ['tinyint unsigned', '255', 255],
  ['smallint unsigned', '65535', 65535],
  ['int unsigned', '4294967295', 4294967295],
  ['bigint unsigned', '18446744073709551615', 18446744073709551615n],
  ['float', '3.14', Math.fround(3.14)],
  ['float', "'-1.5e3'", -1500],
  ['double', '2.718281828459045', 2.718281828459045],
  ['double', '1e300', 1e300],
  ['varchar(10)', "'héllo'", 'héllo'],
  ['varchar(10)', '123', '123'],
  ['varchar(10)', "''", ''],
  ['nchar(3)', "'日本語'", '日本語'],
  ['varbinary(8)', "'\\x7f8290'", hex('7f8290')],
  ['varbinary(8)', "'abc'", hex('616263')],
  ['geometry(64)', "'POINT(100 100)'", hex('010100000000000000000059400000000000005940')],
  [
    'geometry(128)',
    "'LINESTRING(1 2, 3 4)'",
    hex('010200000002000000000000000000f03f000000000000004000000000000008400000000000001040'),
  ],
  ['decimal(10,2)', '12.345', '12.35'],
  ['decimal(10,2)', "'-0.001'", '0.00'],
  ['decimal(20,4)', '4467440737095516.123', '4467440737095516.1230'],
  ['int', 'null', null],
  ['int', "'NULL'", null],
  ['varchar(10)', 'NULL', null],
];

describe('values round-trip by type', () => {
  values.forEach(([type, literal, expected], i) => {
    it(`${type} ← ${literal}`, async () => {
      const s = session();
      await run(
        engine,
        s,
        `create database if not exists rt`,
        'use rt',
        `create table t${i} (ts timestamp, v ${type})`,
        `insert into t${i} values (1626164208000, ${literal})`,
      );
      const rows = await query(engine, s, `select v from t${i}`);
      expect(rows).toEqual([[expected]]);
    });
  });
});

/** (type, literal, code). */
const bad: [string, string, number][] = [
  ['tinyint', '128', Code.TSC_SQL_SYNTAX_ERROR],
  ['tinyint unsigned', '-1', Code.TSC_SQL_SYNTAX_ERROR],
  ['bigint', '9223372036854775808', Code.TSC_SQL_SYNTAX_ERROR],
  ['bigint unsigned', '18446744073709551616', Code.TSC_SQL_SYNTAX_ERROR],
  ['int', "''", Code.TSC_SQL_SYNTAX_ERROR],
  ['float', '1e39', Code.TSC_SQL_SYNTAX_ERROR],
  ['double', "'abc'", Code.TSC_SQL_SYNTAX_ERROR],
  ['bool', "'maybe'", Code.TSC_SQL_SYNTAX_ERROR],
  ['varchar(3)', "'日本'", Code.VALUE_TOO_LONG],
  ['nchar(2)', "'日本語'", Code.VALUE_TOO_LONG],
  ['varbinary(2)', "'\\x010203'", Code.VALUE_TOO_LONG],
  ['varbinary(8)', "'\\x0'", Code.TSC_SQL_SYNTAX_ERROR],
  ['geometry(64)', "'POINT(1)'", Code.TSC_SQL_SYNTAX_ERROR],
  ['decimal(4,2)', '123.4', Code.DECIMAL_OVERFLOW],
];

describe('value validation errors', () => {
  bad.forEach(([type, literal, code], i) => {
    it(`${type} ← ${literal} → 0x${code.toString(16)}`, async () => {
      const s = session();
      await run(
        engine,
        s,
        'create database if not exists bad',
        'use bad',
        `create table b${i} (ts timestamp, v ${type})`,
      );
      expect(await errorCode(engine, s, `insert into b${i} values (1626164208000, ${literal})`)).toBe(code);
      expect(await query(engine, s, `select count(*) from b${i}`)).toEqual([[0n]]);
    });
  });
});

describe('JSON tags', () => {
  it('stores a flat object, treats empty forms as NULL, rejects nesting', async () => {
    const s = session();
    await run(
      engine,
      s,
      'create database if not exists js',
      'use js',
      'create stable sj (ts timestamp, v int) tags (j json)',
    );
    await run(
      engine,
      s,
      `create table j1 using sj tags ('{"k":"v","n":1}')`,
      "create table j2 using sj tags ('{}')",
      "create table j3 using sj tags ('')",
    );
    expect(await query(engine, s, 'show table tags from sj')).toEqual([
      ['j1', '{"k":"v","n":1}'],
      ['j2', null],
      ['j3', null],
    ]);
    expect(await errorCode(engine, s, `create table j4 using sj tags ('{"a":{"b":1}}')`)).toBe(0x022d);
    expect(await errorCode(engine, s, "create table j4 using sj tags ('not json')")).toBe(0x022c);
  });
});

/** The same instant in each precision; ticks stay exact (no Number rounding). */
describe('precisions', () => {
  for (const [p, ts, text] of [
    ['ms', 1626164208123n, '2021-07-13 08:16:48.123'],
    ['us', 1626164208123456n, '2021-07-13 08:16:48.123456'],
    ['ns', 1626164208123456789n, '2021-07-13 08:16:48.123456789'],
  ] as const) {
    it(`${p}: integer ticks and strings`, async () => {
      const s = session();
      await run(
        engine,
        s,
        `create database p_${p} precision '${p}'`,
        `use p_${p}`,
        'create table t (ts timestamp, v bigint, t2 timestamp)',
      );
      await run(engine, s, `insert into t values (${ts}, 1, '${text}') ('${text}' + 1s, 2, ${ts})`);
      const r = await engine.execute('select ts, v, t2 from t order by ts', s);
      expect(r.kind === 'query' && r.precision).toBe(p);
      expect(r.kind === 'query' && r.columns.map((c) => c.type)).toEqual([
        TypeCode.TIMESTAMP,
        TypeCode.BIGINT,
        TypeCode.TIMESTAMP,
      ]);
      const second = p === 'ms' ? 1000n : p === 'us' ? 1_000_000n : 1_000_000_000n;
      expect(await query(engine, s, 'select ts, v, t2 from t order by ts')).toEqual([
        [ts, 1n, ts],
        [ts + second, 2n, ts],
      ]);
    });
  }

  it('units finer than the precision are rejected', async () => {
    const s = session();
    await run(
      engine,
      s,
      'create database if not exists pfine',
      'use pfine',
      'create table t (ts timestamp, v int)',
    );
    expect(await errorCode(engine, s, 'insert into t values (1626164208000 + 1u, 1)')).toBe(
      Code.FUNC_TIME_UNIT_TOO_SMALL,
    );
  });
});
