/**
 * `npm start`: the quick start. Starts the embedded server on a free port, loads the TDengine
 * docs' `power.meters` demo through the `taosts` connector, runs the queries dashboards run and
 * prints them as tables, then says how to run the server yourself.
 */
import { connect, type Connection } from 'taosts';
import { startServer } from '@taosts/server';
import { renderTable } from './shell-table.js';

const DEVICES = [
  { name: 'd1001', location: 'California.SanFrancisco', groupid: 2 },
  { name: 'd1002', location: 'California.SanFrancisco', groupid: 3 },
  { name: 'd1003', location: 'California.LosAngeles', groupid: 2 },
  { name: 'd1004', location: 'California.LosAngeles', groupid: 3 },
];
const DAY_START = Date.UTC(2024, 0, 1);
const MINUTES = 24 * 60;

/** A day of per-minute readings for one device: deterministic, smooth, plausible. */
function readings(device: number): [Date, number, number, number][] {
  const rows: [Date, number, number, number][] = [];
  for (let m = 0; m < MINUTES; m++) {
    const wave = Math.sin((m / MINUTES) * 2 * Math.PI + device);
    rows.push([
      new Date(DAY_START + m * 60_000),
      Math.round((10 + 2 * wave + device * 0.5) * 100) / 100,
      220 + Math.round(3 * wave) - device,
      Math.round((0.3 + 0.02 * wave) * 1000) / 1000,
    ]);
  }
  return rows;
}

async function show(conn: Connection, title: string, sql: string): Promise<void> {
  const result = await conn.query(sql);
  console.log(`\n${title}\n  ${sql}\n`);
  console.log(renderTable(result.fields, result.rows));
  console.log(`Query OK, ${result.rowCount} row(s) in set`);
}

async function main(): Promise<void> {
  const server = await startServer({ port: 0, memory: true });
  try {
    await using conn = await connect({ url: server.url, timezone: 'UTC' });
    console.log(
      `taosts quick start: embedded server on ${server.url} (in memory), server version ${await conn.serverVersion()}`,
    );

    await conn.execute("create database power precision 'ms' keep 3650");
    await conn.execute(
      'create stable power.meters (ts timestamp, current float, voltage int, phase float) tags (location varchar(64), groupid int)',
    );
    for (const [i, d] of DEVICES.entries()) {
      await conn.execute(`create table power.${d.name} using power.meters tags (?, ?)`, [
        d.location,
        d.groupid,
      ]);
      // executeMany batches all rows into one multi-row INSERT: one round trip per device.
      await conn.executeMany(`insert into power.${d.name} values (?, ?, ?, ?)`, readings(i));
    }
    const [[count]] = (await conn.query('select count(*) from power.meters')).rows as [[bigint]];
    console.log(`loaded ${count} readings from ${DEVICES.length} devices (one per minute on 2024-01-01)`);

    await show(
      conn,
      'Latest reading per device (last_row, like TDengine’s last-row cache):',
      'select tbname, last_row(ts), last_row(current), last_row(voltage) from power.meters partition by tbname order by tbname',
    );
    await show(
      conn,
      'Average per 10-minute window (the first hour):',
      "select _wstart, avg(current), avg(voltage) from power.meters where ts >= '2024-01-01 00:00:00' and ts < '2024-01-01 01:00:00' interval(10m)",
    );
    await show(
      conn,
      'Maximum per location:',
      'select location, max(current), max(voltage) from power.meters group by location order by location',
    );
  } finally {
    await server.close();
  }
  console.log(`
Next steps:
  npx taosts serve --memory                 # a server on http://127.0.0.1:6041 (drop --memory to keep data in ./taosts-data)
  curl -u root:taosdata -d 'select server_version()' http://127.0.0.1:6041/rest/sql
  npx taosts shell                          # an interactive SQL shell against it
`);
}

await main();
