/**
 * Schemaless writes (InfluxDB line protocol, OpenTSDB telnet and JSON) through `taosts` over
 * WebSocket (`insert` action) and REST (`/influxdb/v1/write`, `/opentsdb/v1/put/…`), read back
 * exactly. Tests skip, saying so, while the server does not serve an endpoint yet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TDengineError, connect } from 'taosts';
import type { Connection } from 'taosts';
import { startServer } from '@taosts/server';

let server: Awaited<ReturnType<typeof startServer>>;
let ws: Connection;
let rest: Connection;
beforeAll(async () => {
  server = await startServer({ port: 0, memory: true });
  ws = await connect(server.url.replace(/^http/, 'ws'));
  await ws.execute('create database sml');
  await ws.execute('use sml');
  rest = await connect({ url: server.url, database: 'sml', compression: false });
});
afterAll(async () => {
  await ws?.close();
  await rest?.close();
  await server?.close();
});

/** True when the error says the server has no such endpoint/action (not yet implemented). */
function missing(e: unknown): boolean {
  return e instanceof TDengineError && /unknown action insert|HTTP 404|HTTP 405/.test(e.message);
}

const PROTOCOLS = [
  {
    protocol: 'influxdb',
    precision: 'ms',
    stable: 'm_line',
    lines: [
      'm_line,loc=SF,grp=1 v=1.5,n=7i,s="a b",ok=t 1735689600000',
      'm_line,loc=LA,grp=2 v=-2.25,n=-8i,s="x",ok=f 1735689600001',
    ],
    query: 'select _ts, v, n, s, ok, loc from sml.m_line order by _ts',
    want: () => [
      [`2025-01-01T00:00:00.000Z`, 1.5, 7n, 'a b', true, 'SF'],
      [`2025-01-01T00:00:00.001Z`, -2.25, -8n, 'x', false, 'LA'],
    ],
  },
  {
    protocol: 'telnet',
    stable: 'm_telnet',
    lines: ['m_telnet 1735689600 10.5 host=h1 dc=a', 'm_telnet 1735689601 11.5 host=h2 dc=b'],
    query: 'select _ts, _value, host from sml.m_telnet order by _ts',
    want: () => [
      ['2025-01-01T00:00:00.000Z', 10.5, 'h1'],
      ['2025-01-01T00:00:01.000Z', 11.5, 'h2'],
    ],
  },
  {
    protocol: 'json',
    stable: 'm_json',
    lines: [
      JSON.stringify([
        { metric: 'm_json', timestamp: 1735689600000, value: 3.25, tags: { host: 'j1', n: 2 } },
      ]),
    ],
    query: 'select _ts, _value, host from sml.m_json',
    want: () => [['2025-01-01T00:00:00.000Z', 3.25, 'j1']],
  },
] as const;

describe.each(['ws', 'rest'] as const)('schemaless over %s', (transport) => {
  it.for(PROTOCOLS)('$protocol lines land and read back exactly', async (p, ctx) => {
    const conn = transport === 'ws' ? ws : rest;
    const stable = `${p.stable}_${transport}`;
    const lines = p.lines.map((l) => l.replaceAll(p.stable, stable));
    let n: number | undefined;
    try {
      n = await conn.schemalessInsert(lines, {
        protocol: p.protocol,
        ...('precision' in p ? { precision: p.precision } : {}),
      });
    } catch (e) {
      if (missing(e))
        return ctx.skip(`the server does not serve schemaless ${p.protocol} over ${transport} yet`);
      throw e;
    }
    if (transport === 'ws') expect(n).toBe(p.protocol === 'json' ? 1 : lines.length);
    else expect(n).toBeUndefined();
    const r = await ws.query(p.query.replace(p.stable, stable));
    expect(
      r.rows.map((row) =>
        row.map((v) =>
          v instanceof Object && 'toISOString' in v ? (v as { toISOString(): string }).toISOString() : v,
        ),
      ),
    ).toStrictEqual(p.want());
  });

  it('a malformed line is a TDengine error with a code', async (ctx) => {
    const conn = transport === 'ws' ? ws : rest;
    const err = await conn
      .schemalessInsert(['not a line protocol line'], { protocol: 'influxdb' })
      .catch((e: unknown) => e);
    if (missing(err)) return ctx.skip(`the server does not serve schemaless over ${transport} yet`);
    expect(err).toBeInstanceOf(TDengineError);
  });
});
