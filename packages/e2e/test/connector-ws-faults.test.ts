/**
 * Faults between the connector and real servers, injected by a WebSocket-aware TCP proxy:
 * connections dropped mid-query and right after a write, garbled frames, dead servers, and
 * failover across a multi-address URL with the session (database, time zone) restored.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionLostError, InterfaceError, OperationalError, TDTimestamp, connect } from 'taosts';
import { startServer } from '@taosts/server';
import { FaultProxy } from '../../connector/src/testing/fault-proxy.js';

type Server = Awaited<ReturnType<typeof startServer>>;
let s1: Server;
let s2: Server;
let p1: FaultProxy;
let p2: FaultProxy;
const ROWS = 9000;

/** Same schema on both servers; each row's `srv` says which server holds it. */
async function seed(server: Server, srv: number): Promise<void> {
  const c = await connect(server.url, { compression: false });
  await c.execute('create database wf');
  await c.execute('create table wf.t (ts timestamp, v int, srv int)');
  await c.execute('create table wf.w (ts timestamp, v int)');
  const t0 = Date.UTC(2025, 0, 1);
  for (let k = 0; k < ROWS; k += 3000)
    await c.execute(
      `insert into wf.t values ${Array.from({ length: 3000 }, (_, i) => `(${t0 + k + i}, ${k + i}, ${srv})`).join(' ')}`,
    );
  await c.close();
}

async function count(server: Server, sql: string): Promise<bigint> {
  const c = await connect(server.url, { compression: false });
  try {
    return (await c.query(sql)).rows[0]?.[0] as bigint;
  } finally {
    await c.close();
  }
}

const settle = () => new Promise((r) => setTimeout(r, 40));

beforeAll(async () => {
  [s1, s2] = await Promise.all([
    startServer({ port: 0, memory: true }),
    startServer({ port: 0, memory: true }),
  ]);
  await Promise.all([seed(s1, 1), seed(s2, 2)]);
  p1 = await FaultProxy.start({ host: '127.0.0.1', port: s1.port });
  p2 = await FaultProxy.start({ host: '127.0.0.1', port: s2.port });
});
afterAll(async () => {
  await Promise.allSettled([p1?.close(), p2?.close()]);
  await Promise.allSettled([s1?.close(), s2?.close()]);
});
afterEach(() => {
  p1.rules = [];
  p2.rules = [];
});

