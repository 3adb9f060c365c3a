import { describe, expect, it } from 'vitest';
import type { Params } from '../bind.js';
import { AddressLoad, backoffDelay } from './address-load.js';
import { serverBindable } from './server-bind.js';
import type { StmtValue } from './stmt-values.js';
import { BindType, TypeCode, stmt2Field } from '@taosts/protocol';

const A = { host: 'a', port: 1 };
const B = { host: 'b', port: 2 };
const C = { host: 'c', port: 3 };

describe('AddressLoad', () => {
  it('orders addresses by open connections, ties in URL order', () => {
    const load = new AddressLoad();
    expect(load.order([A, B, C])).toStrictEqual([A, B, C]);
    load.acquire(A);
    load.acquire(A);
    load.acquire(B);
    expect(load.order([A, B, C])).toStrictEqual([C, B, A]);
    load.release(A);
    load.release(A);
    expect(load.order([A, B, C])).toStrictEqual([A, C, B]);
    expect(load.count(A)).toBe(0);
  });
});

describe('backoffDelay', () => {
  it.each([0, 1, 2, 3, 10])('attempt %i stays within [cap/2, cap]', (n) => {
    const cap = Math.min(2000, 200 * 2 ** n);
    for (const rnd of [0, 0.3, 0.999]) {
      const d = backoffDelay(n, 200, 2000, () => rnd);
      expect(d).toBeGreaterThanOrEqual(cap / 2);
      expect(d).toBeLessThanOrEqual(cap);
    }
  });

  it('is exponential with equal jitter', () => {
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, 100, 1000, () => 0))).toStrictEqual([
      50, 100, 200, 400, 500,
    ]);
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, 100, 1000, () => 1))).toStrictEqual([
      100, 200, 400, 800, 1000,
    ]);
  });
});

describe('serverBindable', () => {
  it.each<[string, Params, string, StmtValue[]]>([
    ['select * from t where a = ?', [1], 'select * from t where a = ?', [1]],
    ['insert into t values (:ts, :v)', { v: 2, ts: 1 }, 'insert into t values (?, ?)', [1, 2]],
    ["insert into t values (?, '?')", [1], "insert into t values (?, '?')", [1]],
  ])('%s', (sql, params, text, values) => {
    const b = serverBindable(sql, params)!;
    expect([b.sql, b.values]).toStrictEqual([text, values]);
  });

  it.each<[string, Params]>([
    ['create table t (a int)', [1]],
    ['delete from t where a = ?', [1]],
    ['select * from t where a in (?)', [[1, 2]]],
    ['select 1', []],
    ['select ? + ?', [1]],
  ])('stays client-side: %s', (sql, params) => {
    expect(serverBindable(sql, params)).toBeUndefined();
  });

  it('maps values onto prepared fields in order', () => {
    const b = serverBindable('insert into ? using st tags (?) values (?, ?)', ['d1', 'SF', 1n, 2.5])!;
    const fields = [
      stmt2Field('tbname', TypeCode.VARCHAR, BindType.TBNAME),
      stmt2Field('loc', TypeCode.VARCHAR, BindType.TAG),
      stmt2Field('ts', TypeCode.TIMESTAMP, BindType.COLUMN),
      stmt2Field('v', TypeCode.DOUBLE, BindType.COLUMN),
    ];
    expect(b.toTable(fields)).toStrictEqual({ table: 'd1', tags: ['SF'], rows: [[1n, 2.5]] });
    expect(() => b.toTable(fields.slice(1))).toThrow(/3 placeholders, 4 values/);
  });
});
