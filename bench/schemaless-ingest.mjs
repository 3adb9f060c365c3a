// Schemaless ingest (perf.md §5.3 I4): InfluxDB line protocol written with the WS `insert` action
// into the embedded server (separate process, file-backed) against only parsing the same lines
// in JS, in the same run. Target: ingest ≥ 0.6× parse-only throughput, where parse-only is
// perf.md's split-based parser (§4.5); the package's own parser (discarding its output, and
// building points) is reported too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import {
  decodeWsResponse,
  encodeWsRequest,
  parseLineProtocol,
  parseLineProtocolInto,
} from '../packages/protocol/dist/index.js';
import { fmtRate, metersRows, repeat, serverProcess, splitParse } from './_common.mjs';

const TABLES = Number(process.env.TABLES ?? 100);
const ROWS = Number(process.env.ROWS ?? 5000);
const LINES_PER_MSG = Number(process.env.LINES_PER_MSG ?? 10000);
const IN_FLIGHT = Number(process.env.IN_FLIGHT ?? 3);
const total = TABLES * ROWS;

// Table-major like taosBenchmark; every line carries its tags (the protocol has no other way).
const chunks = [];
{
  let lines = [];
  metersRows(TABLES, ROWS).forEach(({ rows }, t) => {
    for (const [ts, current, voltage, phase] of rows) {
      lines.push(
        `meters,location=California.SanFrancisco,groupid=${t} current=${current},voltage=${voltage}i32,phase=${phase} ${ts}`,
      );
      if (lines.length === LINES_PER_MSG) {
        chunks.push(lines.join('\n'));
        lines = [];
      }
    }
  });
  if (lines.length) chunks.push(lines.join('\n'));
}

async function parseSplit() {
  const t0 = performance.now();
  let n = 0;
  for (const c of chunks) n += splitParse(c).length;
  if (n !== total) throw new Error(`parsed ${n}`);
  return performance.now() - t0;
}

/**
 * Two more "just parse the lines in JS" baselines, with this package's parser: the strict one parses every line and value but keeps
 * nothing (a discarding sink, the lower bound of parse cost); the other builds the point objects
 * of `parseLineProtocol`.
 */
const DISCARD = { begin() {}, field() {}, end() {} };

async function parseOnly() {
  const t0 = performance.now();
  let n = 0;
  for (const c of chunks) n += parseLineProtocolInto(c, { precision: 'ms' }, DISCARD);
  if (n !== total) throw new Error(`parsed ${n}`);
  return performance.now() - t0;
}

async function parsePoints() {
  const t0 = performance.now();
  let n = 0;
  for (const c of chunks) n += parseLineProtocol(c, { precision: 'ms' }).length;
  if (n !== total) throw new Error(`parsed ${n}`);
  return performance.now() - t0;
}

async function viaWs() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sml-'));
  const server = await serverProcess({ data: dir });
  const ws = new WebSocket(server.url.replace('http', 'ws') + '/ws', { perMessageDeflate: false });
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  const waiting = new Map();
  ws.on('message', (d) => {
    const r = decodeWsResponse(d.toString());
    const w = waiting.get(r.req_id);
    waiting.delete(r.req_id);
    if (r.code !== 0) w.reject(new Error(`${r.action}: ${r.code} ${r.message}`));
    else w.resolve(r);
  });
  let reqId = 1;
  const call = (action, args) => {
    const id = reqId++;
    const p = new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
    ws.send(encodeWsRequest(action, { req_id: id, ...args }));
    return p;
  };
  await call('conn', { user: 'root', password: 'taosdata' });
  await call('query', { sql: 'create database bench' });
  await call('query', { sql: 'use bench' });
  // The first message creates the schema; time the steady state like the parse-only run.
  await call('insert', { protocol: 1, precision: 'ms', data: chunks[0].split('\n', 1)[0] });
  const t0 = performance.now();
  let next = 0;
  let affected = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < chunks.length) {
        const data = chunks[next++];
        const r = await call('insert', { protocol: 1, precision: 'ms', data });
        affected += r.affected_rows;
      }
    }),
  );
  const ms = performance.now() - t0;
  ws.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  if (affected !== total) throw new Error(`affected ${affected}, expected ${total}`);
  return ms;
}

await parseSplit();
await parseOnly();
await parsePoints();
await viaWs(); // warm-up
const split = await repeat(3, parseSplit);
const parse = await repeat(3, parseOnly);
const points = await repeat(3, parsePoints);
const ingest = await repeat(3, viaWs);
console.log(
  `lines: ${total} (${TABLES} tables × ${ROWS}), ${LINES_PER_MSG} lines per insert, ${IN_FLIGHT} in flight`,
);
const ratio = (t) => (t / ingest.median).toFixed(3);
console.log(
  `split-based parse (perf.md §4.5):    ${split.median.toFixed(1)} ms  ${fmtRate(total, split.median)}`,
);
console.log(
  `our parser, discarding (strictest):  ${parse.median.toFixed(1)} ms  ${fmtRate(total, parse.median)}`,
);
console.log(
  `our parser, to points:               ${points.median.toFixed(1)} ms  ${fmtRate(total, points.median)}`,
);
console.log(
  `WS insert, protocol 1:               ${ingest.median.toFixed(1)} ms  ${fmtRate(total, ingest.median)}`,
);
console.log(
  `  ratio vs split-based parse ${ratio(split.median)} (target ≥ 0.6: ${split.median / ingest.median >= 0.6 ? 'met' : 'NOT met'}); vs discarding parser ${ratio(parse.median)}; vs parser to points ${ratio(points.median)}`,
);
