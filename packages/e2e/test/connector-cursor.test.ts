/**
 * Parameter binding with hostile strings and the PEP 249-style cursor, against the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterfaceError, ProgrammingError, TDTimestamp, connect } from 'taosts';
import type { Connection, QueryEvent } from 'taosts';
import { startServer } from '@taosts/server';

let server: Awaited<ReturnType<typeof startServer>>;
let conn: Connection;
const events: QueryEvent[] = [];
beforeAll(async () => {
  server = await startServer({ port: 0, memory: true });
  conn = await connect({ url: `${server.url}/cur`, onQuery: (e) => events.push(e) });
  await conn.execute('create database cur', undefined);
  await conn.execute('create table cur.t (ts timestamp, n int, s varchar(100), b nchar(100))');
});
afterAll(async () => {
  await conn?.close();
  await server?.close();
});

const HOSTILE = [
  "'); drop database cur; --",
  "\\'); drop database cur; --",
  "'",
  "''",
  '\\',
  '\\\\',
  '"',
  '`',
  '?',
  ':n',
  '/* ? */',
  '-- ?',
  'a\nb\r\nc\td',
  '%_\\%\\_',
  '数据库🚀',
];

describe('binding', () => {
  it('stores and matches hostile strings exactly', async () => {
    const base = Date.UTC(2025, 0, 1);
    const rows = HOSTILE.map((s, k) => [new Date(base + k), k, s, s]);
    await conn.executeMany('insert into t values (?, ?, ?, ?)', rows);
    const r = await conn.query('select n, s, b from t order by ts');
    expect(r.rows).toStrictEqual(HOSTILE.map((s, k) => [k, s, s]));
    for (const [k, s] of HOSTILE.entries()) {
      const one = await conn.query('select n from t where s = ? and b = ?', [s, s]);
      expect([s, one.rows]).toStrictEqual([s, [[k]]]);
    }
    // the database survived every attempt
    expect((await conn.query('select count(*) from cur.t')).rows).toStrictEqual([[BigInt(HOSTILE.length)]]);
  });

  it('binds named parameters', async () => {
    const r = await conn.query('select n from t where s = :s and n >= :lo', { s: "'", lo: 0 });
    expect(r.rows).toStrictEqual([[HOSTILE.indexOf("'")]]);
  });

  it('refuses unbindable values before anything is sent', async () => {
    const before = events.length;
    await expect(
      conn.execute('insert into t values (?, ?, ?, ?)', [new Date(), NaN, 'x', 'y']),
    ).rejects.toThrow(/NaN/);
    await expect(
      conn.execute('insert into t values (?, ?, ?, ?)', [new Date(), 1, 'x']),
    ).rejects.toBeInstanceOf(ProgrammingError);
    await expect(
      // @ts-expect-error a plain object is not a BindValue; JavaScript callers reach the runtime check
      conn.execute('insert into t values (?, ?, ?, ?)', [new Date(), 1, { a: 1 }, 'y']),
    ).rejects.toThrow(/plain object/);
    await expect(
      // @ts-expect-error a function is not a BindValue (second row)
      conn.executeMany('insert into t values (?, ?, ?, ?)', [
        [new Date(), 1, 'x', 'y'],
        [new Date(), () => 1, 'x', 'y'],
      ]),
    ).rejects.toThrow(/function/);
    expect(events.length).toBe(before);
  });

  it('executeMany sends one statement for many rows', async () => {
    await conn.execute('create table many (ts timestamp, v bigint)');
    const before = events.length;
    const base = TDTimestamp.parse('2025-02-01T00:00:00.000Z').epochMs;
    const rows = Array.from({ length: 500 }, (_, k) => [new Date(base + k), 2n ** 53n + BigInt(k)]);
    expect(await conn.executeMany('insert into many values (?, ?)', rows)).toBe(500);
    expect(events.length - before).toBe(1);
    expect((await conn.query('select sum(v) from many')).rows).toStrictEqual([[500n * 2n ** 53n + 124750n]]);
  });
});

describe('cursor', () => {
  it('fetchOne / fetchMany / fetchAll walk one result', async () => {
    await using cur = conn.cursor();
    expect(cur.rowCount).toBe(-1);
    expect(cur.description).toBeNull();
    await expect(cur.fetchOne()).rejects.toBeInstanceOf(ProgrammingError);
    const n = await cur.execute('select n, s from t where n < ? order by n', [6]);
    expect(n).toBe(6);
    expect(cur.rowCount).toBe(6);
    expect(cur.affectedRows).toBeUndefined();
    expect(cur.description).toStrictEqual([
      ['n', 4, 4, 4, null, null, null],
      ['s', 8, 100, 100, null, null, null],
    ]);
    expect(await cur.fetchOne()).toStrictEqual([0, HOSTILE[0]]);
    expect(await cur.fetchMany()).toStrictEqual([[1, HOSTILE[1]]]);
    cur.arraySize = 2;
    expect(await cur.fetchMany()).toStrictEqual([
      [2, HOSTILE[2]],
      [3, HOSTILE[3]],
    ]);
    expect(await cur.fetchMany(5)).toStrictEqual([
      [4, HOSTILE[4]],
      [5, HOSTILE[5]],
    ]);
    expect(await cur.fetchMany(5)).toStrictEqual([]);
    expect(await cur.fetchOne()).toBeNull();
    expect(await cur.fetchAll()).toStrictEqual([]);
  });

  it('iterates with for await and reports DML counts', async () => {
    const cur = conn.cursor();
    const lines: string[] = [];
    cur.log((sql) => lines.push(sql));
    await cur.execute('select n from t where n < 3 order by n');
    const seen: unknown[] = [];
    for await (const row of cur) seen.push(row[0]);
    expect(seen).toStrictEqual([0, 1, 2]);
    const written = await cur.execute('insert into t values (?, 100, ?, ?)', [
      '2025-03-01T00:00:00Z',
      'x',
      'y',
    ]);
    expect(written).toBe(1);
    expect(cur.affectedRows).toBe(1);
    expect(cur.rowCount).toBe(1);
    expect(cur.description).toBeNull();
    await expect(cur.fetchAll()).rejects.toThrow(/did not produce a result set/);
    expect(lines).toStrictEqual([
      'select n from t where n < 3 order by n',
      "insert into t values ('2025-03-01T00:00:00Z', 100, 'x', 'y')",
    ]);
    await cur.close();
    await cur.close();
    await expect(cur.execute('select 1')).rejects.toBeInstanceOf(InterfaceError);
  });

  it('executeMany on a cursor sums affected rows', async () => {
    const cur = conn.cursor();
    const n = await cur.executeMany('insert into t (ts, n) values (?, ?)', [
      ['2025-04-01T00:00:00Z', 200],
      ['2025-04-01T00:00:01Z', 201],
    ]);
    expect(n).toBe(2);
    expect(cur.affectedRows).toBe(2);
  });

  it('a SELECT aliasing a column affected_rows is still a query', async () => {
    const r = await conn.query('select n as affected_rows from t where n = 1');
    expect(r.affectedRows).toBeUndefined();
    expect(r.rows).toStrictEqual([[1]]);
    await using cur = conn.cursor();
    await cur.execute('/* c */ SELECT n AS affected_rows FROM t WHERE n = 1');
    expect(await cur.fetchAll()).toStrictEqual([[1]]);
  });

  it('object rows', async () => {
    const r = await conn.query('select n, s from t where n = 0');
    expect(r.objects()).toStrictEqual([{ n: 0, s: HOSTILE[0] }]);
    expect(r.column('s')).toStrictEqual([HOSTILE[0]]);
  });
});
