// Shared helpers for benchmarks: deterministic data, timing, medians.
import { performance } from 'node:perf_hooks';

/** Deterministic LCG so every run measures the same rows (perf.md §5.2). */
export function lcg(seed = 42) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Meters rows: tables × rows, 1 ms step from 1500000000000, values like taosBenchmark's. */
export function metersRows(tables, rowsPerTable) {
  const rnd = lcg();
  const out = [];
  for (let t = 0; t < tables; t++) {
    const rows = [];
    for (let i = 0; i < rowsPerTable; i++) {
      const current = Math.fround(8 + rnd() * 8);
      rows.push([
        1500000000000 + i,
        Number(current.toPrecision(6)),
        200 + Math.floor(rnd() * 40),
        Number(Math.fround(rnd()).toPrecision(6)),
      ]);
    }
    out.push({ name: `d${t}`, rows });
  }
  return out;
}

export async function time(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export async function repeat(n, fn) {
  const times = [];
  for (let i = 0; i < n; i++) times.push(await fn(i));
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], all: times };
}

export function fmtRate(rows, ms) {
  return `${(((rows / ms) * 1000) / 1e6).toFixed(3)} M rows/s`;
}

export const AUTH = 'Basic ' + Buffer.from('root:taosdata').toString('base64');

/**
 * The raw DuckDB baseline for ingest (perf.md §5.3 "E0"): append `data` (from `metersRows`) to a
 * fresh file-backed DuckDB with DataChunks and commit. `key: 'tbname'` stores the table name as
 * VARCHAR (perf.md's E0), `key: 'tid'` as INTEGER (the engine's own layout, a stricter baseline).
 * Resolves with the milliseconds from the first append to the commit.
 */
export async function rawAppenderMs(data, key) {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { DuckDBInstance, DuckDBDataChunk, BIGINT, FLOAT, INTEGER, VARCHAR } =
    await import('@duckdb/node-api');
  const dir = mkdtempSync(join(tmpdir(), 'bench-raw-'));
  const inst = await DuckDBInstance.create(join(dir, 'raw.duckdb'));
  const conn = await inst.connect();
  const keyType = key === 'tid' ? INTEGER : VARCHAR;
  await conn.run(
    `create table meters (k ${key === 'tid' ? 'INTEGER' : 'VARCHAR'}, ts BIGINT, current FLOAT, voltage INTEGER, phase FLOAT)`,
  );
  const t0 = performance.now();
  const appender = await conn.createAppender('meters');
  data.forEach(({ name, rows }, tid) => {
    const k = key === 'tid' ? tid : name;
    for (let off = 0; off < rows.length; off += 2048) {
      const part = rows.slice(off, off + 2048);
      const chunk = DuckDBDataChunk.create([keyType, BIGINT, FLOAT, INTEGER, FLOAT], part.length);
      chunk.setColumns([
        part.map(() => k),
        part.map((r) => BigInt(r[0])),
        part.map((r) => r[1]),
        part.map((r) => r[2]),
        part.map((r) => r[3]),
      ]);
      appender.appendDataChunk(chunk);
    }
  });
  appender.closeSync(); // commits: durable in the WAL, like an acknowledged INSERT
  const ms = performance.now() - t0;
  conn.closeSync();
  inst.closeSync();
  rmSync(dir, { recursive: true, force: true });
  return ms;
}
