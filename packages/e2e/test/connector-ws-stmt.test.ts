/**
 * Prepared statements over stmt2 against the real embedded server: many child tables with tags
 * in one bind (column-wise typed arrays and row arrays), exact read-back, query parameters,
 * `execute(sql, params)` bound on the server, errors, and a write cut after it was sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConnectionLostError,
  DataError,
  InterfaceError,
  NotSupportedError,
  TDTimestamp,
  TDengineError,
  connect,
} from 'taosts';
import type { Connection } from 'taosts';
import { startServer } from '@taosts/server';
import { FaultProxy } from '../../connector/src/testing/fault-proxy.js';

let server: Awaited<ReturnType<typeof startServer>>;
let proxy: FaultProxy;
let conn: Connection;
beforeAll(async () => {
  server = await startServer({ port: 0, memory: true });
  proxy = await FaultProxy.start({ host: '127.0.0.1', port: server.port });
  conn = await connect(proxy.url);
  await conn.execute("create database ws2 precision 'us'");
  await conn.execute('use ws2');
  await conn.execute(
    'create stable ws2.meters (ts timestamp, current float, voltage int, phase double, note nchar(16)) tags (location varchar(32), groupid int)',
  );
});
afterAll(async () => {
  await conn?.close();
  await proxy?.close();
  await server?.close();
});

const T0 = 1_735_689_600_000_000n; // 2025-01-01 in µs

describe('stmt2 inserts', () => {
  it('binds many child tables with tags in one stmt2_bind, column-wise and row-wise', async () => {
    await using stmt = await conn.prepare(
      'insert into ? using ws2.meters tags (?, ?) values (?, ?, ?, ?, ?)',
    );
    expect(stmt.isInsert).toBe(true);
    expect(stmt.fields?.map((f) => [f.name, f.bind_type])).toStrictEqual([
      ['tbname', 4],
      ['location', 2],
      ['groupid', 2],
      ['ts', 1],
      ['current', 1],
      ['voltage', 1],
      ['phase', 1],
      ['note', 1],
    ]);
    const N = 1000;
    for (let t = 0; t < 10; t++) {
      stmt.bind({
        table: `d${t}`,
        tags: [`California.${t}`, t],
        columns: [
          BigInt64Array.from({ length: N }, (_, i) => T0 + BigInt(i)),
          Float32Array.from({ length: N }, (_, i) => 10 + i / 8),
          Int32Array.from({ length: N }, () => 200 + t),
          Float64Array.from({ length: N }, (_, i) => i / 3),
          Array.from({ length: N }, (_, i) => (i % 10 === 0 ? null : `数据${i}`)),
        ],
      });
    }
    stmt.bind({
      table: 'd10',
      tags: ['Los Angeles', null],
      rows: [
        [TDTimestamp.fromEpoch(T0, 'us'), 1.5, 220, 0.25, 'a'],
        ['2025-01-01T00:00:00.000001Z', null, null, null, null],
        [new Date(Number(T0 / 1000n) + 2), -1.25, -1, -0.5, '🚀'],
      ],
    });
    expect(stmt.pendingTables).toBe(11);
    const bindsBefore = proxy.count('client', '#9');
    expect(await stmt.execute()).toBe(10 * N + 3);
    await new Promise((r) => setTimeout(r, 30));
    expect(proxy.count('client', '#9') - bindsBefore).toBe(1); // one round trip for every table

    const r = await conn.query(
      'select tbname, location, groupid, count(*), sum(voltage), min(ts), max(ts) from ws2.meters where tbname != "d10" partition by tbname, location, groupid order by tbname',
    );
    expect(r.rowCount).toBe(10);
    expect(r.rows[3]!.slice(0, 5)).toStrictEqual(['d3', 'California.3', 3, BigInt(N), BigInt(N * 203)]);
    expect((r.rows[3]![6] as TDTimestamp).epoch).toBe(T0 + BigInt(N - 1));
    const d5 = await conn.query('select ts, current, phase, note from ws2.d5 order by ts limit 3');
    expect(d5.rows.map((row) => [(row[0] as TDTimestamp).epoch, row[1], row[2], row[3]])).toStrictEqual([
      [T0, 10, 0, null],
      [T0 + 1n, 10.125, 1 / 3, '数据1'],
      [T0 + 2n, 10.25, 2 / 3, '数据2'],
    ]);
    const d10 = await conn.query(
      'select ts, current, voltage, phase, note, location, groupid from ws2.d10 order by ts',
    );
    expect(d10.rows.map((row) => [(row[0] as TDTimestamp).toISOString(), ...row.slice(1)])).toStrictEqual([
      ['2025-01-01T00:00:00.000000Z', 1.5, 220, 0.25, 'a', 'Los Angeles', null],
      ['2025-01-01T00:00:00.000001Z', null, null, null, null, 'Los Angeles', null],
      ['2025-01-01T00:00:00.002000Z', -1.25, -1, -0.5, '🚀', 'Los Angeles', null],
    ]);
  });

  it('checks binds against the prepared fields before sending anything', async () => {
    await using stmt = await conn.prepare(
      'insert into ? using ws2.meters tags (?, ?) values (?, ?, ?, ?, ?)',
    );
    expect(() => stmt.bind({ tags: ['x', 1], rows: [[T0, 1, 1, 1, 'a']] })).toThrow(/table name/);
    expect(() => stmt.bind({ table: 'dx', tags: ['x'], rows: [[T0, 1, 1, 1, 'a']] })).toThrow(/2 tag value/);
    expect(() => stmt.bind({ table: 'dx', tags: ['x', 1], rows: [[T0, 1, 1]] })).toThrow(/5 value/);
    expect(() =>
      stmt.bind({ table: 'dx', tags: ['x', 1], columns: [[T0], [1], [1, 2], [1], ['a']] }),
    ).toThrow(/column 2 has 2 rows/);
    await expect(stmt.execute()).rejects.toThrow(/nothing to execute/);
    stmt.bind({ table: 'dx', tags: ['x', 1], rows: [[T0, 'not a float', 1, 1, 'a']] });
    await expect(stmt.execute()).rejects.toBeInstanceOf(DataError);
    expect(stmt.pendingTables).toBe(0);
    // the server's own checks come back as TDengine errors
    stmt.bind({ table: 'dx', tags: ['x', 1], rows: [[T0, 1, 1, 1, 'far too long for nchar(16)']] });
    const err = await stmt.execute().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TDengineError);
    expect(err).not.toBeInstanceOf(InterfaceError);
    expect((err as TDengineError).code).not.toBe(0);
  });

  it('a fixed-table INSERT: no table, no tags', async () => {
    await conn.execute('create table ws2.plain (ts timestamp, v bigint unsigned, b varbinary(8), j bool)');
    await using stmt = await conn.prepare('insert into ws2.plain values (?, ?, ?, ?)');
    expect(() => stmt.bind({ table: 'x', rows: [[T0, 1n, null, true]] })).toThrow(/do not pass "table"/);
    stmt.bind({
      rows: [
        [T0, 18446744073709551615n, new Uint8Array([0, 255]), true],
        [T0 + 1n, 0, null, false],
      ],
    });
    expect(await stmt.execute()).toBe(2);
    const r = await conn.query('select v, b, j from ws2.plain order by ts');
    expect(r.rows).toStrictEqual([
      [18446744073709551615n, new Uint8Array([0, 255]), true],
      [0n, null, false],
    ]);
  });

  it('a write cut after stmt2_exec was sent is an error, never replayed', async () => {
    await conn.execute('create table ws2.cut (ts timestamp, v int)');
    const c = await connect(proxy.url);
    try {
      await using stmt = await c.prepare('insert into ws2.cut values (?, ?)');
      stmt.bind({ rows: [[T0, 1]] });
      const execs = proxy.count('client', 'stmt2_exec');
      proxy.rules = [
        (m) => (m.from === 'client' && m.action === 'stmt2_exec' ? 'forward-then-drop' : undefined),
      ];
      const err = await stmt.execute().catch((e: unknown) => e);
      proxy.rules = [];
      expect(err).toBeInstanceOf(ConnectionLostError);
      expect(proxy.count('client', 'stmt2_exec') - execs).toBe(1);
      // the statement re-prepares itself on the new connection
      stmt.bind({ rows: [[T0 + 1n, 2]] });
      expect(await stmt.execute()).toBe(1);
      expect((await conn.query('select v from ws2.cut order by ts')).rows).toStrictEqual([[1], [2]]);
    } finally {
      proxy.rules = [];
      await c.close();
    }
  });
});

describe('stmt2 queries and server-side parameters', () => {
  it('a query statement with ? runs many times with different values', async () => {
    await using stmt = await conn.prepare(
      'select tbname, count(*) from ws2.meters where groupid = ? and ts >= ? and note = ? group by tbname',
    );
    expect(stmt.isInsert).toBe(false);
    expect(stmt.paramCount).toBe(3);
    const q1 = await stmt.query([4, TDTimestamp.fromEpoch(T0 + 1n, 'us'), '数据1']);
    expect(q1.rows).toStrictEqual([['d4', 1n]]);
    const q2 = await stmt.query([7, '2025-01-01T00:00:00Z', "it's not there"]);
    expect(q2.rows).toStrictEqual([]);
    await expect(stmt.query([1])).rejects.toThrow(/3 parameter/);
  });

  it('execute/query with params bind on the server (stmt2 frames, no SQL literal)', async () => {
    await conn.execute('create table ws2.p (ts timestamp, s varchar(40), v double)');
    const before = proxy.count('client', 'stmt2_prepare');
    const tricky = "'); drop database ws2; -- ?";
    expect(
      await conn.execute('insert into ws2.p values (?, ?, ?)', [
        TDTimestamp.fromEpoch(T0, 'us'),
        tricky,
        1.5,
      ]),
    ).toBe(1);
    expect(
      await conn.execute('insert into ws2.p values (:ts, :s, :v)', {
        ts: '2025-01-01T00:00:00.000001Z',
        s: 'named',
        v: null,
      }),
    ).toBe(1);
    const r = await conn.query('select s, v from ws2.p where s = ? or v is null order by ts', [tricky]);
    expect(r.rows).toStrictEqual([
      [tricky, 1.5],
      ['named', null],
    ]);
    await new Promise((res) => setTimeout(res, 30));
    expect(proxy.count('client', 'stmt2_prepare') - before).toBe(3);
    // the SQL text the server saw never contained the value; only the binary bind did
    const sqlFrames = proxy.log.filter(
      (m) => m.from === 'client' && (m.action === '#6' || m.action === 'stmt2_prepare'),
    );
    expect(sqlFrames.some((m) => m.payload.includes('drop database'))).toBe(false);
    expect(proxy.log.some((m) => m.action === '#9' && m.payload.includes('drop database'))).toBe(true);
    // IN (?) with an array expands client-side, as over REST
    expect(
      (await conn.query('select count(*) from ws2.p where s in (?)', [[tricky, 'named']])).rows,
    ).toStrictEqual([[2n]]);
  });

  it('prepare needs WebSocket', async () => {
    const rest = await connect(server.url);
    try {
      await expect(rest.prepare('select 1')).rejects.toBeInstanceOf(NotSupportedError);
    } finally {
      await rest.close();
    }
  });
});
