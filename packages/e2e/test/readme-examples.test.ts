/** The README's connector examples, run as written (only the host and port differ). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, TDTimestamp } from 'taosts';
import { startServer } from '@taosts/server';

describe('README examples', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let host: string;
  beforeAll(async () => {
    server = await startServer({ port: 0, memory: true });
    host = `${server.host}:${server.port}`;
    await using setup = await connect(server.url);
    await setup.execute('create database power');
    await setup.execute(
      'create stable power.meters (ts timestamp, current float, voltage int, phase float) tags (location varchar(64), groupid int)',
    );
    await setup.execute("create table power.d1001 using power.meters tags ('California.SanFrancisco', 2)");
  });
  afterAll(async () => {
    await server?.close();
  });

  it('REST: execute with parameters, query with fields/rows/objects', async () => {
    await using conn = await connect(`http://root:taosdata@${host}/power?timezone=UTC`);
    await conn.execute('insert into d1001 values (?, ?, ?, ?)', [new Date(), 10.3, 219, 0.31]);
    const r = await conn.query('select ts, current from meters where location = ? limit 10', [
      'California.SanFrancisco',
    ]);
    expect(r.fields.map((f) => [f.name, f.type, f.length])).toEqual([
      ['ts', 'TIMESTAMP', 8],
      ['current', 'FLOAT', 4],
    ]);
    expect(r.rows[0]?.[0]).toBeInstanceOf(TDTimestamp);
    expect(r.objects()[0]?.current).toBe(10.3);
  });

  it('WebSocket: stmt2 insert with tags, then a columnar stream', async () => {
    await using ws = await connect(`ws://root:taosdata@${host}/power`);
    await using stmt = await ws.prepare('insert into ? using meters tags (?, ?) values (?, ?, ?, ?)');
    stmt.bind({
      table: 'd1002',
      tags: ['California.SanFrancisco', 3],
      rows: [[new Date(), 10.5, 220, 0.32]],
    });
    expect(await stmt.execute()).toBe(1);
    await using s = await ws.stream('select ts, current from meters');
    let rows = 0;
    for await (const block of s.blocks()) {
      expect(block.columns[1]?.data).toBeInstanceOf(Float32Array);
      rows += block.rows;
    }
    expect(rows).toBe(2);
  });
});
