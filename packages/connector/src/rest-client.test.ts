import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, InterfaceError, OperationalError, ProgrammingError, TimeoutError } from './errors.js';
import { RestClient } from './rest-client.js';

/**
 * A fake HTTP server, only for what a real server cannot be made to do: never answer, stall,
 * drop the connection, send garbage. Normal behaviour is tested against the real embedded server
 * in packages/e2e.
 */
async function fake(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; server: Server; seen: IncomingMessage[] }> {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen };
}

const servers: Server[] = [];
const clients: RestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function client(url: string, extra: Record<string, unknown> = {}): Promise<RestClient> {
  const c = await RestClient.open({ url, ...extra });
  clients.push(c);
  return c;
}

const OK = '{"code":0,"column_meta":[["v","BIGINT",8]],"data":[[9223372036854775807]],"rows":1}';

describe('RestClient request building', () => {
  it.each([
    ['plain', 'http://h:1', {}, 7n, undefined, '/rest/sql?req_id=7'],
    ['database path', 'http://h:1/power', {}, 7n, undefined, '/rest/sql/power?req_id=7'],
    ['per-call database', 'http://h:1/power', {}, 7n, 'other', '/rest/sql/other?req_id=7'],
    ['per-call no database', 'http://h:1/power', {}, 7n, null, '/rest/sql?req_id=7'],
    [
      'odd database name is escaped',
      'http://h:1',
      { database: 'a b/c' },
      7n,
      undefined,
      '/rest/sql/a%20b%2Fc?req_id=7',
    ],
    // taospy builds ?token=T?req_id=N (R1); both must be separate parameters
    [
      'token + req_id + tz + db',
      'https://cloud:443/db1?token=T%2Bx&timezone=Etc%2FGMT%2B10',
      {},
      0n,
      undefined,
      '/rest/sql/db1?token=T%2Bx&req_id=0&tz=Etc%2FGMT%2B10&conn_tz=Etc%2FGMT%2B10',
    ],
    [
      'negative req_id',
      'http://h:1',
      {},
      -9223372036854775808n,
      undefined,
      '/rest/sql?req_id=-9223372036854775808',
    ],
  ] as const)('%s', async (_n, url, extra, reqId, db, path) => {
    const c = await client(url, extra);
    expect(c.path(reqId, db)).toBe(path);
    const u = new URL(path, 'http://x');
    expect(u.searchParams.get('req_id')).toBe(String(reqId));
  });

  it('sends Basic auth, gzip acceptance, the SQL as body, and a fresh req_id per call', async () => {
    const bodies: string[] = [];
    const f = await fake((req, res) => {
      let b = '';
      req.on('data', (d: Buffer) => (b += d.toString()));
      req.on('end', () => {
        bodies.push(b);
        res.end(OK);
      });
    });
    // compression is off by default on loopback; ask for it explicitly
    const c = await client(f.url.replace('//', '//u%3A1:p%40ss@'), { compression: true });
    const r1 = await c.sql('select 1');
    const r2 = await c.sql('select 2', { reqId: 99 });
    expect(r1.data).toStrictEqual([[9223372036854775807n]]);
    expect(f.seen[0]?.headers.authorization).toBe('Basic ' + Buffer.from('u:1:p@ss').toString('base64'));
    expect(f.seen[0]?.headers['accept-encoding']).toBe('gzip');
    expect(f.seen[0]?.method).toBe('POST');
    expect(bodies).toStrictEqual(['select 1', 'select 2']);
    expect(r2.reqId).toBe(99n);
    expect(r1.reqId).toBeGreaterThan(0n);
    expect(r1.reqId).toBeLessThan(2n ** 53n);
    const ids = new Set(f.seen.map((r) => new URL(r.url ?? '', 'http://x').searchParams.get('req_id')));
    expect(ids.size).toBe(2);
  });

  it('with a token sends no Authorization header', async () => {
    const f = await fake((_req, res) => res.end(OK));
    const c = await client(f.url, { token: 'T' });
    await c.sql('select 1');
    expect(f.seen[0]?.headers.authorization).toBeUndefined();
    expect(f.seen[0]?.url).toMatch(/^\/rest\/sql\?token=T&req_id=\d+$/);
  });

  it('reuses one keep-alive socket for sequential calls', async () => {
    const f = await fake((_req, res) => res.end(OK));
    const c = await client(f.url);
    for (let k = 0; k < 20; k++) await c.sql('select 1');
    const sockets = new Set(f.seen.map((r) => r.socket));
    // undici may open a second socket while the first is still settling; never one per call
    expect(sockets.size).toBeLessThanOrEqual(2);
  });

  it('does not ask for gzip from a loopback server by default', async () => {
    const f = await fake((_req, res) => res.end(OK));
    const c = await client(f.url);
    await c.sql('select 1');
    expect(f.seen[0]?.headers['accept-encoding']).toBeUndefined();
  });

  it('decompresses gzip replies', async () => {
    const f = await fake((_req, res) => {
      res.setHeader('content-encoding', 'gzip');
      res.end(gzipSync(OK));
    });
    const c = await client(f.url);
    expect((await c.sql('select 1')).data).toStrictEqual([[9223372036854775807n]]);
  });
});

