/**
 * The server under load and abuse: 64 keep-alive connections mixing inserts and queries lose no
 * writes; malformed, truncated and oversized requests get clear errors while everyone else is
 * still served.
 */
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec, http, ROOT_AUTH, sql, startTestServer, type TestServer } from './helpers/server.js';

/** Write raw bytes on a fresh socket; resolves with whatever the server sent before closing. */
function raw(server: TestServer, bytes: string, opts: { endAfterMs?: number } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1');
    let got = '';
    socket.on('data', (b) => (got += b.toString()));
    socket.on('error', () => resolve(got));
    socket.on('close', () => resolve(got));
    socket.write(bytes);
    if (opts.endAfterMs !== undefined) setTimeout(() => socket.destroy(), opts.endAfterMs);
  });
}

describe('server robustness', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ maxBodyBytes: 1 << 20 });
    await exec(server, [
      "create database rb precision 'ms'",
      'create stable rb.m (ts timestamp, v int) tags (w int)',
    ]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('64 concurrent keep-alive connections mixing inserts and queries: no errors, no lost writes', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const workers = 64;
    const perWorker = 10;
    const rowsPerInsert = 20;
    const failures: string[] = [];
    await Promise.all(
      Array.from({ length: workers }, async (_, w) => {
        for (let k = 0; k < perWorker; k++) {
          const base = 1_600_000_000_000 + (w * perWorker + k) * rowsPerInsert;
          const values = Array.from({ length: rowsPerInsert }, (_, i) => `(${base + i}, ${w})`).join(' ');
          const ins = await sql(server, `insert into rb.d${w} using rb.m tags (${w}) values ${values}`, {
            agent,
          });
          if (ins.status !== 200 || !ins.text.startsWith('{"code":0')) failures.push(ins.text);
          const q = await sql(server, `select count(*) from rb.m where w = ${w}`, { agent });
          const body = JSON.parse(q.text) as { code: number; data: number[][] };
          if (body.code !== 0) failures.push(q.text);
          else if (body.data[0]![0]! < (k + 1) * rowsPerInsert)
            failures.push(`worker ${w} saw ${body.data[0]![0]} rows after ${k + 1} inserts`);
        }
      }),
    );
    agent.destroy();
    expect(failures).toEqual([]);
    const total = JSON.parse((await sql(server, 'select count(*) from rb.m')).text) as { data: number[][] };
    expect(total.data).toEqual([[workers * perWorker * rowsPerInsert]]);
  });

  it('malformed HTTP gets 400 and the server keeps serving', async () => {
    const replies = await Promise.all([
      raw(server, 'THIS IS NOT HTTP\r\n\r\n'),
      raw(server, 'POST /rest/sql HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'),
      raw(
        server,
        'POST /rest/sql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nselect 1\r\n0\r\n\r\n',
      ),
    ]);
    for (const r of replies) expect(r).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse((await sql(server, 'select 1')).text).code).toBe(0);
  });

  it('a truncated upload is dropped without harm', async () => {
    await raw(
      server,
      `POST /rest/sql HTTP/1.1\r\nHost: x\r\nAuthorization: ${ROOT_AUTH}\r\nContent-Length: 1000\r\n\r\ninsert into rb.d0 values`,
      { endAfterMs: 50 },
    );
    expect(JSON.parse((await sql(server, 'select 1')).text).code).toBe(0);
  });

  it('an oversized body gets 413 with a TDengine-style error', async () => {
    const r = await sql(server, 'select ' + '1'.repeat(2 << 20));
    expect(r.status).toBe(413);
    expect(r.text).toBe('{"code":4356,"desc":"request size is too big"}');
    expect(JSON.parse((await sql(server, 'select 1')).text).code).toBe(0);
  });

  it('an oversized chunked body without Content-Length is cut off too', async () => {
    const reply = await raw(
      server,
      `POST /rest/sql HTTP/1.1\r\nHost: x\r\nAuthorization: ${ROOT_AUTH}\r\nConnection: close\r\n` +
        `Transfer-Encoding: chunked\r\n\r\n` +
        `${(2 << 20).toString(16)}\r\n${'x'.repeat(2 << 20)}\r\n0\r\n\r\n`,
    );
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply).toContain('{"code":4356,"desc":"request size is too big"}');
  });

  it('abusive requests in parallel with good ones never disturb the good ones', async () => {
    const good = Array.from({ length: 20 }, () => sql(server, 'select count(*) from rb.m'));
    const bad = [
      raw(server, 'GARBAGE\r\n\r\n'),
      http(`${server.url}/rest/sql`, { body: '', headers: { authorization: ROOT_AUTH } }),
      http(`${server.url}/rest/sql?req_id=x`, { body: 'select 1', headers: { authorization: ROOT_AUTH } }),
      http(`${server.url}/rest/sql`, { body: 'select 1', headers: { authorization: 'Basic !!!' } }),
      sql(server, 'this is not sql'),
    ];
    const [goodReplies] = await Promise.all([Promise.all(good), Promise.all(bad)]);
    for (const r of goodReplies) expect(JSON.parse(r.text).code).toBe(0);
  });

  it('upgrade requests to paths nobody serves are refused', async () => {
    const reply = await raw(
      server,
      'GET /nope HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n',
    );
    expect(reply).toMatch(/^HTTP\/1\.1 404 /);
  });
});
