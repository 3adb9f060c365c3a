/**
 * 64 clients inserting at once (into shared and separate tables, in and out of order, with
 * auto-create) lose nothing and keep the max-ts bookkeeping right.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaosEngine } from '../engine/engine.js';
import { memoryEngine, query, run, session } from '../engine/test-helpers.js';

const CLIENTS = 64;
const STATEMENTS = 20;
const ROWS = 25;
const T0 = 1700000000000n;

let engine: TaosEngine;
beforeAll(async () => {
  engine = await memoryEngine();
  await run(
    engine,
    session(),
    'create database conc',
    'use conc',
    'create stable st (ts timestamp, v int, c int) tags (g int)',
    'create table nt (ts timestamp, v int, c int)',
  );
});
afterAll(async () => {
  await engine.close();
});

/** Client c writes rows keyed by (statement, row); every 4th statement goes back in time. */
async function client(c: number): Promise<number> {
  const s = session('conc');
  let affected = 0;
  for (let k = 0; k < STATEMENTS; k++) {
    const base = k % 4 === 3 ? k - 3 : k;
    const values: string[] = [];
    for (let r = 0; r < ROWS; r++)
      values.push(`(${T0 + BigInt((base * ROWS + r) * CLIENTS + c)}, ${k * ROWS + r}, ${c})`);
    // Own child table (auto-created), a child shared by 8 clients, and the normal table.
    const own = `c${c} using st tags (${c}) values ${values.join(' ')}`;
    const shared = `s${c % 8} using st tags (${c % 8}) values ${values.join(' ')}`;
    affected += (await run(
      engine,
      s,
      `insert into ${own} ${shared} nt values ${values.join(' ')}`,
    )) as number;
  }
  return affected;
}

describe('concurrent ingest', () => {
  it(`${CLIENTS} clients × ${STATEMENTS} statements lose nothing`, async () => {
    const results = await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    expect(results.every((n) => n === STATEMENTS * ROWS * 3)).toBe(true);
    const s = session('conc');
    // Statements k = 3, 7, … rewrite the keys of k - 3 with the same ts: distinct keys per client
    // are (STATEMENTS - STATEMENTS/4) × ROWS.
    const distinct = BigInt((STATEMENTS - STATEMENTS / 4) * ROWS);
    expect(await query(engine, s, 'select count(*) from nt')).toEqual([[distinct * BigInt(CLIENTS)]]);
    expect(await query(engine, s, "select count(*) from st where tbname like 'c%'")).toEqual([
      [distinct * BigInt(CLIENTS)],
    ]);
    expect(await query(engine, s, "select count(*) from st where tbname like 's%'")).toEqual([
      [distinct * BigInt(CLIENTS)],
    ]);
    // No duplicate keys anywhere, and merged rows hold the later statement's values.
    expect(
      await query(
        engine,
        s,
        'select count(*) from (select tbname, ts, count(*) as n from st group by tbname, ts) where n > 1',
      ),
    ).toEqual([[0n]]);
    const rewritten = await query(engine, s, `select v from nt where ts = ${T0}`);
    expect(rewritten).toEqual([[3 * ROWS]]);
    expect(await query(engine, s, 'show tables')).toHaveLength(CLIENTS + 8 + 1);
    // Appends after the storm still merge correctly (max ts per table is right).
    await run(engine, s, `insert into c0 (ts, c) values (${T0}, -1)`);
    expect(await query(engine, s, `select v, c from c0 where ts = ${T0}`)).toEqual([[3 * ROWS, -1]]);
    expect(engine.ingestStats.splits).toBe(0);
  }, 120_000);

  it('hundreds of statements in flight commit as a few large groups', async () => {
    const s = session('conc');
    await run(engine, s, 'create table big (ts timestamp, v int)');
    const before = engine.ingestStats;
    const statements = 300;
    const perStatement = 1000;
    const results = await Promise.all(
      Array.from({ length: statements }, (_, k) => {
        const values = Array.from(
          { length: perStatement },
          (_, r) => `(${T0 + BigInt(k * perStatement + r)}, ${r})`,
        ).join('');
        return run(engine, session('conc'), `insert into big values ${values}`);
      }),
    );
    expect(results.every((n) => n === perStatement)).toBe(true);
    expect(await query(engine, s, 'select count(*) from big')).toEqual([[BigInt(statements * perStatement)]]);
    const after = engine.ingestStats;
    // Grouped (a group holds up to 500k rows) and never split: no statement was retried alone.
    expect(after.splits).toBe(before.splits);
    expect(after.groups - before.groups).toBeLessThan(statements / 10);
  }, 120_000);
});
