/**
 * The last-row cache never changes a result: two file-backed engines, one with the cache and one
 * without, run the same statements; after each step every LAST/LAST_ROW query must give the same
 * REST body on both. The counters prove the cached engine really read (and kept) its cache.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type TaosEngine } from '../engine/engine.js';
import { run, session } from '../engine/test-helpers.js';
import { handleRest } from '../http/handle-rest.js';

const T = 1700000000000;
const AUTH = 'Basic ' + Buffer.from('root:taosdata').toString('base64');

const QUERIES = [
  'select last_row(*) from lr.m partition by tbname',
  'select last(*) from lr.m partition by tbname',
  'select last_row(*), tbname from lr.m group by tbname',
  'select last(*), tbname from lr.m group by tbname',
  'select last_row(*) from lr.m',
  'select last(*) from lr.m',
  'select last_row(a), last(b), last(s), tbname from lr.m partition by tbname',
  'select tbname, g, last_row(s) from lr.m partition by tbname',
  'select ts, last_row(a) from lr.m partition by tbname',
  'select last_row(*) from lr.m where g = 1 partition by tbname',
  "select last(*) from lr.m where tbname in ('t1', 't3') partition by tbname",
  'select last_row(a) + 1, last(b) from lr.m group by g',
  'select last_row(*) from lr.m partition by tbname slimit 2',
  'select last_row(*) from lr.t1',
  'select last(*) from lr.t2',
  'select last_row(*) from lr.nt',
  'select last(*) from lr.nt',
  'select last(i), last(x), last(bin), last_row(s) from lr.nt',
  // Not cacheable: must still answer (from the data).
  'select count(*), last(a) from lr.m partition by tbname',
  'select last(a) from lr.m where ts < 1700000000003 partition by tbname',
];

let dirs: string[] = [];
let cached: TaosEngine;
let plain: TaosEngine;
const s = session();

async function open(): Promise<void> {
  cached = await createEngine({ path: dirs[0]! });
  plain = await createEngine({ path: dirs[1]!, lastRowCache: false });
}

async function both(...sqls: string[]): Promise<void> {
  await run(cached, s, ...sqls);
  await run(plain, s, ...sqls);
}

async function rest(engine: TaosEngine, sql: string): Promise<string> {
  const res = await handleRest(
    {
      method: 'POST',
      path: '/rest/sql',
      query: new URLSearchParams(),
      headers: { authorization: AUTH },
      body: Buffer.from(sql),
    },
    { engine },
  );
  if (typeof res.body === 'string') return res.body;
  let out = '';
  for await (const chunk of res.body as AsyncIterable<string | Uint8Array>)
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return out;
}

async function expectSame(): Promise<void> {
  for (const q of QUERIES) {
    const want = await rest(plain, q);
    expect(JSON.parse(want).code, `${q}: ${want}`).toBe(0);
    expect(await rest(cached, q), q).toBe(want);
  }
}

beforeAll(async () => {
  dirs = [mkdtempSync(join(tmpdir(), 'taosts-lrc-')), mkdtempSync(join(tmpdir(), 'taosts-lrc-'))];
  await open();
});

afterAll(async () => {
  await cached?.close();
  await plain?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('last-row cache gives the uncached results', () => {
  it('after in-order inserts with NULLs in the last rows', async () => {
    await both(
      'create database lr',
      'create stable lr.m (ts timestamp, a int, b double, s varchar(10), c int) tags (g int)',
      'create table lr.nt (ts timestamp, i int, x decimal(10,2), bin varbinary(8), s nchar(4))',
      `insert into lr.t1 using lr.m tags (1) values (${T}, 1, 1.5, 'a', 1) (${T + 10}, null, 2.5, null, null)`,
      `insert into lr.t2 using lr.m tags (2) values (${T + 1}, 2, null, 'b', 2) (${T + 11}, 3, null, null, 3)`,
      `insert into lr.t3 using lr.m tags (1) values (${T + 2}, null, null, null, null)`,
      `insert into lr.nt values (${T}, 7, 1.25, '\\x0102', 'n1') (${T + 5}, null, null, null, 'n2')`,
    );
    await expectSame();
    expect(cached.lastRowCacheStats!.loads).toBeGreaterThan(0);
  });

  it('after newer rows are appended (folded in without reloading)', async () => {
    const loads = cached.lastRowCacheStats!.loads;
    await both(
      `insert into lr.t1 values (${T + 20}, 5, null, 'c', null) (${T + 15}, null, 9.5, null, 15)`,
      `insert into lr.t2 values (${T + 21}, null, 4.5, 'd', 21)`,
      `insert into lr.t4 using lr.m tags (2) values (${T + 3}, 8, 8.5, 'e', 3)`,
      `insert into lr.nt values (${T + 9}, 9, null, '\\x03', null)`,
    );
    await expectSame();
    expect(cached.lastRowCacheStats!.loads).toBe(loads);
  });

  it('after out-of-order rows and merges that rewrite the latest row', async () => {
    await both(
      // Older than the last row: a new last non-NULL value for b is not newer than 9.5's ts.
      `insert into lr.t1 values (${T + 5}, 100, 100.5, 'old', 5)`,
      // Overwrite t1's latest row: a becomes NULL, s changes, b (NONE) stays.
      `insert into lr.t1 (ts, a, s) values (${T + 20}, null, 'z')`,
      // t2's latest row gets a value where it had NULL.
      `insert into lr.t2 (ts, a) values (${T + 21}, 42)`,
      // nt: the only non-NULL x moves back in time once its row is overwritten with NULL.
      `insert into lr.nt (ts, x) values (${T}, null)`,
    );
    await expectSame();
    expect(cached.lastRowCacheStats!.reloads).toBeGreaterThan(0);
  });

  it('after DELETE of the latest rows', async () => {
    await both(`delete from lr.m where ts >= ${T + 20}`, `delete from lr.nt where ts = ${T + 9}`);
    await expectSame();
  });

  it('after DROP TABLE of a child and of the normal table', async () => {
    await both('drop table lr.t3');
    await expectSame();
    await both(
      'drop table lr.nt',
      'create table lr.nt (ts timestamp, i int, x decimal(10,2), bin varbinary(8), s nchar(4))',
    );
    await expectSame();
    await both(`insert into lr.nt values (${T + 30}, 1, null, null, 'x')`);
    await expectSame();
  });

  it('after ALTER ADD/DROP COLUMN', async () => {
    await both(
      'alter stable lr.m add column e int',
      `insert into lr.t1 values (${T + 40}, 1, null, 'e1', null, 77)`,
    );
    await expectSame();
    await both(
      'alter stable lr.m drop column c',
      `insert into lr.t2 values (${T + 41}, null, 4.25, 'e2', null)`,
    );
    await expectSame();
  });

  it('after a restart from the data directories', async () => {
    await cached.close();
    await plain.close();
    await open();
    await expectSame();
    await both(
      `insert into lr.t5 using lr.m tags (3) values (${T + 50}, 1, 0.5, 'r', 5)`,
      `insert into lr.t1 values (${T + 4}, 3, null, 'o', 3)`,
    );
    await expectSame();
    expect(cached.lastRowCacheStats!.writes).toBeGreaterThan(1);
  });
});
