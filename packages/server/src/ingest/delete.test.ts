import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code } from '@taosts/protocol';
import type { TaosEngine } from '../engine/engine.js';
import { errorCode, memoryEngine, query, run, session } from '../engine/test-helpers.js';

const T0 = 1700000000000n;
let engine: TaosEngine;
beforeAll(async () => {
  engine = await memoryEngine();
});
afterAll(async () => {
  await engine.close();
});

let n = 0;
async function fresh(): Promise<ReturnType<typeof session>> {
  const db = `del${n++}`;
  const s = session();
  await run(
    engine,
    s,
    `create database ${db}`,
    `use ${db}`,
    'create stable st (ts timestamp, v int) tags (g int)',
    'create table nt (ts timestamp, v int)',
    `insert into a using st tags (1) values (${T0}, 1) (${T0 + 1n}, 2) (${T0 + 2n}, 3) b using st tags (2) values (${T0}, 10) (${T0 + 1n}, 20) nt values (${T0}, 1) (${T0 + 1n}, 2)`,
  );
  return s;
}

/** (DELETE, affected rows, check query, rows after). */
const cases: [string, number, string, unknown[][]][] = [
  [
    'delete from a',
    3,
    'select tbname, v from st order by tbname, ts',
    [
      ['b', 10],
      ['b', 20],
    ],
  ],
  [
    `delete from a where ts >= ${T0 + 1n}`,
    2,
    'select tbname, v from st order by tbname, ts',
    [
      ['a', 1],
      ['b', 10],
      ['b', 20],
    ],
  ],
  [
    `delete from st where ts = ${T0}`,
    2,
    'select tbname, v from st order by tbname, ts',
    [
      ['a', 2],
      ['a', 3],
      ['b', 20],
    ],
  ],
  ['delete from st', 5, 'select count(*) from st', [[0n]]],
  [`delete from nt where ts between ${T0} and ${T0}`, 1, 'select v from nt', [[2]]],
  [
    `delete from st where ts < '2023-11-14 22:13:20.001' and g = 2`,
    1,
    'select tbname, v from st order by tbname, ts',
    [
      ['a', 1],
      ['a', 2],
      ['a', 3],
      ['b', 20],
    ],
  ],
];

describe('DELETE', () => {
  for (const [sql, affected, check, rows] of cases) {
    it(sql, async () => {
      const s = await fresh();
      expect(await run(engine, s, sql)).toBe(affected);
      expect(await query(engine, s, check)).toEqual(rows);
    });
  }

  it('a condition on data columns → 0x2655', async () => {
    const s = await fresh();
    expect(await errorCode(engine, s, 'delete from nt where v = 1')).toBe(Code.INVALID_DELETE_WHERE);
    expect(await query(engine, s, 'select count(*) from nt')).toEqual([[2n]]);
  });

  it('rows older than a deleted range can be written again and merge correctly', async () => {
    const s = await fresh();
    await run(engine, s, `delete from a where ts >= ${T0 + 1n}`);
    // The max ts of `a` moved back: this row is new again, not merged into a deleted one.
    await run(
      engine,
      s,
      `insert into a (ts, v) values (${T0 + 2n}, 30)`,
      `insert into a (ts) values (${T0 + 2n})`,
    );
    expect(await query(engine, s, 'select ts, v from a order by ts')).toEqual([
      [T0, 1],
      [T0 + 2n, 30],
    ]);
  });
});
