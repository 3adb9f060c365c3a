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

/**
 * perf.md §4.5's baseline, "line protocol with a split-based parser": what a JS program that
 * just parses the lines would do — split each line into measurement, tags, fields and timestamp,
 * type each field value by its suffix — returning one point object per line.
 */
function splitValue(v) {
  const c = v.charCodeAt(0) | 0x20;
  if (c === 0x22 /* " */) return v.slice(1, -1);
  if (c === 0x74 /* t */ || c === 0x66 /* f */) return c === 0x74;
  const last = v.charCodeAt(v.length - 1) | 0x20;
  if (last === 0x69 /* i */ || last === 0x75 /* u */) return BigInt(v.slice(0, -1));
  if (last >= 0x30 && last <= 0x39) {
    const t = v.charCodeAt(v.length - 2) | 0x20;
    if (t === 0x69 || t === 0x75 || t === 0x66) return Number(v.slice(0, -2)); // i8 u8
    const u = v.charCodeAt(v.length - 3) | 0x20;
    if (u === 0x69 || u === 0x75 || u === 0x66) {
      const digits = v.slice(0, -3);
      return v.endsWith('64') && u !== 0x66 ? BigInt(digits) : Number(digits);
    }
  }
  return Number(v);
}

export function splitParse(text) {
  const points = [];
  for (const line of text.split('\n')) {
    if (line.length === 0 || line[0] === '#') continue;
    const [head, fieldText, tsText] = line.split(' ');
    const parts = head.split(',');
    const tags = {};
    for (let i = 1; i < parts.length; i++) {
      const [k, v] = parts[i].split('=');
      tags[k] = v;
    }
    const fields = {};
    for (const f of fieldText.split(',')) {
      const [k, v] = f.split('=');
      fields[k] = splitValue(v);
    }
    points.push({
      measurement: parts[0],
      tags,
      fields,
      ts: tsText.length > 15 ? BigInt(tsText) : Number(tsText),
    });
  }
  return points;
}

/**
 * The embedded server in a child process of its own (so client CPU is measured on its own):
 * `data` a directory, or in memory. `SERVER_NODE_ARGS` passes node flags (e.g. `--cpu-prof`);
 * `PIN=1` pins it to core 1 (run the client with `taskset -c 0`), as perf.md §5.1 allows.
 * Resolves with its URL and port; `stop()` closes it cleanly (a profile gets written).
 */
export async function serverProcess({ data } = {}) {
  const { spawn } = await import('node:child_process');
  const { once } = await import('node:events');
  const server = JSON.stringify(new URL('../packages/server/dist/index.js', import.meta.url).href);
  const where = data === undefined ? 'memory: true' : `data: ${JSON.stringify(data)}`;
  const code = `
    import { startServer } from ${server};
    const s = await startServer({ port: 0, ${where} });
    process.stdout.write(s.url + '\\n');
    process.stdin.on('data', async () => { await s.close(); process.exit(0); });`;
  const [cmd, ...pinArgs] = process.env.PIN ? ['taskset', '-c', '1', process.execPath] : [process.execPath];
  const nodeArgs = (process.env.SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(cmd, [...pinArgs, ...nodeArgs, '--input-type=module', '-e', code], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const [line] = await once(child.stdout, 'data');
  const url = String(line).trim();
  return {
    url,
    port: Number(new URL(url).port),
    stop: async () => {
      const exited = once(child, 'exit');
      child.stdin.write('x');
      await exited;
    },
  };
}

/**
 * `bench.meters (ts, current, voltage, phase, location)` with `rows` rows, one second apart from
 * 2025-01-01, inserted through the taosts REST connector `connect` — the 100k-row query benches'
 * table.
 */
export async function loadWideMeters(connect, url, rows) {
  const setup = await connect({ url, timeout: 600_000 });
  await setup.execute('create database bench');
  await setup.execute(
    'create table bench.meters (ts timestamp, current float, voltage int, phase float, location varchar(24))',
  );
  const t0 = Date.UTC(2025, 0, 1);
  const values = Array.from({ length: rows }, (_, i) => [
    new Date(t0 + i * 1000),
    10 + (i % 50) / 10,
    200 + (i % 30),
    (i % 100) / 100,
    `California.SanFrancisco${i % 10}`,
  ]);
  await setup.executeMany('insert into bench.meters values (?, ?, ?, ?, ?)', values);
  await setup.close();
}

/** `post(sql)` to `/rest/sql` over an undici `Pool`; resolves with the reply, throws on a TDengine error. */
export function restPoster(pool) {
  return async (sql) => {
    const res = await pool.request({
      path: '/rest/sql',
      method: 'POST',
      body: sql,
      headers: { authorization: AUTH },
    });
    const body = await res.body.json();
    if (body.code !== 0) throw new Error(`${body.code} ${body.desc}: ${sql.slice(0, 80)}`);
    return body;
  };
}

/**
 * Run each contender (an async function returning the rows it read, which must be `rows`) in
 * interleaved rounds, one warm-up round then `runs` timed ones, and print each one's best
 * (median) time, rate and ratio to the contender named `base`. With `--expose-gc` (as
 * `npm run bench` runs), the heap is collected before each run, so that no contender is billed
 * for collecting the previous one's 100k-row result (as block-decode and line-protocol do).
 */
export async function interleaved(contenders, { rows, runs, base }) {
  const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let r = 0; r < runs + 1; r++) {
    for (const [name, fn] of Object.entries(contenders)) {
      globalThis.gc?.();
      const t = performance.now();
      const n = await fn();
      if (n !== rows) throw new Error(`${name} returned ${n} rows`);
      if (r > 0) times[name].push(performance.now() - t);
    }
  }
  const best = (a) => Math.min(...a); // best of runs: the least noisy estimate on a shared box
  const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const baseMs = best(times[base] ?? [NaN]);
  console.log(`end to end, ${rows} rows, best (median) of ${runs}:`);
  for (const [name, t] of Object.entries(times)) {
    const m = best(t);
    console.log(
      `  ${name.padEnd(18)} ${m.toFixed(1).padStart(7)} ms (${median(t).toFixed(1)})  ${fmtRate(rows, m)}  ${(baseMs / m).toFixed(2)}x ${base}`,
    );
  }
}
