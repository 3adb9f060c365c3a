/**
 * Shared e2e helpers: a real server on an ephemeral port, auth headers, and a raw HTTP client
 * that returns status, headers and the exact body text (byte-for-byte checks need the text).
 */
import { Agent, request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { startServer, type StartServerOptions } from '@taosts/server';

export type TestServer = Awaited<ReturnType<typeof startServer>>;

/** A real server in memory on 127.0.0.1:<free port>. */
export function startTestServer(options: StartServerOptions = {}): Promise<TestServer> {
  return startServer({ port: 0, memory: true, ...options });
}

export function basicAuth(user = 'root', password = 'taosdata'): string {
  return 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
}

export const ROOT_AUTH = basicAuth();

export interface HttpReply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** Body as text (gunzipped if the server compressed it). */
  readonly text: string;
  /** Raw bytes as received. */
  readonly raw: Buffer;
}

export interface HttpOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  readonly agent?: Agent;
}

/** One HTTP request; resolves with the complete reply. */
export function http(url: string, options: HttpOptions = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'POST',
        headers: options.headers ?? {},
        ...(options.agent && { agent: options.agent }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const text = (res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, raw });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** POST one statement to `/rest/sql[/db]` as root; `query` is the raw query string. */
export function sql(
  server: TestServer,
  statement: string,
  opts: { db?: string; query?: string; headers?: Record<string, string>; agent?: Agent } = {},
): Promise<HttpReply> {
  const path = opts.db ? `/rest/sql/${encodeURIComponent(opts.db)}` : '/rest/sql';
  return http(`${server.url}${path}${opts.query ? `?${opts.query}` : ''}`, {
    body: statement,
    headers: { authorization: ROOT_AUTH, ...opts.headers },
    ...(opts.agent && { agent: opts.agent }),
  });
}

/** Parse a REST body keeping integers beyond 2^53 exact (as strings). */
export function parseExact(text: string): unknown {
  return JSON.parse(text.replace(/([:,[])(-?\d{16,})(?=[,\]}])/g, '$1"$2"'));
}

/** Run statements that must succeed; throws with the server's answer otherwise. */
export async function exec(server: TestServer, statements: readonly string[], db?: string): Promise<void> {
  for (const s of statements) {
    const r = await sql(server, s, db ? { db } : {});
    const body = JSON.parse(r.text) as { code: number; desc?: string };
    if (r.status !== 200 || body.code !== 0) throw new Error(`${s}: HTTP ${r.status} ${r.text}`);
  }
}

/** Drop the `timing` field so bodies compare exactly. */
export function withoutTiming(text: string): string {
  return text.replace(/,"timing":\d+/, '');
}