describe('ws faults: one server', () => {
  it('a connection dropped mid-query: a clear error without retries, a re-run with them', async () => {
    const dropSecondFetch = () => {
      let fetches = 0;
      return (m: { from: string; action: string }) =>
        m.from === 'client' && m.action === '#7' && ++fetches === 2 ? 'drop' : undefined;
    };
    const strict = await connect(p1.url, { retries: 0 });
    try {
      p1.rules = [dropSecondFetch()];
      const err = await strict.query('select v from wf.t').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectionLostError);
      expect((err as ConnectionLostError).requestSent).toBe(true);
      expect(String(err)).toMatch(/connection to 127\.0\.0\.1:\d+ lost/);
      p1.rules = [];
      expect((await strict.query('select count(*) from wf.t')).rows).toStrictEqual([[BigInt(ROWS)]]); // reconnects
    } finally {
      await strict.close();
    }
    const c = await connect(p1.url);
    try {
      p1.rules = [dropSecondFetch()];
      const r = await c.query('select v from wf.t'); // a read is safe to run again
      expect(r.rowCount).toBe(ROWS);
      expect(r.rows.every((row, i) => row[0] === i)).toBe(true);
    } finally {
      await c.close();
    }
  });

  it('a stream cut after blocks were delivered reports the loss (no silent restart)', async () => {
    const c = await connect(p1.url);
    try {
      const s = await c.stream('select v from wf.t');
      let n = 0;
      const err = await (async () => {
        for await (const _ of s.batches()) if (++n === 1) p1.dropAll();
      })().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectionLostError);
      expect(n).toBe(1);
    } finally {
      await c.close();
    }
  });

  it('a connection dropped after an INSERT was sent: an error, and the row is written exactly once', async () => {
    const c = await connect(p1.url, { database: 'wf' });
    try {
      p1.rules = [
        (m) =>
          m.from === 'client' && m.action === '#6' && m.payload.includes('insert into w')
            ? 'forward-then-drop'
            : undefined,
      ];
      const err = await c
        .execute("insert into w values ('2025-01-01T00:00:00Z', 42)")
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectionLostError);
      expect((err as ConnectionLostError).requestSent).toBe(true);
      p1.rules = [];
      await settle();
      expect(await count(s1, 'select count(*) from wf.w where v = 42')).toBe(1n);
      // Same-timestamp rows overwrite in TDengine, so the count alone cannot see a replay:
      // the proxy saw the INSERT leave the client exactly once.
      expect(
        p1.log.filter((m) => m.from === 'client' && m.payload.includes("values ('2025-01-01T00:00:00Z', 42)"))
          .length,
      ).toBe(1);
      // the connection recovers for what comes next, with its database
      expect(await c.execute("insert into w values ('2025-01-01T00:00:01Z', 43)")).toBe(1);
      expect(await count(s1, 'select count(*) from wf.w where v = 43')).toBe(1n);
    } finally {
      await c.close();
    }
  });

  it('garbled frames are clear errors; the connection is rebuilt for the next request', async () => {
    const c = await connect(p1.url);
    try {
      p1.rules = [
        (m) =>
          m.from === 'server' && m.action.startsWith('reply#7')
            ? { replace: Buffer.from('garbage!') }
            : undefined,
      ];
      const e1 = await c.query('select v from wf.t').catch((e: unknown) => e);
      expect(e1).toBeInstanceOf(InterfaceError);
      expect(String(e1)).toMatch(/garbled reply/);
      p1.rules = [
        (m) =>
          m.from === 'server' && m.action === 'binary_query'
            ? { replace: Buffer.from('{"code":0,"act') }
            : undefined,
      ];
      const e2 = await c.query('select 1', undefined, { timeout: 2000 }).catch((e: unknown) => e);
      expect(String(e2)).toMatch(/garbled reply .*unreadable text frame/);
      p1.rules = [];
      expect((await c.query('select count(*) from wf.t')).rows).toStrictEqual([[BigInt(ROWS)]]);
    } finally {
      await c.close();
    }
  });

  it('all addresses down: retries with exponential backoff, then a clear error', async () => {
    const dead = await FaultProxy.start({ host: '127.0.0.1', port: s1.port });
    const url = dead.url;
    await dead.close();
    const t0 = performance.now();
    const err = await connect(url, {
      retries: 3,
      retryBackoffMs: 60,
      retryBackoffMaxMs: 1000,
      connectTimeout: 500,
    }).catch((e: unknown) => e);
    const ms = performance.now() - t0;
    expect(err).toBeInstanceOf(OperationalError);
    expect(String(err)).toMatch(/could not connect to 127\.0\.0\.1:\d+/);
    // equal jitter: at least half of 60 + 120 + 240
    expect(ms).toBeGreaterThanOrEqual(210);
    expect(ms).toBeLessThan(3000);
  });
});

describe('ws failover: two servers', () => {
  it('new connections go to the least-loaded address', async () => {
    const url = `ws://127.0.0.1:${p1.port},127.0.0.1:${p2.port}`;
    const [n1, n2] = [p1.connections, p2.connections];
    const a = await connect(url);
    const b = await connect(url);
    try {
      expect([p1.connections - n1, p2.connections - n2]).toStrictEqual([1, 1]);
      const srv = async (c: typeof a) => (await c.query('select srv from wf.t limit 1')).rows[0]?.[0];
      expect(new Set([await srv(a), await srv(b)])).toStrictEqual(new Set([1, 2]));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a server lost mid-query: the query re-runs on the other, with database and time zone restored', async () => {
    const a1 = await FaultProxy.start({ host: '127.0.0.1', port: s1.port });
    const url = `ws://127.0.0.1:${a1.port},127.0.0.1:${p2.port}/wf?timezone=Asia%2FShanghai`;
    const c = await connect(url, { retryBackoffMs: 10 });
    try {
      await c.execute('use wf');
      expect((await c.query('select srv from t limit 1')).rows).toStrictEqual([[1]]);
      // the first server dies while the result is being fetched (rules are synchronous: close unawaited)
      a1.rules = [(m) => (m.action === '#7' ? (void a1.close(), 'drop') : undefined)];
      const r = await c.query('select srv, v from t');
      expect(r.rowCount).toBe(ROWS);
      expect(r.rows.every((row) => row[0] === 2)).toBe(true);
      // the session on the new server has the database (unqualified names) and the time zone
      await c.execute("insert into w values ('2025-03-01 08:00:00', 7)");
      const back = await count(s2, "select count(*) from wf.w where ts = '2025-03-01T00:00:00Z' and v = 7");
      expect(back).toBe(1n);
      const ts = (await c.query('select ts from w where v = 7')).rows[0]?.[0] as TDTimestamp;
      expect(ts.toISOString()).toBe('2025-03-01T00:00:00.000Z');
    } finally {
      await c.close();
      await a1.close().catch(() => {});
    }
  });
});
