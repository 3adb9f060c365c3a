/* global process, console, TextDecoder */
// Raw-block codec benchmark (perf.md §4.4): encode a 100k-row "meters" block
// (ts TIMESTAMP, current FLOAT, voltage INT, phase FLOAT, location VARCHAR(24)) with our encoder,
// then time columnar decode, row decode and an official-connector-style row-wise decoder
// (taos-connector-node `parseBlock`: DataView per value, `toFixed` floats, TextDecoder per string).
// Usage: npx tsc -b packages/protocol && node --expose-gc bench/block-decode.mjs [rows] [case]
import {
  TypeCode,
  decodeRawBlock,
  decodeRawBlockRows,
  encodeRawBlock,
} from '../packages/protocol/dist/index.js';

const ROWS = Number(process.argv[2] ?? 100_000);
const REPEAT = 7;

function metersColumns(n) {
  const ts = new Array(n),
    current = new Array(n),
    voltage = new Array(n),
    phase = new Array(n),
    loc = new Array(n);
  for (let i = 0; i < n; i++) {
    ts[i] = 1_700_000_000_000n + BigInt(i);
    current[i] = 10 + (i % 100) / 7;
    voltage[i] = 200 + (i % 40);
    phase[i] = (i % 360) / 3.3;
    loc[i] = `California.SanFrancisco.${i % 10}`.slice(0, 24);
  }
  return [
    { type: TypeCode.TIMESTAMP, values: ts },
    { type: TypeCode.FLOAT, values: current },
    { type: TypeCode.INT, values: voltage },
    { type: TypeCode.FLOAT, values: phase },
    { type: TypeCode.VARCHAR, length: 24, values: loc },
  ];
}

/** Row-wise decoder in the official Node connector's style (the baseline). */
function officialStyle(block, meta) {
  const rows = block.getUint32
    ? block.getUint32(8, true)
    : new DataView(block.buffer, block.byteOffset).getUint32(8, true);
  const data = [];
  const bufferOffset = 4 * 5 + 8 + (4 + 1) * meta.length;
  const colLengthBlockSize = 4 * meta.length;
  const bitMapSize = (rows + 7) >> 3;
  const dataView = new DataView(block.buffer, block.byteOffset + bufferOffset);
  for (let i = 0; i < rows; i++) {
    const row = [];
    let colBlockHead = colLengthBlockSize;
    for (let j = 0; j < meta.length; j++) {
      const m = meta[j];
      if (m.type !== TypeCode.VARCHAR) {
        const colDataHead = colBlockHead + bitMapSize + m.length * i;
        const bitMapArr = new DataView(dataView.buffer, dataView.byteOffset + colBlockHead, bitMapSize);
        const bit = 7 - (i & 7);
        if ((bitMapArr.getUint8(i >> 3) & (1 << bit)) >> bit === 1) row.push('NULL');
        else if (m.type === TypeCode.TIMESTAMP) row.push(dataView.getBigInt64(colDataHead, true));
        else if (m.type === TypeCode.FLOAT)
          row.push(parseFloat(dataView.getFloat32(colDataHead, true).toFixed(5)));
        else row.push(dataView.getInt32(colDataHead, true));
        colBlockHead = colBlockHead + bitMapSize + dataView.getInt32(4 * j, true);
      } else {
        const off = dataView.getInt32(colBlockHead + 4 * i, true);
        if (off === -1) row.push('NULL');
        else {
          const head = colBlockHead + 4 * rows + off;
          const len = dataView.getInt16(head, true);
          row.push(
            new TextDecoder().decode(new DataView(dataView.buffer, dataView.byteOffset + head + 2, len)),
          );
        }
        colBlockHead = colBlockHead + 4 * rows + dataView.getInt32(4 * j, true);
      }
    }
    data.push(row);
  }
  return data;
}

function time(name, fn) {
  for (let k = 0; k < 3; k++) fn(); // warm up: let the JIT settle
  const samples = [];
  for (let k = 0; k < REPEAT; k++) {
    globalThis.gc?.(); // with --expose-gc, don't bill one run for the previous run's garbage
    const t = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const ms = samples[samples.length >> 1];
  const rate = ROWS / (ms / 1000);
  console.log(
    `${name.padEnd(34)} ${ms.toFixed(2).padStart(8)} ms  ${(rate / 1e6).toFixed(2).padStart(6)} M rows/s`,
  );
  return rate;
}

const cols = metersColumns(ROWS);
const block = encodeRawBlock(cols, ROWS);
// As received from a WS frame: the block sits at byte 55 of the fetch_raw_block reply (unaligned).
const frame = new Uint8Array(block.length + 55);
frame.set(block, 55);
const wire = frame.subarray(55);
const meta = [
  { type: TypeCode.TIMESTAMP, length: 8 },
  { type: TypeCode.FLOAT, length: 4 },
  { type: TypeCode.INT, length: 4 },
  { type: TypeCode.FLOAT, length: 4 },
  { type: TypeCode.VARCHAR, length: 24 },
];

console.log(`meters block: ${ROWS} rows, ${(block.length / 1e6).toFixed(2)} MB, node ${process.version}`);
// The server's natural block size is 4096 rows; a streaming consumer drops each block's rows.
const small = [];
for (let i = 0; i < ROWS; i += 4096) {
  const n = Math.min(4096, ROWS - i);
  small.push(
    encodeRawBlock(
      cols.map((c) => ({ ...c, values: c.values.slice(i, i + n) })),
      n,
    ),
  );
}
// V8's allocation-site pretenuring makes the row decoders sensitive to what ran before them in
// the same process; pass a case name (encode, columnar, rows, streamed) to time it alone.
const only = process.argv[3];
const run = (key, name, fn) => (only === undefined || only === key ? time(name, fn) : NaN);
const enc = run('encode', 'encodeRawBlock (server)', () => encodeRawBlock(cols, ROWS));
const col = run('columnar', 'decodeRawBlock (columnar)', () => decodeRawBlock(wire));
const rows = run('rows', 'decodeRawBlockRows (rows)', () => decodeRawBlockRows(wire));
run('streamed', 'rows, 4096-row blocks, streamed', () => {
  let sink = 0;
  for (const b of small) sink += decodeRawBlockRows(b).length;
  return sink;
});
const off = time('official-connector style (rows)', () => officialStyle(wire, meta));
console.log(
  `ratios vs official style: columnar ${(col / off).toFixed(1)}×, rows ${(rows / off).toFixed(1)}×; encode ${(enc / 1e6).toFixed(2)} M rows/s`,
);
