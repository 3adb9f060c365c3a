/**
 * The query path over WebSocket against the real embedded server: multiplexing on one socket,
 * session state (`USE`), streaming with backpressure and early free, abort, timeouts, errors.
 * A message-aware TCP proxy sits in between to count frames and to hold replies back.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, InterfaceError, ProgrammingError, TDTimestamp, TimeoutError, connect } from 'taosts';
import type { Connection } from 'taosts';
import { startServer } from '@taosts/server';
import { FaultProxy } from '../../connector/src/testing/fault-proxy.js';

let server: Awaited<ReturnType<typeof startServer>>;
let proxy: FaultProxy;
let conn: Connection;
const ROWS = 10_000; // the server sends 4096-row blocks: 3 blocks
beforeAll(async () => {
  server = await startServer({ port: 0, memory: true });
  proxy = await FaultProxy.start({ host: '127.0.0.1', port: server.port });
  conn = await connect(proxy.url, { timeout: 10_000 });
  await conn.execute('create database wq');
  await conn.execute('create table wq.t (ts timestamp, v int, s varchar(12))');
  const t0 = Date.UTC(2025, 0, 1);
  for (let k = 0; k < ROWS; k += 2000) {
    const values = Array.from(
      { length: 2000 },
      (_, i) => `(${t0 + k + i}, ${k + i}, 's${(k + i) % 7}')`,
    ).join(' ');
    await conn.execute(`insert into wq.t values ${values}`);
  }
});
afterAll(async () => {
  await conn?.close();
  await proxy?.close();
  await server?.close();
});
/** Let frames in flight reach the proxy's log. */
const settle = () => new Promise((r) => setTimeout(r, 30));
afterEach(() => {
  proxy.rules = [];
  proxy.frozen = false;
  proxy.blackhole = false;
});

describe('ws: queries', () => {
  it('is the ws transport and knows the server version', async () => {
    expect(conn.transport).toBe('ws');
    expect(await conn.serverVersion()).toMatch(/^3\./);
  });

  it('multiplexes concurrent requests on one socket, each reply to its caller', async () => {
    const before = proxy.connections;
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => conn.query(`select v, s from wq.t where v = ${i * 400}`)),
    );
    results.forEach((r, i) => expect(r.rows).toStrictEqual([[i * 400, `s${(i * 400) % 7}`]]));
    expect(proxy.connections).toBe(before);
  });

  it('reads a multi-block result completely and in order', async () => {
    const r = await conn.query('select ts, v from wq.t order by ts');
    expect(r.rowCount).toBe(ROWS);
    expect(r.rows[ROWS - 1]).toStrictEqual([
      TDTimestamp.fromEpoch(BigInt(Date.UTC(2025, 0, 1) + ROWS - 1)),
      ROWS - 1,
    ]);
    expect(r.rows.every((row, i) => row[1] === i)).toBe(true);
  });

  it('maps server errors to the error classes with TDengine codes', async () => {
    const e1 = await conn.query('select * from wq.nope').catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ProgrammingError);
    expect(e1).toMatchObject({ code: 0x2662 === (e1 as { code: number }).code ? 0x2662 : 0x2603 });
    expect((e1 as { sql: string }).sql).toBe('select * from wq.nope');
    const e2 = await conn.query('selec 1').catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(ProgrammingError);
    expect((await conn.query('select 1')).rows).toStrictEqual([[1n]]);
  });

  it('offering permessage-deflate is harmless when the server declines it', async () => {
    const c = await connect(proxy.url, { perMessageDeflate: true });
    try {
      expect((await c.query('select count(*) from wq.t')).rows).toStrictEqual([[BigInt(ROWS)]]);
    } finally {
      await c.close();
    }
  });

  it('USE persists in the session and is restored after a reconnect', async () => {
    const c = await connect(proxy.url);
    try {
      await c.execute('use wq');
      expect((await c.query('select count(*) from t')).rows).toStrictEqual([[BigInt(ROWS)]]);
      proxy.dropAll();
      expect((await c.query('select count(*) from t')).rows).toStrictEqual([[BigInt(ROWS)]]);
    } finally {
      await c.close();
    }
  });
});

