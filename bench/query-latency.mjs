// Issue 2: latest row per device over 10,000 devices must answer in a few milliseconds (TDengine's
// last-row cache), and small queries cost at most 1.3× raw DuckDB + 1 ms. Three timings per query,
// taken alternately: the server over REST on loopback; "E0" (perf.md §5.3), the DuckDB SQL the
// server translates the query to, run directly on the server's DuckDB (the budget is measured
// against it); and a hand-written equivalent on the same rows in the natural layout (tbname and
// tags as columns) in a separate DuckDB, for reference.
//
// Robustness: server and raw runs alternate (background load hits both alike), every answer is
// checked against the raw one (row count and a checksum), and the server always shuts down.
// The "uncached" case adds `where ts >= 0`, which the last-row cache cannot serve, to show the
// scan it replaces.
import { DuckDBInstance, DuckDBDataChunk, BIGINT, FLOAT, INTEGER, VARCHAR } from '@duckdb/node-api';
import { Pool } from 'undici';
import { startServer } from '../packages/server/dist/index.js';
import { connect } from '../packages/connector/dist/index.js';
import { metersRows, restPoster } from './_common.mjs';

const TABLES = 10_000;
const ROWS = 100;
const RUNS = 30;
const WARMUP = 3;
const T0 = 1500000000000;
const SESSION = { user: 'root', timezone: 'UTC' };

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median time of each function, run alternately after a warm-up of each. */
async function measureAll(fns) {
  for (let i = 0; i < WARMUP; i++) for (const f of fns) await f();
  const times = fns.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (const [k, f] of fns.entries()) {
      const t0 = performance.now();
      await f();
      times[k].push(performance.now() - t0);
    }
  }
  return times.map(median);
}

/** Sum of one column over the rows (numbers; BigInt-safe), for comparing server and raw answers. */
const sumOf = (rows, k) => rows.reduce((s, r) => s + Number(r[k]), 0);

const cases = [
  {
    name: 'latest row per device (10,000 devices)',
    td: 'select last_row(*) from bench.meters partition by tbname',
    raw: 'select tbname, max(ts), arg_max(current, ts), arg_max(voltage, ts), arg_max(phase, ts) from meters group by tbname',
    rows: TABLES,
    check: (td, raw) => sumOf(td, 2) === sumOf(raw, 3),
  },
  {
    name: 'latest row per device, uncached (where ts >= 0)',
    td: 'select last_row(*) from bench.meters where ts >= 0 partition by tbname',
    raw: 'select tbname, max(ts), arg_max(current, ts), arg_max(voltage, ts), arg_max(phase, ts) from meters where ts >= 0 group by tbname',
    rows: TABLES,
    check: (td, raw) => sumOf(td, 2) === sumOf(raw, 3),
  },
  {
    name: 'last non-NULL values per device (10,000 devices)',
    td: 'select last(*) from bench.meters partition by tbname',
    raw: 'select tbname, max(ts), arg_max(current, ts), arg_max(voltage, ts), arg_max(phase, ts) from meters group by tbname',
    rows: TABLES,
    check: (td, raw) => sumOf(td, 2) === sumOf(raw, 3),
  },
  {
    name: 'one device, time range aggregate',
    td: `select avg(current), max(voltage) from bench.d4242 where ts >= ${T0 + 10} and ts < ${T0 + 90}`,
    raw: `select avg(current), max(voltage) from meters where tbname = 'd4242' and ts >= ${T0 + 10} and ts < ${T0 + 90}`,
    rows: 1,
    check: (td, raw) => td[0][1] === raw[0][1] && Math.abs(td[0][0] - raw[0][0]) < 1e-9,
  },
  {
    name: 'one device, 10-tick windows',
    td: 'select _wstart, avg(current) from bench.d1001 interval(10a)',
    raw: "select (ts // 10) * 10 as w, avg(current) from meters where tbname = 'd1001' group by w order by w",
    rows: 10,
    check: (td, raw) => td.every((r, i) => Math.abs(r[1] - raw[i][1]) < 1e-9),
  },
  {
    name: 'count with a tag filter',
    td: 'select count(*) from bench.meters where groupid = 3',
    raw: 'select count(*) from meters where groupid = 3',
    rows: 1,
    check: (td, raw) => Number(td[0][0]) === Number(raw[0][0]),
  },
];

