import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaosEngine } from './engine.js';
import { memoryEngine, query, run, session } from './test-helpers.js';

const MAX = 2n ** 63n - 1n;
const UMAX = 2n ** 64n - 1n;
/** TDengine sums integers in an int64 / uint64 accumulator that wraps around (no error). */
const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);
const uwrap = (v: bigint): bigint => BigInt.asUintN(64, v);

let engine: TaosEngine;
const s = session();
beforeAll(async () => {
  engine = await memoryEngine();
  await run(
    engine,
    s,
    'create database sumdb',
    'use sumdb',
    'create table t (ts timestamp, v bigint, u bigint unsigned, n int)',
    `insert into t values (1700000000000, ${MAX}, ${UMAX}, 1) (1700000000001, ${MAX}, ${UMAX}, 2) (1700000000002, -3, 5, 3)`,
  );
});
afterAll(async () => {
  await engine.close();
});

describe('SUM over 64-bit integers wraps like TDengine instead of failing', () => {
  it('BIGINT', async () => {
    expect(await query(engine, s, 'select sum(v) from t')).toEqual([[wrap(MAX + MAX - 3n)]]);
  });
  it('BIGINT UNSIGNED', async () => {
    expect(await query(engine, s, 'select sum(u) from t')).toEqual([[uwrap(UMAX + UMAX + 5n)]]);
  });
  it('per window, and sums that do not overflow are exact', async () => {
    expect(
      await query(engine, s, 'select sum(v), sum(n) from t where ts < 1700000000002 interval(1s)'),
    ).toEqual([[wrap(MAX + MAX), 3n]]);
    expect(await query(engine, s, 'select sum(v) from t where ts >= 1700000000001')).toEqual([[MAX - 3n]]);
  });
  it('negative overflow', async () => {
    await run(engine, s, 'create table m (ts timestamp, v bigint)');
    await run(
      engine,
      s,
      `insert into m values (1700000000000, ${-MAX}) (1700000000001, ${-MAX}) (1700000000002, -5)`,
    );
    expect(await query(engine, s, 'select sum(v) from m')).toEqual([[wrap(-MAX - MAX - 5n)]]);
  });
});
