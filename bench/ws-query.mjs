// End to end over loopback: `select *` of a 100,000-row table through the taosts REST transport
// and the taosts WebSocket transport (rows API, and the columnar stream API), same server (child
// process, so client CPU is measured on its own), same data, same run; ratios against REST.
// Also times the client-side decode alone (raw block → rows, → columns) on blocks fetched once.
// Build first: `npx tsc -b packages/connector packages/server`.
// Usage: node --expose-gc bench/ws-query.mjs [rows]
import { once } from 'node:events';
import { decodeRawBlock } from '../packages/protocol/dist/index.js';
import { connect } from '../packages/connector/dist/index.js';
import { blockRows } from '../packages/connector/dist/ws/block-rows.js';
import { interleaved, loadWideMeters, serverProcess } from './_common.mjs';

const ROWS = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 15);

const server = await serverProcess();
const port = server.port;

try {
  await loadWideMeters(connect, server.url, ROWS);

  const sql = 'select * from bench.meters';

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
  await interleaved(contenders, { rows: ROWS, runs: RUNS, base: 'REST (no gzip)' });

  await Promise.all([rest.close(), restGzip.close(), ws.close()]);

  // Then the client decode alone: the raw blocks of one result, decoded repeatedly. It runs after
  // the end-to-end rounds: its rows die young, and V8 would carry that lesson (allocate rows in the
  // young generation) over to query() results, whose rows live on.
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
} finally {
  // Exit cleanly, so that a server run with `SERVER_NODE_ARGS=--cpu-prof` writes its profile.
  await server.stop();
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
