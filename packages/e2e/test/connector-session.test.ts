/**
 * Errors, authentication (Basic and the cloud token), time zones, cancellation and lifecycle of
 * the published connector against the real embedded server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  OperationalError,
  ProgrammingError,
  RestClient,
  TDTimestamp,
  TDengineError,
  connect,
} from 'taosts';
import type { Connection } from 'taosts';
import { startServer } from '@taosts/server';

let server: Awaited<ReturnType<typeof startServer>>;
let tokenServer: Awaited<ReturnType<typeof startServer>>;
let conn: Connection;
beforeAll(async () => {
  server = await startServer({ port: 0, memory: true });
  tokenServer = await startServer({ port: 0, memory: true, token: 'T' });
  conn = await connect(server.url);
  await conn.execute('create database s');
  await conn.execute('create table s.t (ts timestamp, v int)');
});
afterAll(async () => {
  await conn?.close();
  await server?.close();
  await tokenServer?.close();
});

describe('errors carry TDengine codes', () => {
  it('a missing table is 0x2603, a ProgrammingError, with reqId and hidden SQL', async () => {
    const e = await conn.query('select * from s.nope', undefined, { reqId: 12345n }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProgrammingError);
    expect((e as TDengineError).code).toBe(0x2603);
    expect((e as TDengineError).reqId).toBe(12345n);
    expect((e as TDengineError).sql).toBe('select * from s.nope');
    expect(Object.keys(e as object)).not.toContain('sql');
  });

  it('a syntax error is a ProgrammingError with a parser code', async () => {
    const e = await conn.query('selec 1').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProgrammingError);
    expect([0x2600, 0x0216]).toContain((e as TDengineError).code);
  });

  it('a wrong password is an OperationalError', async () => {
    const c = await connect({ url: server.url, password: 'wrong' });
    try {
      const e = await c.query('select server_version()').catch((x: unknown) => x);
      expect(e).toBeInstanceOf(OperationalError);
      expect([0x0357, 0x1124, 0x0350]).toContain((e as TDengineError).code);
    } finally {
      await c.close();
    }
  });

  it('a refused port fails fast with an OperationalError', async () => {
    const dead = await startServer({ port: 0, memory: true });
    const url = dead.url;
    await dead.close();
    const c = await connect({ url, timeout: 5000 });
    try {
      await expect(c.query('select 1')).rejects.toBeInstanceOf(OperationalError);
    } finally {
      await c.close();
    }
  });

  it('ws:// with nothing listening is a network error naming the address', async () => {
    const err = await connect('ws://127.0.0.1:1', { retries: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationalError);
    expect(err).toMatchObject({ code: 0x000b });
    expect(String(err)).toMatch(/could not connect to 127\.0\.0\.1:1/);
  });
});

describe('cloud token', () => {
  it('the right token works, with req_id, tz and a database path in the same URL', async () => {
    const c = await connect({ url: `${tokenServer.url}/tk`, token: 'T', timezone: 'Asia/Shanghai' });
    try {
      await c.execute('create database tk');
      await c.execute('create table t (ts timestamp, v int)');
      await c.execute("insert into t values ('2025-01-01 08:00:00', 1)", undefined, { reqId: 77n });
      const r = await c.query('select ts, v from t', undefined, { reqId: 78n });
      expect((r.rows[0]?.[0] as TDTimestamp).toISOString()).toBe('2025-01-01T00:00:00.000Z');
      expect(r.reqId).toBe(78n);
    } finally {
      await c.close();
    }
  });

  it('a wrong token is refused', async () => {
    const c = await connect({ url: tokenServer.url, token: 'X' });
    try {
      const e = await c.query('select server_version()').catch((x: unknown) => x);
      expect(e).toBeInstanceOf(OperationalError);
      expect((e as TDengineError).code).not.toBe(0);
    } finally {
      await c.close();
    }
  });

  it('the low-level RestClient works with a token too', async () => {
    await using rc = await RestClient.open({ url: tokenServer.url, token: 'T' });
    const r = await rc.sql('select server_version()', { reqId: 0 });
    expect(typeof r.data[0]?.[0]).toBe('string');
  });
});

describe('timezone option', () => {
  it('reads zone-less literals in the session zone and renders in it', async () => {
    const sh = await connect({ url: server.url, timezone: 'Asia/Shanghai' });
    const utc = await connect({ url: server.url, timezone: 'UTC' });
    const raw = await connect({ url: server.url, timezone: 'Asia/Shanghai', timestampMode: 'string' });
    try {
      await sh.execute("insert into s.t values ('2025-01-01 08:00:00', 1)");
      await utc.execute("insert into s.t values ('2025-01-01 08:00:00', 2)");
      const r = await sh.query('select ts, v from s.t order by v');
      expect(r.rows.map(([ts, v]) => [(ts as TDTimestamp).toISOString(), v])).toStrictEqual([
        ['2025-01-01T00:00:00.000Z', 1],
        ['2025-01-01T08:00:00.000Z', 2],
      ]);
      const s = await raw.query('select ts from s.t where v = 1');
      expect(s.rows).toStrictEqual([['2025-01-01T08:00:00.000+08:00']]);
    } finally {
      await Promise.all([sh.close(), utc.close(), raw.close()]);
    }
  });

  it('day windows follow the session zone', async () => {
    const sh = await connect({ url: server.url, timezone: 'Asia/Shanghai' });
    try {
      await sh.execute('create table s.w (ts timestamp, v int)');
      await sh.executeMany('insert into s.w values (?, ?)', [
        ['2025-01-01 00:30:00', 1],
        ['2025-01-01 23:30:00', 2],
        ['2025-01-02 00:30:00', 3],
      ]);
      const r = await sh.query(
        "select _wstart, count(*) from s.w where ts >= '2025-01-01 00:00:00' and ts < '2025-01-03 00:00:00' interval(1d)",
      );
      expect(r.rows.map(([ts, n]) => [(ts as TDTimestamp).toISOString(), n])).toStrictEqual([
        ['2024-12-31T16:00:00.000Z', 2n],
        ['2025-01-01T16:00:00.000Z', 1n],
      ]);
    } finally {
      await sh.close();
    }
  });
});

describe('cancellation and lifecycle', () => {
  it('AbortSignal cancels a call; the connection keeps working', async () => {
    await expect(
      conn.query('select * from s.t', undefined, { signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(AbortError);
    const ac = new AbortController();
    const p = conn.query('select * from s.t', undefined, { signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toBeInstanceOf(AbortError);
    expect((await conn.query('select count(*) from s.t')).rows[0]?.[0]).toBeTypeOf('bigint');
  });

  it('close is idempotent and await using closes', async () => {
    let kept: Connection | undefined;
    {
      await using c = await connect(server.url);
      kept = c;
      expect(await c.serverVersion()).toMatch(/\d/);
    }
    expect(kept.closed).toBe(true);
    await kept.close();
    await expect(kept.query('select 1')).rejects.toThrow(/closed/);
  });
});
