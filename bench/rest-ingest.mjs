// Issue 2: ingest through REST multi-row INSERT (100 tables × 2,000 rows of the meters schema,
// 4 clients) against raw DuckDB appending the same rows with DataChunks, both file-backed,
// measured in the same run. Target: ratio ≥ 0.35.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { startServer } from '../packages/server/dist/index.js';
import { fmtRate, metersRows, rawAppenderMs, repeat, restPoster } from './_common.mjs';

const TABLES = 100;
const ROWS = 2000;
const PER_REQUEST = 1000;
const CLIENTS = 4;
const data = metersRows(TABLES, ROWS);
const total = TABLES * ROWS;

const rawAppender = () => rawAppenderMs(data, 'tbname');

function statements() {
  const out = [];
  for (const { name, rows } of data) {
    for (let off = 0; off < rows.length; off += PER_REQUEST) {
      const values = rows
        .slice(off, off + PER_REQUEST)
        .map((r) => `(${r[0]},${r[1]},${r[2]},${r[3]})`)
        .join('');
      out.push(`insert into bench.${name} values ${values}`);
    }
  }
  return out;
}

async function viaRest() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-rest-'));
  const server = await startServer({ port: 0, data: dir });
  const pool = new Pool(server.url, { connections: CLIENTS });
  const post = restPoster(pool);
  await post('create database bench');
  await post(
    'create stable bench.meters (ts timestamp, current float, voltage int, phase float) tags (location varchar(24), groupid int)',
  );
  for (let t = 0; t < TABLES; t++)
    await post(`create table bench.d${t} using bench.meters tags ('California.City${t % 10}', ${t % 10})`);
  const sqls = statements();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < sqls.length) await post(sqls[next++]);
    }),
  );
  const ms = performance.now() - t0;
  const count = await post('select count(*) from bench.meters');
  if (Number(count.data[0][0]) !== total) throw new Error(`lost rows: ${count.data[0][0]} of ${total}`);
  await pool.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

await rawAppender(-1); // warm-up
const raw = await repeat(3, rawAppender);
await viaRest(-1);
const rest = await repeat(3, viaRest);
const ratio = raw.median / rest.median;
console.log(
  `raw DuckDB appender (DataChunks, file-backed): ${fmtRate(total, raw.median)} (min ${raw.min.toFixed(0)} ms)`,
);
console.log(
  `REST multi-row INSERT, ${CLIENTS} clients, ${PER_REQUEST} rows/request: ${fmtRate(total, rest.median)}`,
);
console.log(`ratio REST / raw appender: ${ratio.toFixed(2)} (target >= 0.35)`);