describe('ws: streaming', () => {
  it('rows, batches and column blocks', async () => {
    let n = 0;
    await using s = await conn.stream('select ts, v, s from wq.t order by ts');
    expect(s.fields.map((f) => f.name)).toStrictEqual(['ts', 'v', 's']);
    for await (const row of s) {
      expect(row[1]).toBe(n);
      n++;
    }
    expect(n).toBe(ROWS);

    const sizes: number[] = [];
    for await (const rows of (await conn.stream('select v from wq.t')).batches()) sizes.push(rows.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(ROWS);
    expect(sizes.length).toBeGreaterThan(1);

    let sum = 0;
    let ts0: bigint | undefined;
    for await (const b of (await conn.stream('select ts, v, s from wq.t order by ts')).blocks()) {
      const [ts, v, str] = b.columns;
      expect(v!.data).toBeInstanceOf(Int32Array);
      expect(ts!.data).toBeInstanceOf(BigInt64Array);
      ts0 ??= (ts!.data as BigInt64Array)[0];
      for (let r = 0; r < b.rows; r++) sum += (v!.data as Int32Array)[r]!;
      expect(str!.get(0)).toMatch(/^s\d$/);
    }
    expect(ts0).toBe(BigInt(Date.UTC(2025, 0, 1)));
    expect(sum).toBe((ROWS * (ROWS - 1)) / 2);
  });

  it('fetches at most one block ahead of the loop (backpressure)', async () => {
    const fetches = () => proxy.count('client', '#7');
    const s = await conn.stream('select v from wq.t');
    const f0 = fetches();
    const it = s.batches();
    const first = await it.next();
    await settle();
    expect(fetches() - f0).toBe(2); // one block in hand, the next one fetched ahead
    await settle();
    expect(fetches() - f0).toBe(2); // and no more while the loop does not ask
    const second = await it.next();
    await settle();
    expect(fetches() - f0).toBe(3);
    expect((first.value as unknown[][]).length + (second.value as unknown[][]).length).toBeLessThanOrEqual(
      ROWS,
    );
    await it.return(undefined);
  });

  it('breaking out of the loop frees the result on the server', async () => {
    const frees = () => proxy.count('client', 'free_result');
    await settle();
    const f0 = frees();
    for await (const row of await conn.stream('select v from wq.t')) {
      expect(row[0]).toBe(0);
      break;
    }
    await settle();
    expect(frees() - f0).toBe(1);
    // The server caps open results per connection (1024): 1100 abandoned streams only work
    // if every one was freed.
    const c = await connect(server.url.replace(/^http/, 'ws'));
    try {
      for (let i = 0; i < 1100; i++) {
        for await (const _ of await c.stream('select 1')) break;
      }
      expect((await c.query('select count(*) from wq.t')).rows).toStrictEqual([[BigInt(ROWS)]]);
    } finally {
      await c.close();
    }
  });

  it('an abort mid-stream rejects with AbortError and frees the result', async () => {
    const ac = new AbortController();
    await settle();
    const f0 = proxy.count('client', 'free_result');
    const s = await conn.stream('select v from wq.t', undefined, { signal: ac.signal });
    let n = 0;
    const err = await (async () => {
      for await (const _ of s) if (++n === 5000) ac.abort(new Error('stop'));
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(n).toBe(5000);
    await settle();
    expect(proxy.count('client', 'free_result') - f0).toBe(1);
    const pre = await conn
      .query('select 1', undefined, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(pre).toBeInstanceOf(AbortError);
    expect((await conn.query('select count(*) from wq.t')).rows).toStrictEqual([[BigInt(ROWS)]]);
  });

  it('a stream can be iterated once', async () => {
    const s = await conn.stream('select 1');
    expect((await s.batches().next()).value).toStrictEqual([[1n]]);
    await expect(s.batches().next()).rejects.toBeInstanceOf(InterfaceError);
  });
});

describe('ws: timeouts', () => {
  it('a reply held back fails the request within its timeout; the late result is freed', async () => {
    proxy.rules = [(m) => (m.from === 'server' && m.action === 'binary_query' ? { delay: 400 } : undefined)];
    const f0 = proxy.count('client', 'free_result');
    const t0 = performance.now();
    const err = await conn.query('select v from wq.t', undefined, { timeout: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(performance.now() - t0).toBeLessThan(350);
    proxy.rules = [];
    await new Promise((r) => setTimeout(r, 450));
    expect(proxy.count('client', 'free_result') - f0).toBe(1); // the orphaned result
    expect((await conn.query('select 1')).rows).toStrictEqual([[1n]]);
  });

  it('a server that accepts and never answers fails the connect within connectTimeout', async () => {
    proxy.blackhole = true;
    const t0 = performance.now();
    const err = await connect(proxy.url, { connectTimeout: 200, retries: 0 }).catch((e: unknown) => e);
    expect(String(err)).toMatch(/within 200 ms|could not connect/);
    expect(performance.now() - t0).toBeLessThan(1500);
  });

  it('keep-alive pings drop a dead peer: a request without a timeout still fails', async () => {
    const c = await connect(proxy.url, { pingInterval: 100, timeout: 0, retries: 0 });
    try {
      proxy.frozen = true;
      const t0 = performance.now();
      const err = await c.query('select 1').catch((e: unknown) => e);
      expect(String(err)).toMatch(/keep-alive/);
      expect(performance.now() - t0).toBeLessThan(1000);
    } finally {
      proxy.frozen = false;
      await c.close();
    }
  });
});
