/**
 * Tables stored in ts order are read without sorting (engine.ts `#query`): which queries may
 * skip the ORDER BY, when a table stops being "in order", and that answers stay sorted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from './engine.js';
import type { TaosEngine } from './engine.js';
import { query, run, session } from './test-helpers.js';

const T0 = 1700000000000n;
const s = session('o');

async function setup(engine: TaosEngine): Promise<void> {
  await run(
    engine,
    session(),
    'create database o',
    'create table o.n (ts timestamp, v int, s varchar(20))',
    'create stable o.st (ts timestamp, v int) tags (g int)',
    'create table o.c1 using o.st tags (1)',
    'create table o.c2 using o.st tags (2)',
  );
}

/** Insert `count` rows from `from` (ms offsets from T0) into `table`, in one statement. */
async function insert(engine: TaosEngine, table: string, offsets: number[]): Promise<void> {
  const values = offsets.map((o) => `(${T0 + BigInt(o)}, ${o}, 'r${o}')`).join(' ');
  const cols = table === 'n' ? '' : ' (ts, v)';
  const rows = table === 'n' ? values : offsets.map((o) => `(${T0 + BigInt(o)}, ${o})`).join(' ');
  await run(engine, s, `insert into ${table}${cols} values ${rows}`);
}

const sorted = (sql: string): boolean => / ORDER BY /.test(sql);
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describe('reading tables stored in ts order', () => {
  it('plain row queries of in-order tables skip the sort; others keep it', async () => {
    await using engine = await createEngine();
    await setup(engine);
    await insert(engine, 'n', range(0, 100));
    await insert(engine, 'n', range(100, 100));
    await insert(engine, 'c1', range(0, 50));
    await insert(engine, 'c2', range(0, 50));
    await insert(engine, 'c1', range(50, 50));
    const cases: [string, boolean][] = [
      ['select * from n', false],
      ['select ts, v from n where v > 10 limit 5 offset 3', false],
      ['select * from c1', false],
      ['select v from c1 where ts > 0', false],
      ['select * from st', true], // many tables: rows by table, then time
      ['select v, g from c1', true], // a tag joined in
      ['select * from n order by ts', false], // the order it is stored in
      ['select v from c1 where v > 3 order by ts asc limit 2', false],
      ['select * from n order by ts desc', true],
      ['select v as ts from n order by ts', true], // another expression named ts
      ['select * from n order by ts, v', true],
      ['select * from n order by v desc', true], // the user's order
      ['select distinct v from n', true],
      ['select count(*) from n', false], // no row order to keep (an aggregate)
      ['select * from (select * from n)', true], // the inner query numbers its rows by ts
    ];
    for (const [sql, sorts] of cases)
      expect([sql, sorted(await engine.translate(sql, s))]).toEqual([sql, sorts]);
    // And the answers are in TDengine's order.
    const ts = (rows: unknown[][]) => rows.map((r) => Number((r[0] as bigint) - T0));
    expect(ts(await query(engine, s, 'select * from n'))).toEqual(range(0, 200));
    expect(ts(await query(engine, s, 'select * from c1'))).toEqual(range(0, 100));
    expect(ts(await query(engine, s, 'select ts from n where v > 10 limit 5 offset 3'))).toEqual(
      range(14, 5),
    );
    expect(ts(await query(engine, s, 'select ts from n order by ts limit 3'))).toEqual(range(0, 3));
    expect(ts(await query(engine, s, 'select ts from n order by ts desc limit 3'))).toEqual([199, 198, 197]);
  });

  it('a table written out of order or merged into is sorted again; a DELETE keeps the order', async () => {
    await using engine = await createEngine();
    await setup(engine);
    await insert(engine, 'n', range(100, 50));
    expect(sorted(await engine.translate('select * from n', s))).toBe(false);
    await insert(engine, 'n', range(0, 50)); // older rows: merged into the past
    expect(sorted(await engine.translate('select * from n', s))).toBe(true);
    const rows = await query(engine, s, 'select ts from n');
    expect(rows.map((r) => Number((r[0] as bigint) - T0))).toEqual([...range(0, 50), ...range(100, 50)]);

    await insert(engine, 'c1', [5, 3, 9]); // one statement not in order
    expect(sorted(await engine.translate('select * from c1', s))).toBe(true);
    await insert(engine, 'c2', range(0, 10));
    expect(sorted(await engine.translate('select * from c2', s))).toBe(false); // c1 does not matter
    // A DELETE leaves the other rows where they are.
    await run(engine, s, `delete from c2 where ts = ${T0 + 3n}`);
    expect(sorted(await engine.translate('select * from c2', s))).toBe(false);
    expect((await query(engine, s, 'select v from c2')).map((r) => r[0])).toEqual([
      0, 1, 2, 4, 5, 6, 7, 8, 9,
    ]);
    await insert(engine, 'c2', [3]); // back into the gap: the past
    expect(sorted(await engine.translate('select * from c2', s))).toBe(true);
    expect((await query(engine, s, 'select v from c2')).map((r) => r[0])).toEqual(range(0, 10));
  });

  it('one statement over several tables marks only the table it writes out of order', async () => {
    await using engine = await createEngine();
    await setup(engine);
    const v = (t: number) => `(${T0 + BigInt(t)}, ${t})`;
    await run(engine, s, `insert into c1 (ts, v) values ${v(1)} ${v(2)} c2 (ts, v) values ${v(9)} ${v(4)}`);
    expect(sorted(await engine.translate('select * from c1', s))).toBe(false);
    expect(sorted(await engine.translate('select * from c2', s))).toBe(true);
    expect((await query(engine, s, 'select v from c2')).map((r) => r[0])).toEqual([4, 9]);
  });

  it('rewriting the last row keeps a table sorted correctly', async () => {
    await using engine = await createEngine();
    await setup(engine);
    await insert(engine, 'n', range(0, 10));
    await run(engine, s, `insert into n values (${T0 + 9n}, 99, 'again')`); // same ts: an update
    const rows = await query(engine, s, 'select ts, v from n');
    expect(rows.map((r) => [Number((r[0] as bigint) - T0), r[1]])).toEqual([
      ...range(0, 9).map((i) => [i, i]),
      [9, 99],
    ]);
  });

  it('what is known survives a restart; a table from before tracking is sorted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taosts-order-'));
    try {
      {
        await using engine = await createEngine({ path: dir });
        await setup(engine);
        await insert(engine, 'n', range(10, 10));
        await insert(engine, 'c1', range(10, 10));
        await insert(engine, 'c2', range(10, 10));
        await insert(engine, 'c2', range(0, 5)); // into the past
      }
      {
        await using engine = await createEngine({ path: dir });
        expect(sorted(await engine.translate('select * from n', s))).toBe(false);
        expect(sorted(await engine.translate('select * from c1', s))).toBe(false);
        expect(sorted(await engine.translate('select * from c2', s))).toBe(true);
        const rows = await query(engine, s, 'select ts from c2');
        expect(rows.map((r) => Number((r[0] as bigint) - T0))).toEqual([...range(0, 5), ...range(10, 10)]);
        // After the restart, a write into the past is recorded again (and survives the next one).
        await insert(engine, 'c1', [3]);
        expect(sorted(await engine.translate('select * from c1', s))).toBe(true);
        // A data directory written before the catalog tracked order: nothing is known.
        await engine.runDuckDB('DELETE FROM taosts_meta.time_order WHERE tid = -1');
      }
      {
        await using engine = await createEngine({ path: dir });
        expect(sorted(await engine.translate('select * from n', s))).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a table dropped and created again, or in a database created again, starts out in order', async () => {
    await using engine = await createEngine();
    await setup(engine);
    await insert(engine, 'n', [5, 1]);
    expect(sorted(await engine.translate('select * from n', s))).toBe(true);
    await run(engine, s, 'drop table n', 'create table n (ts timestamp, v int, s varchar(20))');
    await insert(engine, 'n', [1, 5]);
    expect(sorted(await engine.translate('select * from n', s))).toBe(false);
    await run(engine, session(), 'drop database o');
    await setup(engine);
    await insert(engine, 'n', [1, 5]);
    expect(sorted(await engine.translate('select * from n', s))).toBe(false);
  });

  it('a query racing a write that puts rows out of order still answers sorted', async () => {
    await using engine = await createEngine();
    await setup(engine);
    await insert(engine, 'n', range(1000, 100));
    // Each round keeps the writer busy with a big write, queues an out-of-order insert behind it
    // and queries: the query is translated while the table is still in order, and must notice
    // the write its snapshot contains.
    let busyFrom = 0;
    for (let round = 0; round < 10; round++) {
      const busy = insert(engine, 'c2', range(busyFrom, 5000));
      busyFrom += 5000;
      const write = insert(engine, 'n', [999 - round]);
      const rows = await query(engine, s, 'select ts from n');
      await Promise.all([busy, write]);
      const ts = rows.map((r) => r[0] as bigint);
      expect(ts.length).toBe(101 + round);
      expect(ts).toEqual([...ts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
  });

  it('reads results whose storage chunks are not full (LIMIT/OFFSET, filters) in any batch size', async () => {
    await using engine = await createEngine();
    await setup(engine);
    for (let k = 0; k < 5; k++) await insert(engine, 'n', range(k * 10_000, 10_000));
    const rows = await query(engine, s, 'select ts from n where v % 3 <> 1 limit 20000 offset 1025');
    expect(rows.length).toBe(20_000);
    const r = await engine.execute('select ts from n limit 30000 offset 1025', s, { batchRows: 4096 });
    let n = 0;
    if (r.kind === 'query') for (let b = await r.next(); b; b = await r.next()) n += b.rowCount;
    expect(n).toBe(30_000);
  });
});
