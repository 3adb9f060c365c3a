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
