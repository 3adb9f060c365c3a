// Decoding a 100,000-row TDengine REST reply: bare JSON.parse vs taosts' lossless decoder, same
// bytes, same run. Run `npx tsc -b packages/connector` first. Usage: node bench/rest-decode.mjs [rows]
import { decodeRestBody } from '../packages/connector/dist/index.js';

const ROWS = Number(process.argv[2] ?? 100_000);
const RUNS = 15;

/** Deterministic meters-like body (perf.md §4.1 shape), plus a second one with BIGINT columns. */
function body(rows, withBigint) {
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const meta = [
    ['ts', 'TIMESTAMP', 8],
    ['current', 'FLOAT', 4],
    ['voltage', 'INT', 4],
    ['phase', 'FLOAT', 4],
    ['location', 'VARCHAR', 24],
  ];
  if (withBigint) meta.push(['id', 'BIGINT', 8], ['counter', 'BIGINT UNSIGNED', 8]);
  const t0 = Date.UTC(2017, 6, 14, 2, 40);
  const parts = [];
  for (let i = 0; i < rows; i++) {
    const ts = new Date(t0 + i * 1000).toISOString().replace('Z', '+00:00');
    const cur = Math.fround(10 + rnd() * 5);
    const row = [
      JSON.stringify(ts),
      String(Number(cur.toPrecision(6))),
      String(200 + Math.floor(rnd() * 30)),
      String(Number(Math.fround(rnd()).toPrecision(6))),
      JSON.stringify(`California.SanFrancisco${i % 10}`),
    ];
    if (withBigint)
      row.push(String(9007199254740993n + BigInt(i) * 1000003n), String(18446744073709551615n - BigInt(i)));
    parts.push(`[${row.join(',')}]`);
  }
  return `{"code":0,"column_meta":${JSON.stringify(meta)},"data":[${parts.join(',')}],"rows":${rows}}`;
}

/** Interleaved runs, best of RUNS each: the minimum is the least noisy estimate on a shared box. */
function race(a, b) {
  let ta = Infinity;
  let tb = Infinity;
  for (let r = 0; r < RUNS; r++) {
    let t = performance.now();
    a();
    ta = Math.min(ta, performance.now() - t);
    t = performance.now();
    b();
    tb = Math.min(tb, performance.now() - t);
  }
  return [ta, tb];
}

for (const withBigint of [false, true]) {
  const buf = Buffer.from(body(ROWS, withBigint));
  const ctx = { timestampMode: 'timestamp', zone: undefined };
  let sink = 0;
  // Both sides start from the same bytes: UTF-8 decode + parse.
  const jp = () => (sink += JSON.parse(buf.toString('utf8')).data.length);
  const td = () => (sink += decodeRestBody(buf.toString('utf8'), ctx).data.length);
  for (let w = 0; w < 3; w++) {
    jp();
    td();
  }
  const [a, b] = race(jp, td);
  const mb = buf.length / 1e6;
  console.log(
    `${withBigint ? 'meters+BIGINT' : 'meters       '} ${ROWS} rows, ${mb.toFixed(1)} MB | JSON.parse ${a.toFixed(1)} ms (${(((ROWS / a) * 1e3) / 1e6).toFixed(2)} M rows/s)` +
      ` | taosts ${b.toFixed(1)} ms (${(((ROWS / b) * 1e3) / 1e6).toFixed(2)} M rows/s) | ratio ${(a / b).toFixed(2)}x of JSON.parse rate (target ≥ 0.80)`,
  );
  if (sink < 0) console.log(sink);
}
