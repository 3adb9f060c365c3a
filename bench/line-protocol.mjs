/* global process, console */
// Line-protocol parse benchmark: our TDengine-rules parser vs "just parsing the same lines in JS"
// (perf.md §4.5's split-based parser, shared with schemaless-ingest: split on newline, space,
// comma and equals into plain objects, values typed by suffix, no escapes). 1000 series.
// Usage: npx tsc -b packages/protocol && node --expose-gc bench/line-protocol.mjs [lines]
import { parseLineProtocol } from '../packages/protocol/dist/index.js';
import { splitParse } from './_common.mjs';

const N = Number(process.argv[2] ?? 100_000);
const lines = [];
for (let i = 0; i < N; i++) {
  lines.push(
    `meters,location=California.SanFrancisco,groupid=${i % 10},device=d${i % 1000} current=${(10 + (i % 7) / 10).toFixed(1)},voltage=${200 + (i % 30)}i32,phase=0.3${i % 10} ${1648432611249000000n + BigInt(i)}`,
  );
}
const text = lines.join('\n');

function time(name, fn) {
  fn();
  const samples = [];
  for (let k = 0; k < 7; k++) {
    globalThis.gc?.();
    const t = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const ms = samples[3];
  console.log(
    `${name.padEnd(28)} ${ms.toFixed(1).padStart(7)} ms  ${(N / ms / 1000).toFixed(2).padStart(5)} M lines/s`,
  );
  return ms;
}

console.log(`${N} lines, ${(text.length / 1e6).toFixed(1)} MB, node ${process.version}`);
const base = time('naive split parser', () => splitParse(text));
const ours = time('parseLineProtocol', () => parseLineProtocol(text));
console.log(`ratio ours/naive throughput: ${(base / ours).toFixed(2)}×`);
