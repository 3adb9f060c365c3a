// stmt2 ingest over /ws (perf.md §3a targets): meters rows bound with stmt2_bind (id 9) + stmt2_exec
// into the embedded server (separate process, file-backed, like taosd + taosAdapter) against raw
// DuckDB appending the same rows with DataChunks, file-backed, in the same run.
// Targets: ≥ 0.5× the raw appender and ≥ 880 k rows/s (TDengine on 2 cores).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import {
  decodeStmt2Fields,
  decodeWsResponse,
  encodeStmt2Bind,
  encodeStmt2BindData,
  encodeWsRequest,
} from '../packages/protocol/dist/index.js';
import { fmtRate, metersRows, rawAppenderMs, repeat, serverProcess } from './_common.mjs';

const TABLES = Number(process.env.TABLES ?? 100);
const ROWS = Number(process.env.ROWS ?? 10000);
const TABLES_PER_BIND = Number(process.env.TABLES_PER_BIND ?? 10);
const IN_FLIGHT = Number(process.env.IN_FLIGHT ?? 3);
const data = metersRows(TABLES, ROWS);
const total = TABLES * ROWS;

const rawAppender = () => rawAppenderMs(data, 'tid');

class Client {
  constructor(ws) {
    this.ws = ws;
    this.reqId = 1;
    this.waiting = new Map();
    ws.on('message', (d) => {
      const r = decodeWsResponse(d.toString());
      const key = `${r.action}:${r.req_id}`;
      const w = this.waiting.get(key);
      this.waiting.delete(key);
      if (r.code !== 0) w?.reject(new Error(`${r.action}: ${r.code} ${r.message}`));
      else w?.resolve(r);
    });
  }
  static open(url) {
    const ws = new WebSocket(url.replace('http', 'ws') + '/ws', { perMessageDeflate: false });
    return new Promise((res, rej) => {
      ws.once('open', () => res(new Client(ws)));
      ws.once('error', rej);
    });
  }
  wait(action, reqId) {
    return new Promise((resolve, reject) => this.waiting.set(`${action}:${reqId}`, { resolve, reject }));
  }
  call(action, args) {
    const req_id = this.reqId++;
    const p = this.wait(action, req_id);
    this.ws.send(encodeWsRequest(action, { req_id, ...args }));
    return p;
  }
  bind(stmtId, bytes) {
    const req_id = this.reqId++;
    const p = this.wait('stmt2_bind', req_id);
    this.ws.send(encodeStmt2Bind(req_id, stmtId, bytes));
    return p;
  }
}

async function viaWs() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ws-'));
  const server = await serverProcess({ data: dir });
  const c = await Client.open(server.url);
  await c.call('conn', { user: 'root', password: 'taosdata' });
  await c.call('query', { sql: 'create database bench' });
  await c.call('query', {
    sql: 'create stable bench.meters (ts timestamp, current float, voltage int, phase float) tags (groupid int, location varchar(24))',
  });
  await c.call('query', { sql: 'use bench' });
  const stmts = [];
  let fields;
  for (let i = 0; i < IN_FLIGHT; i++) {
    const { stmt_id } = await c.call('stmt2_init', { single_stb_insert: true, single_table_bind_once: true });
    const p = await c.call('stmt2_prepare', {
      stmt_id,
      sql: 'insert into ? using meters tags (?, ?) values (?, ?, ?, ?)',
      get_fields: true,
    });
    fields = decodeStmt2Fields(p.fields);
    stmts.push(stmt_id);
  }
  const t0 = performance.now();
  let next = 0;
  let affected = 0;
  await Promise.all(
    stmts.map(async (stmtId) => {
      while (next < data.length) {
        const group = data.slice(next, next + TABLES_PER_BIND);
        const base = next;
        next += TABLES_PER_BIND;
        // Client-side encoding is part of the measured path, as it would be for a real client.
        const tables = group.map(({ name, rows }, k) => ({
          tableName: name,
          tags: [base + k, 'California.SanFrancisco'],
          columns: [
            rows.map((r) => BigInt(r[0])),
            rows.map((r) => r[1]),
            rows.map((r) => r[2]),
            rows.map((r) => r[3]),
          ],
        }));
        await c.bind(stmtId, encodeStmt2BindData(tables, fields));
        const ex = await c.call('stmt2_exec', { stmt_id: stmtId });
        if (process.env.DEBUG) console.log('exec', stmtId, base, ex.affected);
        affected += ex.affected;
      }
    }),
  );
  const ms = performance.now() - t0;
  const q = await c.call('query', { sql: 'select count(*) from meters' });
  if (process.env.DEBUG) console.log('count query', q);
  c.ws.send(encodeWsRequest('free_result', { req_id: 0, id: q.id }));
  c.ws.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  if (affected !== total) throw new Error(`affected ${affected}, expected ${total}`);
  return ms;
}

await rawAppender();
await viaWs(); // warm-up
const raw = await repeat(3, rawAppender);
const ws = await repeat(3, viaWs);
const rate = (total / ws.median) * 1000;
console.log(
  `rows: ${total} (${TABLES} tables × ${ROWS}), ${TABLES_PER_BIND} tables per stmt2_bind, ${IN_FLIGHT} statements in flight`,
);
console.log(`raw DuckDB appender:  ${raw.median.toFixed(1)} ms  ${fmtRate(total, raw.median)}`);
console.log(
  `stmt2 over /ws:       ${ws.median.toFixed(1)} ms  ${fmtRate(total, ws.median)}  ratio ${(raw.median / ws.median).toFixed(3)} (target ≥ 0.5 and ≥ 0.88 M rows/s: ${raw.median / ws.median >= 0.5 && rate >= 880000 ? 'met' : 'NOT met'})`,
);
