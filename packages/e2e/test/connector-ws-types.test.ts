/**
 * Every column type × ms/us/ns over WebSocket gives exactly the values REST gives, and exactly
 * what was written: rows inserted with client-side SQL (REST) and with server-side stmt2 binds
 * (WS `execute(sql, params)`) read back identically over both transports, in every value mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TDTimestamp, connect } from 'taosts';
import type { Connection, Precision, Value } from 'taosts';
import { startServer } from '@taosts/server';
import { TYPE_COLUMNS, TYPE_ROWS, norm } from './helpers/type-fixture.js';

let server: Awaited<ReturnType<typeof startServer>>;
let rest: Connection;
let ws: Connection;
let wsUrl: string;
beforeAll(async () => {
  server = await startServer({ port: 0, memory: true });
  wsUrl = server.url.replace(/^http/, 'ws');
  rest = await connect({ url: server.url, compression: false });
  ws = await connect(wsUrl);
});
afterAll(async () => {
  await rest?.close();
  await ws?.close();
  await server?.close();
});

const COLUMNS = TYPE_COLUMNS;
const ROWS = TYPE_ROWS;

const TS: Record<Precision, string[]> = {
  ms: [
    '2025-03-01T00:00:00.001Z',
    '2025-03-01T00:00:00.999Z',
    '2025-06-30T23:59:59.123Z',
    '2025-07-01T00:00:00.000Z',
    '2025-07-01T00:00:00.500Z',
  ],
  us: [
    '2025-03-01T00:00:00.000001Z',
    '2025-03-01T00:00:00.999999Z',
    '2025-06-30T23:59:59.123456Z',
    '2025-07-01T00:00:00.000000Z',
    '2025-07-01T00:00:00.500001Z',
  ],
  ns: [
    '2025-03-01T00:00:00.000000001Z',
    '2025-03-01T00:00:00.999999999Z',
    '2025-06-30T23:59:59.123456789Z',
    '2025-07-01T00:00:00.000000000Z',
    '2200-07-01T00:00:00.500000001Z',
  ],
};

const TYPES = ['TIMESTAMP', ...COLUMNS.map(([, t]) => t), 'TIMESTAMP'];
const normRows = (rows: readonly Value[][]) => rows.map((r) => r.map((v, c) => norm(v, TYPES[c] as string)));

describe.each(['ms', 'us', 'ns'] as const)('%s database', (precision) => {
  const db = `wt_${precision}`;
  const cols = `ts timestamp, ${COLUMNS.map(([n, t]) => `${n} ${t}`).join(', ')}, c_ts timestamp`;
  const rows = ROWS.map((r, k) => [
    TDTimestamp.parse(TS[precision][k] as string),
    ...r,
    k === 0 ? TDTimestamp.fromEpoch(-1n, precision) : null,
  ]);

  it('writes the rows through REST (SQL text) and through WS (stmt2 binds)', async () => {
    await rest.execute(`create database ${db} precision '${precision}'`);
    await rest.execute(`create table ${db}.by_rest (${cols})`);
    await rest.execute(`create table ${db}.by_ws (${cols})`);
    const holes = rows[0]!.map(() => '?').join(', ');
    expect(await rest.executeMany(`insert into ${db}.by_rest values (${holes})`, rows)).toBe(rows.length);
    for (const row of rows)
      expect(await ws.execute(`insert into ${db}.by_ws values (${holes})`, row)).toBe(1);
  });

  it.each(['by_rest', 'by_ws'])('reads %s back exactly, WS values equal to REST values', async (table) => {
    const sql = `select * from ${db}.${table} order by ts`;
    const [a, b] = [await rest.query(sql), await ws.query(sql)];
    expect(b.fields).toStrictEqual(a.fields);
    expect(b.precision).toBe(precision);
    expect(normRows(b.rows)).toStrictEqual(normRows(rows));
    expect(normRows(b.rows)).toStrictEqual(normRows(a.rows));
    // FLOAT is the same number over both (the shortest decimal, as REST prints it).
    expect(b.column('c_f')).toStrictEqual(a.column('c_f'));
  });

  it('timestamp and int64 modes match REST', async () => {
    for (const opts of [
      { timestampMode: 'bigint' },
      { timestampMode: 'date' },
      { timestampMode: 'string', timezone: 'Asia/Shanghai' },
      { int64Mode: 'string' },
    ] as const) {
      const r = await connect({ url: server.url, compression: false, ...opts });
      const w = await connect({ url: wsUrl, ...opts });
      try {
        const sql = `select ts, c_bi, c_ubi, c_ts from ${db}.by_ws order by ts`;
        const [x, y] = [await r.query(sql), await w.query(sql)];
        if (opts.timestampMode === 'string') {
          // Same instants; the server renders REST text in the session zone, we render WS text there too.
          expect(
            y.rows.map((row) => [TDTimestamp.parse(row[0] as string).toISOString(), row[1], row[2]]),
          ).toStrictEqual(
            x.rows.map((row) => [TDTimestamp.parse(row[0] as string).toISOString(), row[1], row[2]]),
          );
          expect(String(y.rows[0]![0])).toMatch(/\+08:00$/);
        } else expect(y.rows).toStrictEqual(x.rows);
      } finally {
        await r.close();
        await w.close();
      }
    }
  });
});

describe('types beyond the basic columns', () => {
  it('JSON tags, DECIMAL, GEOMETRY are the same over both', async () => {
    await rest.execute('create database wx');
    await rest.execute(
      'create stable wx.st (ts timestamp, v int, d decimal(20,4), s decimal(10,2), g geometry(64)) tags (j json)',
    );
    await rest.execute('insert into wx.d1 using wx.st tags (?) values (?, 1, ?, ?, ?)', [
      JSON.stringify({ k: 'v', n: 1.5, u: 'é"\\' }),
      '2025-01-01T00:00:00Z',
      '4467440737095516.123',
      '-0.01',
      'POINT(100 100)',
    ]);
    await rest.execute(
      "insert into wx.d2 using wx.st tags ('{}') values ('2025-01-01T00:00:00Z', 2, null, null, null)",
    );
    const sql = 'select j, d, s, g, v from wx.st order by v';
    const [a, b] = [await rest.query(sql), await ws.query(sql)];
    // WS carries the real type code (DECIMAL64 = 21 for precision ≤ 18); REST only has the name.
    expect(b.fields.map((f) => f.typeCode)).toStrictEqual([15, 17, 21, 20, 4]);
    expect(b.fields.map(({ name, type, length }) => ({ name, type, length }))).toStrictEqual(
      a.fields.map(({ name, type, length }) => ({ name, type, length })),
    );
    expect(b.rows).toStrictEqual(a.rows);
    expect(b.rows[0]!.slice(0, 3)).toStrictEqual([
      { k: 'v', n: 1.5, u: 'é"\\' },
      '4467440737095516.1230',
      '-0.01',
    ]);
    expect(Buffer.from(b.rows[0]![3] as Uint8Array).toString('hex')).toBe(
      '010100000000000000000059400000000000005940',
    );
  });

  it('non-query statements report affected rows; DDL 0', async () => {
    expect(await ws.execute('create database if not exists wy')).toBe(0);
    expect(await ws.execute('create table wy.t (ts timestamp, v int)')).toBe(0);
    expect(
      await ws.execute("insert into wy.t values ('2025-01-01T00:00:00Z', 1) ('2025-01-01T00:00:01Z', 2)"),
    ).toBe(2);
    const r = await ws.query('select count(*) from wy.t');
    expect(r.rows).toStrictEqual([[2n]]);
    expect(r.affectedRows).toBeUndefined();
    expect((await ws.query('show databases')).rowCount).toBeGreaterThan(2);
  });
});
