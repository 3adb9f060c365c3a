// Tokenize + parse throughput for bulk INSERT text (target ≥ 2 M rows/s, perf.md §1).
// Build first: npx tsc -b packages/sql && node bench/parse-insert.mjs [rows]
import { parse } from '../packages/sql/dist/index.js';

const rows = Number(process.argv[2] ?? 100_000);
const parts = ['INSERT INTO d1 VALUES '];
for (let i = 0; i < rows; i++) {
  const v = (10 + (i % 100) / 10).toFixed(1);
  parts.push(`(${1626164208000 + i}, ${v}, ${200 + (i % 50)}, 0.${10 + (i % 89)}) `);
}
const sql = parts.join('');

let best = Infinity;
for (let round = 0; round < 8; round++) {
  const t0 = process.hrtime.bigint();
  const stmt = parse(sql);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (stmt.kind !== 'Insert' || stmt.clauses[0].rows.length !== rows) throw new Error('bad parse');
  best = Math.min(best, ms);
}
const mb = (sql.length / 1e6).toFixed(1);
console.log(
  `${rows} rows, ${mb} MB of SQL: best ${best.toFixed(1)} ms = ${(((rows / best) * 1000) / 1e6).toFixed(2)} M rows/s`,
);
