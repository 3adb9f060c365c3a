/** Schemaless over real sockets: the WS `insert` action and the REST write endpoints. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, ROOT_AUTH, basicAuth, startTestServer, type TestServer } from './helpers/server.js';
import { WsClient } from './helpers/ws-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await sql('create database sl_ms');
  await sql("create database sl_us precision 'us'");
  await sql("create database sl_ns precision 'ns'");
});
afterAll(() => server.close());

async function sql(text: string, db = ''): Promise<{ code: number; data?: unknown[][]; desc?: string }> {
  const r = await http(`${server.url}/rest/sql${db ? '/' + db : ''}`, {
    headers: { authorization: ROOT_AUTH },
    body: text,
  });
  return JSON.parse(r.text) as { code: number; data?: unknown[][] };
}

describe('ws insert (schemaless)', () => {
  let c: WsClient;
  beforeAll(async () => {
    c = await WsClient.open(server.url);
    await c.connect('sl_ms');
  });
  afterAll(() => c.close());

  it('line protocol with ms precision: affected_rows and total_rows', async () => {
    const data =
      'meters,location=SF current=10.3,voltage=219i32 1648432611249\nmeters,location=LA current=11.1 1648432611250';
    const r = await c.call('insert', { protocol: 1, precision: 'ms', ttl: 0, data, table_name_key: '' });
    expect(r).toMatchObject({ code: 0, action: 'insert', affected_rows: 2, total_rows: 2 });
    const q = await sql('select location, current, voltage from meters order by _ts', 'sl_ms');
    expect(q.data).toEqual([
      ['SF', 10.3, 219],
      ['LA', 11.1, null],
    ]);
  });

  it('telnet and JSON protocols', async () => {
    expect(
      await c.call('insert', {
        protocol: 2,
        precision: '',
        data: 'cpu.load 1648432611 0.5 host=a\ncpu.load 1648432612 0.7 host=b',
      }),
    ).toMatchObject({ code: 0, affected_rows: 2 });
    const json = JSON.stringify({
      metric: 'mem.free',
      timestamp: 1648432611249,
      value: 1024,
      tags: { host: 'a' },
    });
    expect(await c.call('insert', { protocol: 3, precision: '', data: json })).toMatchObject({
      code: 0,
      affected_rows: 1,
    });
    expect((await sql('select count(*) from cpu_load', 'sl_ms')).data).toEqual([[2]]);
    expect((await sql('select _value from mem_free', 'sl_ms')).data).toEqual([[1024]]);
  });

  it('a malformed line rejects the whole batch; the connection keeps working', async () => {
    const before = (await sql('select count(*) from meters', 'sl_ms')).data;
    const r = await c.call('insert', {
      protocol: 1,
      precision: 'ms',
      data: 'meters,location=NY current=1 1648432611300\nmeters,location=NY current= 1648432611301',
    });
    expect(r.code).toBe(0x3002);
    expect((await sql('select count(*) from meters', 'sl_ms')).data).toEqual(before);
    expect(await c.call('insert', { protocol: 0, data: 'x v=1' })).toMatchObject({
      code: 0xffff,
      message: 'schemaless write protocol is null',
    });
    expect((await c.call('insert', { protocol: 7, data: 'x v=1' })).code).toBe(0x3000);
    expect((await c.sql('select 1')).code).toBe(0);
  });

  it('table_name_key names the child table', async () => {
    await c.call('insert', {
      protocol: 1,
      precision: 's',
      data: 'dev,id=sensor_1,zone=z v=1i 1648432611',
      table_name_key: 'id',
    });
    expect((await sql('select tbname, zone from dev', 'sl_ms')).data).toEqual([['sensor_1', 'z']]);
  });
});

describe.each([
  ['sl_ms', 'ms', '1700000000123', 1700000000123, 'weather'],
  ['sl_us', 'u', '1700000000123456', 1700000000123456, 'weather'],
  ['sl_ns', 'ns', '1700000000123456789', '1700000000123456789', 'weather'],
  // The written precision converted to the database's (finer: exact; coarser: truncated).
  ['sl_ns', 'ms', '1700000000123', '1700000000123000000', 'w_ms'],
  ['sl_us', 's', '1700000000', 1700000000000000, 'w_s'],
  ['sl_ms', 'ns', '1700000000123999999', 1700000000123, 'w_ns'],
  ['sl_ms', 'h', '472222', 1699999200000, 'w_h'],
])('REST /influxdb/v1/write into %s, precision %s', (db, precision, ts, stored, weather) => {
  it('204 and the row is there in the database precision', async () => {
    const r = await http(`${server.url}/influxdb/v1/write?db=${db}&precision=${precision}`, {
      headers: { authorization: ROOT_AUTH },
      body: `${weather},city=Paris temp=21.5,hum=40i,ok=t,note="fine" ${ts}`,
    });
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    const q = await http(`${server.url}/rest/sql/${db}`, {
      headers: { authorization: ROOT_AUTH },
      body: `select cast(_ts as bigint), temp, hum, ok, note, city from ${weather}`,
    });
    // Keep 64-bit integers exact: quote them before JSON.parse.
    const body = JSON.parse(q.text.replace(/\[(\d{13,}),/g, '["$1",')) as { data: unknown[][] };
    expect(body.data).toEqual([[String(stored), 21.5, 40, true, 'fine', 'Paris']]);
  });
});

describe('REST schemaless errors and OpenTSDB', () => {
  it('influxdb: auth, db and TDengine errors in taosAdapter shapes', async () => {
    const url = `${server.url}/influxdb/v1/write`;
    const noAuth = await http(`${url}?db=sl_ms`, { body: 'm v=1' });
    expect(noAuth.status).toBe(401);
    expect(JSON.parse(noAuth.text)).toMatchObject({ code: 'forbidden' });
    const noDb = await http(url, { headers: { authorization: ROOT_AUTH }, body: 'm v=1' });
    expect(noDb.status).toBe(400);
    expect(JSON.parse(noDb.text)).toEqual({
      code: 'not found',
      message: 'db required',
      op: 'get db query',
      err: 'db required',
      line: 0,
    });
    const badPw = await http(`${url}?db=sl_ms`, {
      headers: { authorization: basicAuth('root', 'wrong') },
      body: 'm v=1',
    });
    expect(badPw.status).toBe(500);
    expect(JSON.parse(badPw.text)).toEqual({
      code: 'internal error',
      message: '[0x357] Authentication failure',
    });
    const query = await http(`${url}?db=sl_ms&u=root&p=taosdata&precision=ms`, {
      body: 'qp v=1 1700000000000',
    });
    expect(query.status).toBe(204);
    const malformed = await http(`${url}?db=sl_ms`, { headers: { authorization: ROOT_AUTH }, body: 'qp v=' });
    expect(malformed.status).toBe(500);
    expect(JSON.parse(malformed.text).message).toMatch(/^\[0x3002\] /);
    const noSuchDb = await http(`${url}?db=nope`, { headers: { authorization: ROOT_AUTH }, body: 'qp v=1' });
    expect(JSON.parse(noSuchDb.text).message).toMatch(/^\[0x388\] /);
  });

  it('opentsdb json and telnet', async () => {
    const j = await http(`${server.url}/opentsdb/v1/put/json/sl_ms`, {
      headers: { authorization: ROOT_AUTH },
      body: JSON.stringify([
        { metric: 'sys.cpu.nice', timestamp: 1700000000, value: 18, tags: { host: 'web01', dc: 'lga' } },
      ]),
    });
    expect(j.status).toBe(204);
    const t = await http(`${server.url}/opentsdb/v1/put/telnet/sl_ms`, {
      headers: { authorization: ROOT_AUTH },
      body: 'put sys.if.bytes 1700000000 3.5 host=web01\n\nsys.if.bytes 1700000001 4 host=web01\n',
    });
    expect(t.status).toBe(204);
    expect((await sql('select _value, host, dc from sys_cpu_nice', 'sl_ms')).data).toEqual([
      [18, 'web01', 'lga'],
    ]);
    expect((await sql('select count(*) from sys_if_bytes', 'sl_ms')).data).toEqual([[2]]);
    const noAuth = await http(`${server.url}/opentsdb/v1/put/telnet/sl_ms`, { body: 'a 1700000000 1 h=1' });
    expect(noAuth.status).toBe(401);
    expect(JSON.parse(noAuth.text)).toEqual({ code: 401, message: 'auth needed' });
    const bad = await http(`${server.url}/opentsdb/v1/put/json/sl_ms`, {
      headers: { authorization: ROOT_AUTH },
      body: '{"metric":',
    });
    expect(bad.status).toBe(500);
    expect(JSON.parse(bad.text)).toMatchObject({ code: 500 });
  });
});
