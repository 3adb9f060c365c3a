import { describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { connect } from 'node:net';
import { TypeCode } from '@taosts/protocol';
import { startServer } from './server.js';
import { FakeEngine, col } from './http/testing/fake-engine.js';

const AUTH = 'Basic ' + Buffer.from('root:taosdata').toString('base64');

function post(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/rest/sql`, { method: 'POST', headers: { authorization: AUTH } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('startServer (with an injected engine)', () => {
  it('listens on an ephemeral port and reports url/host/port', async () => {
    const engine = new FakeEngine();
    const server = await startServer({ port: 0, engine });
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.engine).toBe(engine);
    expect((await post(server.url, 'insert x')).text).toContain('"data":[[3]]');
    await server.close();
    expect(engine.closed).toBe(false); // an injected engine belongs to the caller
  });

  it('close() is idempotent, finishes in-flight requests and then refuses connections', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const engine = new FakeEngine();
    const slow = Object.assign(Object.create(engine) as FakeEngine, {
      execute: async (sql: string, s: Parameters<FakeEngine['execute']>[1]) => {
        await gate;
        return engine.execute(sql, s);
      },
    });
    const server = await startServer({ port: 0, engine: slow });
    const inFlight = post(server.url, 'insert x');
    await new Promise((r) => setTimeout(r, 30));
    const closing = server.close();
    expect(server.close()).toBe(closing);
    release();
    expect((await inFlight).status).toBe(200);
    await closing;
    await expect(post(server.url, 'insert x')).rejects.toThrow();
  });

  it('cuts off requests that outlive the close deadline', async () => {
    const engine = new FakeEngine();
    const stuck = Object.assign(Object.create(engine) as FakeEngine, {
      execute: () => new Promise<never>(() => {}),
    });
    const server = await startServer({ port: 0, engine: stuck, closeTimeoutMs: 50 });
    const inFlight = post(server.url, 'insert x').catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 30));
    const t = Date.now();
    await server.close();
    expect(Date.now() - t).toBeLessThan(2000);
    expect(await inFlight).toBeInstanceOf(Error);
  });

  it('rejects when the port is taken', async () => {
    const a = await startServer({ port: 0, engine: new FakeEngine() });
    await expect(startServer({ port: a.port, engine: new FakeEngine() })).rejects.toThrow(/EADDRINUSE/);
    await a.close();
  });

  it('hands upgrades to registered endpoints and closes them on shutdown', async () => {
    let upgraded = '';
    let closed = 0;
    const server = await startServer({
      port: 0,
      engine: new FakeEngine({ q: { columns: [col('v', TypeCode.INT, 4)], batches: [[[1]]] } }),
      endpoints: {
        '/ws': () => ({
          handleUpgrade: (req, socket) => {
            upgraded = req.url ?? '';
            socket.end('HTTP/1.1 101 Switching Protocols\r\n\r\n');
          },
          close: async () => void closed++,
        }),
      },
    });
    const reply = await new Promise<string>((resolve) => {
      const s = connect(server.port, '127.0.0.1');
      let got = '';
      s.on('data', (b) => (got += b.toString()));
      s.on('close', () => resolve(got));
      s.write('GET /ws?x=1 HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
    });
    expect(reply).toMatch(/^HTTP\/1\.1 101/);
    expect(upgraded).toBe('/ws?x=1');
    await server.close();
    await server.close();
    expect(closed).toBe(1);
  });

  it('answers 408 to a client that never finishes its headers, and keeps serving', async () => {
    const server = await startServer({ port: 0, engine: new FakeEngine(), headersTimeoutMs: 300 });
    const started = Date.now();
    const reply = await new Promise<string>((resolve) => {
      const s = connect(server.port, '127.0.0.1');
      let got = '';
      s.on('data', (b) => (got += b.toString()));
      s.on('close', () => resolve(got));
      s.write('POST /rest/sql HTTP/1.1\r\nHost: x\r\n');
    });
    expect(reply).toMatch(
      /^HTTP\/1\.1 408 Request Timeout\r\n[\s\S]*\{"code":65535,"desc":"request timeout"\}$/,
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await post(server.url, 'insert x')).status).toBe(200);
    await server.close();
  });

  it('supports await using', async () => {
    let url: string;
    {
      await using server = await startServer({ port: 0, engine: new FakeEngine() });
      url = server.url;
      expect((await post(url, 'insert x')).status).toBe(200);
    }
    await expect(post(url, 'insert x')).rejects.toThrow();
  });
});
