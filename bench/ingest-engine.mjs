// Engine ingest without the network: `engine.execute()` of multi-row INSERTs (100 tables × 2,000
// rows of the meters schema, 1,000 rows per statement) against raw DuckDB appending the same rows
// with DataChunks (tid INTEGER layout, like the engine's), both file-backed, in the same run.
// Also runs the same rows with 10 % of each statement's rows pushed back in time (merge path).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../packages/server/dist/engine/index.js';
import { fmtRate, metersRows, repeat, rawAppenderMs } from './_common.mjs';

const TABLES = 100;
const ROWS = 2000;
const PER_STATEMENT = 1000;
const CLIENTS = Number(process.env.CLIENTS ?? 1);
const data = metersRows(TABLES, ROWS);
const total = TABLES * ROWS;

const rawAppender = () => rawAppenderMs(data, 'tid');

/** INSERT texts; `disorder` moves that share of each statement's rows 1 s back in time. */
function statements(disorder) {
  const out = [];
  for (const { name, rows } of data) {
    for (let off = 0; off < rows.length; off += PER_STATEMENT) {
      const part = rows.slice(off, off + PER_STATEMENT);
      const values = part
        .map(
          (r, i) =>
            `(${disorder && i % Math.round(1 / disorder) === 0 ? r[0] - 1000 - i : r[0]},${r[1]},${r[2]},${r[3]})`,
        )
        .join('');
      out.push(
        `insert into bench.${name} using bench.meters tags (${name.slice(1)}, 'loc') values ${values}`,
      );
    }
  }
  return out;
}

async function viaEngine(sqls) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-engine-'));
  const engine = await createEngine({ path: dir });
  const s = { user: 'root', timezone: 'UTC' };
  await engine.execute('create database bench', s);
  await engine.execute(
    'create stable bench.meters (ts timestamp, current float, voltage int, phase float) tags (groupid int, location varchar(24))',
    s,
  );
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < sqls.length) await engine.execute(sqls[next++], { ...s });
    }),
  );
  // Until every row is committed and queryable (the query waits for the writer to settle).
  const r = await engine.execute('select count(*) from bench.meters', s);
  const b = await r.next();
  r.close();
  const ms = performance.now() - t0;
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
  return { ms, rows: Number(b.columns[0][0]) };
}

const inOrder = statements(0);
const disordered = statements(0.1);
await rawAppender();
await viaEngine(inOrder); // warm-up
const raw = await repeat(3, rawAppender);
const eng = await repeat(3, async () => {
  const { ms, rows } = await viaEngine(inOrder);
  if (rows !== total) throw new Error(`engine stored ${rows} rows, expected ${total}`);
  return ms;
});
const dis = await repeat(3, async () => (await viaEngine(disordered)).ms);
console.log(
  `rows: ${total} (${TABLES} tables × ${ROWS}), ${PER_STATEMENT} rows/statement, ${CLIENTS} client(s)`,
);
console.log(`raw DuckDB appender (E0): ${raw.median.toFixed(1)} ms  ${fmtRate(total, raw.median)}`);
console.log(
  `engine.execute INSERT:    ${eng.median.toFixed(1)} ms  ${fmtRate(total, eng.median)}  ratio ${(raw.median / eng.median).toFixed(3)} (target ≥ 0.35 end to end over REST)`,
);
console.log(
  `engine, 10 % disorder:    ${dis.median.toFixed(1)} ms  ${fmtRate(total, dis.median)}  vs in-order ${(eng.median / dis.median).toFixed(3)} (perf.md I6 target ≥ 0.5)`,
);
