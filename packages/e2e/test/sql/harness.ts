/**
 * Table-driven SQL spec runner: each case is (setup, query, expected REST JSON), run against
 * the real embedded server over HTTP, once per database precision where the case says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '@taosts/server';

export type Precision = 'ms' | 'us' | 'ns';

export interface Expect {
  /** Full column_meta, or just the column names. */
  meta?: [string, string, number][];
  names?: string[];
  data?: unknown[][];
  rows?: number;
  /** Expected 16-bit TDengine error code. */
  code?: number;
  /** Only compare these column indexes of each data row. */
  pick?: number[];
  /** Substring expected in the error description. */
  desc?: string;
}

export interface Case {
  name: string;
  /** Statements run before `sql` (each must succeed). `{db}` and `{p}` are substituted. */
  setup?: string[];
  sql: string;
  /** Send `sql` to `/rest/sql` without a database in the path. */
  nodb?: boolean;
  expect: Expect;
}

export interface RestBody {
  code: number;
  desc?: string;
  column_meta?: [string, string, number][];
  data?: unknown[][];
  rows?: number;
}

const AUTH = 'Basic ' + Buffer.from('root:taosdata').toString('base64');

/** POST one statement; big integers are kept exact by reading them as strings when > 2^53. */
export async function rest(
  url: string,
  sql: string,
  path = '/rest/sql',
  query = 'conn_tz=UTC',
): Promise<RestBody> {
  const res = await fetch(`${url}${path}?${query}`, {
    method: 'POST',
    body: sql,
    headers: { Authorization: AUTH },
  });
  const text = await res.text();
  // Quote integers with more than 15 digits so they compare exactly as strings.
  return JSON.parse(text.replace(/([:,[])(-?\d{16,})(?=[,\]}])/g, '$1"$2"')) as RestBody;
}

/** Expand an ms-precision RFC 3339 string ("…:05.000Z") to us/ns digits. */
export function ts(s: string, p: Precision): string {
  const extra = p === 'ms' ? '' : p === 'us' ? '000' : '000000';
  return s.replace(/(\.\d{3})(Z|[+-]\d{2}:\d{2})$/, `$1${extra}$2`);
}

/** Scale an epoch-milliseconds integer to the precision. */
export function ticks(ms: number | bigint, p: Precision): string {
  const m = BigInt(ms);
  return String(p === 'ms' ? m : p === 'us' ? m * 1000n : m * 1_000_000n);
}

function subst(s: string, db: string, p: Precision): string {
  return s.replaceAll('{db}', db).replaceAll('{p}', p);
}

/**
 * Run cases in one server. Each precision gets its own database `<prefix>_<p>`; `setupAll`
 * runs once per database before the cases.
 */
export function runCases(
  title: string,
  opts: { precisions?: Precision[]; setupAll?: string[]; prefix: string },
  cases: (p: Precision) => Case[],
): void {
  const precisions = opts.precisions ?? ['ms', 'us', 'ns'];
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({ port: 0, memory: true });
    for (const p of precisions) {
      const db = `${opts.prefix}_${p}`;
      for (const stmt of [`create database ${db} precision '${p}'`, ...(opts.setupAll ?? [])]) {
        const r = await rest(server.url, subst(stmt, db, p), `/rest/sql/${db}`);
        if (r.code !== 0) throw new Error(`setup failed: ${stmt}: ${r.code} ${r.desc}`);
      }
    }
  });
  afterAll(async () => {
    await server?.close();
  });
  for (const p of precisions) {
    describe(`${title} [${p}]`, () => {
      for (const c of cases(p)) {
        it(c.name, async () => {
          const db = `${opts.prefix}_${p}`;
          for (const stmt of c.setup ?? []) {
            const r = await rest(server.url, subst(stmt, db, p), `/rest/sql/${db}`);
            expect(r.code, `setup: ${stmt}: ${r.desc}`).toBe(0);
          }
          const got = await rest(server.url, subst(c.sql, db, p), c.nodb ? '/rest/sql' : `/rest/sql/${db}`);
          check(got, c.expect, c.sql);
        });
      }
    });
  }
}

export function check(got: RestBody, want: Expect, sql: string): void {
  if (want.code !== undefined) {
    expect({ sql, code: got.code }).toEqual({ sql, code: want.code });
    if (want.desc) expect(got.desc).toContain(want.desc);
    return;
  }
  expect({ sql, code: got.code, desc: got.desc }).toEqual({ sql, code: 0, desc: undefined });
  if (want.meta) expect(got.column_meta).toEqual(want.meta);
  if (want.names) expect(got.column_meta?.map((m) => m[0])).toEqual(want.names);
  if (want.data) {
    const rows = want.pick ? got.data?.map((r) => want.pick!.map((i) => r[i])) : got.data;
    expect(rows).toEqual(want.data);
    expect(got.rows).toBe(want.data.length);
  }
  if (want.rows !== undefined) expect(got.rows).toBe(want.rows);
}
