// End to end over loopback HTTP: `select *` of a 100,000-row table through taosts vs the official
// @tdengine/rest client, same server, same run. The server runs in a child process so client CPU
// is measured on its own. Build first: `npx tsc -b packages/connector packages/server`.
// Usage: node --expose-gc bench/rest-e2e.mjs [rows]
import tdRest from '@tdengine/rest';
import { connect } from '../packages/connector/dist/index.js';
import { interleaved, loadWideMeters, serverProcess } from './_common.mjs';

const { connect: tdConnect, options: tdOptions } = tdRest;
const ROWS = Number(process.argv[2] ?? 100_000);
const RUNS = 9;

const server = await serverProcess();
const { url, port } = server;

try {
  await loadWideMeters(connect, url, ROWS);

  const sql = 'select * from bench.meters';
  const ours = await connect({ url, timeout: 600_000 }); // default: no gzip on loopback
  const oursGzip = await connect({ url, timeout: 600_000, compression: true });
  Object.assign(tdOptions, { host: '127.0.0.1', port, path: '/rest/sql', user: 'root', passwd: 'taosdata' });
  const official = tdConnect(tdOptions).cursor();

  const contenders = {
    'taosts (default)': async () => (await ours.query(sql)).rows.length,
    'taosts (gzip)': async () => (await oursGzip.query(sql)).rows.length,
    '@tdengine/rest': async () => (await official.query(sql)).getData().length,
  };
  await interleaved(contenders, { rows: ROWS, runs: RUNS, base: '@tdengine/rest' });
  await ours.close();
  await oursGzip.close();
} finally {
  await server.stop();
}
