// End to end over loopback: `select *` of a 100,000-row table through the taosts REST transport
// and the taosts WebSocket transport (rows API, and the columnar stream API), same server (child
// process, so client CPU is measured on its own), same data, same run; ratios against REST.
// Also times the client-side decode alone (raw block → rows, → columns) on blocks fetched once.
// Build first: `npx tsc -b packages/connector packages/server`.
// Usage: node bench/ws-query.mjs [rows]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { decodeRawBlock } from '../packages/protocol/dist/index.js';
import { connect } from '../packages/connector/dist/index.js';
import { blockRows } from '../packages/connector/dist/ws/block-rows.js';

const ROWS = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 15);

// PIN=1 pins the server to core 1 (run the client with `taskset -c 0`), as perf.md §5.1 allows.
const pin = process.env.PIN ? ['taskset', ['-c', '1', process.execPath]] : [process.execPath, []];
const child = spawn(
  pin[0],
  [
    ...pin[1],
    ...(process.env.SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean),
    '--input-type=module',
    '-e',
    `import { startServer } from ${JSON.stringify(new URL('../packages/server/dist/index.js', import.meta.url).href)}; const s = await startServer({ port: 0, memory: true }); console.log(s.port); process.stdin.on('data', async () => { await s.close(); process.exit(0); });`,
  ],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
const [line] = await once(child.stdout, 'data');
const port = Number(String(line).trim());

try {
  const setup = await connect({ url: `http://127.0.0.1:${port}`, timeout: 600_000 });
  await setup.execute('create database bench');
  await setup.execute(
    'create table bench.meters (ts timestamp, current float, voltage int, phase float, location varchar(24))',
  );
  const t0 = Date.UTC(2025, 0, 1);
  const rows = Array.from({ length: ROWS }, (_, i) => [
    new Date(t0 + i * 1000),
    10 + (i % 50) / 10,
    200 + (i % 30),
    (i % 100) / 100,
    `California.SanFrancisco${i % 10}`,
  ]);
  await setup.executeMany('insert into bench.meters values (?, ?, ?, ?, ?)', rows);
  await setup.close();

  const sql = 'select * from bench.meters';

  // First, in a quiet heap: the client decode alone, on the raw blocks of one result.
  // Client decode alone: capture the raw blocks of one result, then decode them repeatedly.
  const blocks = await captureBlocks(port, sql);
  if (process.env.SAVE_BLOCKS) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      process.env.SAVE_BLOCKS,
      Buffer.concat(blocks.flatMap((b) => [Buffer.from(new Uint32Array([b.length]).buffer), b])),
    );
  }
  const ctx = { timestampMode: 'timestamp', int64Mode: 'bigint', zone: undefined, precision: 'ms' };
  const decode = {
    'decode → columns': () => blocks.reduce((n, b) => n + decodeRawBlock(b).rows, 0),
    'decode → rows': () => blocks.reduce((n, b) => n + blockRows(decodeRawBlock(b), ctx).length, 0),
  };
  if (!process.env.ONLY) console.log(`client decode alone (${blocks.length} blocks):`);
  for (const [name, fn] of process.env.ONLY ? [] : Object.entries(decode)) {
    const t = [];
    for (let r = 0; r < 2 * RUNS + 1; r++) {
      const s = performance.now();
      if (fn() !== ROWS) throw new Error(name);
      if (r > 0) t.push(performance.now() - s);
    }
    const m = Math.min(...t);
    console.log(
      `  ${name.padEnd(16)} ${m.toFixed(1).padStart(7)} ms  ${(((ROWS / m) * 1e3) / 1e6).toFixed(2)} M rows/s`,
    );
  }
  const rest = await connect({ url: `http://127.0.0.1:${port}`, timeout: 600_000, compression: false });
  const restGzip = await connect({ url: `http://127.0.0.1:${port}`, timeout: 600_000 });
  const ws = await connect({ url: `ws://127.0.0.1:${port}`, timeout: 600_000 });

  const only = process.env.ONLY?.split(',');
  const contenders = {
    'REST (gzip)': async () => (await restGzip.query(sql)).rows.length,
    'REST (no gzip)': async () => (await rest.query(sql)).rows.length,
    'WS rows': async () => (await ws.query(sql)).rows.length,
    'WS stream rows': async () => {
      let n = 0;
      for await (const _ of await ws.stream(sql)) n++;
      return n;
    },
    'WS columns': async () => {
      let n = 0;
      for await (const b of (await ws.stream(sql)).blocks()) n += b.rows;
      return n;
    },
  };
  if (only) for (const k of Object.keys(contenders)) if (!only.includes(k)) delete contenders[k];
  const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let r = 0; r < RUNS + 1; r++) {
    for (const [name, fn] of Object.entries(contenders)) {
      const t = performance.now();
      const n = await fn();
      if (n !== ROWS) throw new Error(`${name} returned ${n} rows`);
      if (r > 0) times[name].push(performance.now() - t); // first round warms up
    }
  }
  const best = (a) => Math.min(...a); // best of RUNS: the least noisy estimate on a shared box
  const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const base = best(times['REST (no gzip)'] ?? [NaN]);
  console.log(`end to end, ${ROWS} rows, best (median) of ${RUNS}:`);
  for (const [name, t] of Object.entries(times)) {
    const m = best(t);
    console.log(
      `  ${name.padEnd(16)} ${m.toFixed(1).padStart(7)} ms (${median(t).toFixed(1)})  ${(((ROWS / m) * 1e3) / 1e6).toFixed(2)} M rows/s  ${(base / m).toFixed(2)}x REST`,
    );
  }

  await Promise.all([rest.close(), restGzip.close(), ws.close()]);
} finally {
  // Exit cleanly, so that a server run with `SERVER_NODE_ARGS=--cpu-prof` writes its profile.
  const exited = once(child, 'exit');
  child.stdin.write('x');
  await exited;
}

/** The raw blocks of one result, fetched with the protocol codec over a plain `ws` socket. */
async function captureBlocks(port, sql) {
  const { WebSocket } = await import('ws');
  const p = await import('../packages/protocol/dist/index.js');
  const sock = new WebSocket(`ws://127.0.0.1:${port}/ws`);
  await once(sock, 'open');
  const next = () =>
    once(sock, 'message').then(([d]) => new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
  sock.send(p.encodeWsRequest('conn', { req_id: 1, user: 'root', password: 'taosdata', db: '' }));
  await next();
  sock.send(p.encodeBinaryQuery(2, sql));
  const q = p.decodeWsResponse(Buffer.from(await next()).toString('utf8'));
  const out = [];
  for (let i = 3; ; i++) {
    sock.send(p.encodeFetchRawBlockRequest(i, q.id));
    const r = p.decodeFetchRawBlockReply(await next());
    if (r.finished) break;
    out.push(r.block.slice());
  }
  sock.close();
  return out;
}