describe('RestClient faults', () => {
  it('times out when the server accepts and never answers', async () => {
    const f = await fake(() => {});
    const c = await client(f.url, { timeout: 200 });
    const t0 = Date.now();
    const e = await c.sql('select 1').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TimeoutError);
    expect((e as TimeoutError).message).toMatch(/200 ms/);
    expect((e as TimeoutError).sql).toBe('select 1');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('times out when the body stalls after the headers', async () => {
    const f = await fake((_req, res) => {
      res.writeHead(200);
      res.write('{"code":0,"column_meta":[["v","INT",4]],"data":[[1]');
    });
    const c = await client(f.url);
    await expect(c.sql('select 1', { timeout: 150 })).rejects.toBeInstanceOf(TimeoutError);
  });

  it('aborts through an AbortSignal, before and during the request', async () => {
    const f = await fake(() => {});
    const c = await client(f.url);
    await expect(c.sql('select 1', { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(f.seen).toHaveLength(0);
    const ac = new AbortController();
    const p = c.sql('select 1', { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    const e = await p.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AbortError);
    expect((e as AbortError).reqId).toBeTypeOf('bigint');
  });

  it('reports dropped connections and refused ports as OperationalError', async () => {
    const f = await fake((req) => req.socket.destroy());
    const c = await client(f.url);
    await expect(c.sql('select 1')).rejects.toBeInstanceOf(OperationalError);
    const port = (f.server.address() as AddressInfo).port;
    f.server.closeAllConnections();
    await new Promise((r) => f.server.close(r));
    servers.splice(servers.indexOf(f.server), 1);
    const c2 = await client(`http://127.0.0.1:${port}`);
    const e = await c2.sql('select 1').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OperationalError);
    expect((e as OperationalError).message).toMatch(/ECONNREFUSED/);
  });

  it('rejects garbage replies with InterfaceError', async () => {
    const f = await fake((_req, res) => res.end('{"code":0,"column_meta":[["v","INT",4]],"data":[[1,'));
    const c = await client(f.url);
    await expect(c.sql('select 1')).rejects.toBeInstanceOf(InterfaceError);
  });

  it.each([
    [401, '{"code":4388,"desc":"invalid basic Authorization"}', OperationalError, 0x1124],
    [400, '{"code":65535,"desc":"illegal param, req_id must be numeric"}', ProgrammingError, 0xffff],
    [503, '"memory exceeds threshold"', OperationalError, 0xffff],
    [502, '<html>bad gateway</html>', OperationalError, 0xffff],
  ] as const)('HTTP %i becomes a clear error with code and status', async (status, body, cls, code) => {
    const f = await fake((_req, res) => {
      res.writeHead(status);
      res.end(body);
    });
    const c = await client(f.url);
    const e = await c.sql('select 1').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(cls);
    expect((e as OperationalError).status).toBe(status);
    expect((e as OperationalError).code).toBe(code);
    expect((e as OperationalError).message).toContain(`HTTP ${status}`);
  });

  it('refuses calls after close, and close is idempotent', async () => {
    const f = await fake((_req, res) => res.end(OK));
    const c = await client(f.url);
    await c.sql('select 1');
    await Promise.all([c.close(), c.close()]);
    expect(c.closed).toBe(true);
    await expect(c.sql('select 1')).rejects.toThrow(/closed/);
  });
});

/** A throwaway self-signed certificate for 127.0.0.1 (made in a temp dir, removed at once), or undefined without openssl. */
function selfSigned(): { key: string; cert: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'taosts-tls-'));
  try {
    const r = spawnSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      join(dir, 'k.pem'),
      '-out',
      join(dir, 'c.pem'),
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-days',
      '1',
    ]);
    if (r.status !== 0) return undefined;
    return { key: readFileSync(join(dir, 'k.pem'), 'utf8'), cert: readFileSync(join(dir, 'c.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('https', () => {
  const pair = selfSigned();
  it.skipIf(!pair)(
    'talks TLS, trusting a private CA through the tls option, and refuses an unknown one',
    async () => {
      const { key, cert } = pair as { key: string; cert: string };
      // The embedded server has no TLS, so a small https server stands in for a TLS-terminating proxy.
      const server = createHttpsServer({ key, cert }, (_req, res) => res.end(OK));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const trusted = await client(url, { tls: { ca: cert } });
        expect((await trusted.sql('select 1')).data).toStrictEqual([[9223372036854775807n]]);
        const strict = await client(url);
        const e = await strict.sql('select 1').catch((x: unknown) => x);
        expect(e).toBeInstanceOf(OperationalError);
        expect((e as Error).message).toMatch(/certificate/i);
      } finally {
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
      }
    },
  );
});
