import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { gunzipSync, gzipSync } from 'node:zlib';
import { TypeCode } from '@taosts/protocol';
import { serveNodeRequest } from './node-bridge.js';
import { FakeEngine, col } from './testing/fake-engine.js';

const AUTH = 'Basic ' + Buffer.from('root:taosdata').toString('base64');
const N = 30_000;
const engine = new FakeEngine({
  big: { columns: [col('v', TypeCode.INT, 4)], batches: [[Array.from({ length: N }, (_, i) => i)]] },
});
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => void serveNodeRequest(req, res, { engine }, { maxBodyBytes: 1024 }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}
function send(path: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}${path}`,
      { method: 'POST', headers: { authorization: AUTH, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('serveNodeRequest over a real socket', () => {
  it('streams a large result chunked', async () => {
    const r = await send('/rest/sql', 'big');
    expect(r.status).toBe(200);
    expect(r.headers['transfer-encoding']).toBe('chunked');
    expect(JSON.parse(r.body.toString()).rows).toBe(N);
    expect(engine.closedResults).toBeGreaterThan(0);
  });

  it('gzips responses for clients that accept it', async () => {
    const r = await send('/rest/sql', 'big', { 'accept-encoding': 'gzip, deflate' });
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(r.body).toString()).rows).toBe(N);
    const small = await send('/rest/sql', 'insert x', { 'accept-encoding': 'gzip' });
    expect(gunzipSync(small.body).toString()).toBe(
      '{"code":0,"column_meta":[["affected_rows","INT",4]],"data":[[3]],"rows":1}',
    );
  });

  it('gunzips request bodies', async () => {
    const r = await send('/rest/sql', gzipSync('insert x'), { 'content-encoding': 'gzip' });
    expect(r.body.toString()).toContain('"data":[[3]]');
  });

  const bad: [string, Buffer | string, Record<string, string>, number, RegExp][] = [
    [
      'body over the cap',
      'insert ' + 'x'.repeat(2000),
      {},
      413,
      /^\{"code":4356,"desc":"request size is too big"\}$/,
    ],
    [
      'gzip bomb over the cap',
      gzipSync('insert ' + ' '.repeat(100_000)),
      { 'content-encoding': 'gzip' },
      413,
      /"code":4356/,
    ],
    [
      'corrupt gzip',
      Buffer.from('not gzip at all'),
      { 'content-encoding': 'gzip' },
      400,
      /^\{"code":65535,"desc":"invalid gzip body: /,
    ],
  ];
  it.each(bad)('%s', async (_n, body, headers, status, want) => {
    const r = await send('/rest/sql', body, headers);
    expect(r.status).toBe(status);
    expect(r.body.toString()).toMatch(want);
  });

  it('survives a client that aborts its upload, and keeps serving others', async () => {
    await new Promise<void>((resolve) => {
      const s = connect((server.address() as AddressInfo).port, '127.0.0.1', () => {
        s.write(
          `POST /rest/sql HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH}\r\nContent-Length: 500\r\n\r\nselect`,
        );
        setTimeout(() => {
          s.destroy();
          resolve();
        }, 20);
      });
    });
    const r = await send('/rest/sql', 'insert x');
    expect(r.status).toBe(200);
  });

  it('stops streaming and releases the result when the client disconnects mid-body', async () => {
    const before = engine.closedResults;
    await new Promise<void>((resolve) => {
      const req = httpRequest(
        `${base}/rest/sql`,
        { method: 'POST', headers: { authorization: AUTH } },
        (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        },
      );
      req.on('error', () => {});
      req.end('big');
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(engine.closedResults).toBe(before + 1);
    expect((await send('/rest/sql', 'insert x')).status).toBe(200);
  });
});