const data = metersRows(TABLES, ROWS);
const inst = await DuckDBInstance.create(':memory:');
const raw = await inst.connect();
let server;
let pool;
try {
  // --- raw DuckDB ---
  await raw.run(
    'create table meters (tbname VARCHAR, ts BIGINT, current FLOAT, voltage INTEGER, phase FLOAT, groupid INTEGER)',
  );
  const appender = await raw.createAppender('meters');
  for (let t = 0; t < TABLES; t++) {
    const { name, rows } = data[t];
    const chunk = DuckDBDataChunk.create([VARCHAR, BIGINT, FLOAT, INTEGER, FLOAT, INTEGER], rows.length);
    chunk.setColumns([
      rows.map(() => name),
      rows.map((r) => BigInt(r[0])),
      rows.map((r) => r[1]),
      rows.map((r) => r[2]),
      rows.map((r) => r[3]),
      rows.map(() => t % 10),
    ]);
    appender.appendDataChunk(chunk);
  }
  appender.closeSync();

  // --- server ---
  server = await startServer({ port: 0, memory: true });
  pool = new Pool(server.url, { connections: 4 });
  const post = restPoster(pool);
  await post('create database bench');
  await post(
    'create stable bench.meters (ts timestamp, current float, voltage int, phase float) tags (location varchar(24), groupid int)',
  );
  for (let t0 = 0; t0 < TABLES; t0 += 100) {
    let sql = 'insert into';
    for (let t = t0; t < t0 + 100; t++) {
      const { name, rows } = data[t];
      sql +=
        ` bench.${name} using bench.meters tags ('California.City${t % 10}', ${t % 10}) values ` +
        rows.map((r) => `(${r[0]},${r[1]},${r[2]},${r[3]})`).join('');
    }
    const body = await post(sql);
    if (body.data[0][0] !== 100 * ROWS) throw new Error(`insert wrote ${body.data[0][0]} rows`);
  }

  console.log(`${TABLES} devices × ${ROWS} rows; median of ${RUNS} runs`);
  for (const c of cases) {
    const td = await post(c.td);
    const want = (await raw.runAndReadAll(c.raw)).getRowsJS();
    if (td.rows !== c.rows || want.length !== c.rows)
      throw new Error(`${c.name}: server ${td.rows} rows, raw ${want.length}, expected ${c.rows}`);
    if (!c.check(td.data, want)) throw new Error(`${c.name}: server and raw DuckDB answers differ`);
    const e0 = await server.engine.translate(c.td, SESSION);
    const [serverMs, e0Ms, rawMs] = await measureAll([
      async () => {
        const body = await post(c.td);
        if (body.rows !== c.rows) throw new Error(`${c.name}: ${body.rows} rows, expected ${c.rows}`);
      },
      () => server.engine.runDuckDB(e0),
      async () => {
        const r = await raw.runAndReadAll(c.raw);
        if (r.currentRowCount !== c.rows) throw new Error(`raw ${c.name}: ${r.currentRowCount} rows`);
      },
    ]);
    const budget = e0Ms * 1.3 + 1;
    console.log(
      `${c.name}: server ${serverMs.toFixed(2)} ms, E0 ${e0Ms.toFixed(2)} ms, ` +
        `budget 1.3×E0+1ms = ${budget.toFixed(2)} ms ${serverMs <= budget ? 'OK' : 'OVER'}; ` +
        `natural layout ${rawMs.toFixed(2)} ms`,
    );
  }

  // The latest-row query through the connector: binary blocks over WebSocket vs JSON over REST.
  const lastRow = cases[0].td;
  const ws = await connect(server.url.replace('http', 'ws'));
  const rest = await connect(server.url);
  try {
    const [wsMs, restMs] = await measureAll([
      async () => {
        const s = await ws.stream(lastRow);
        let n = 0;
        for await (const b of s.blocks()) n += b.rows;
        if (n !== TABLES) throw new Error(`ws: ${n} rows`);
      },
      async () => {
        if ((await rest.query(lastRow)).rowCount !== TABLES) throw new Error('rest rows');
      },
    ]);
    console.log(
      `latest row per device through the connector: WebSocket blocks ${wsMs.toFixed(2)} ms, REST rows ${restMs.toFixed(2)} ms`,
    );
  } finally {
    await ws.close();
    await rest.close();
  }
} finally {
  await pool?.close();
  await server?.close();
  raw.closeSync();
  inst.closeSync();
}
