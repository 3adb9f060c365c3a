import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TypeCode,
  decodeFetchBlockReply,
  decodeFetchRawBlockReply,
  decodeRawBlock,
  decodeWsResponse,
  encodeBinaryQuery,
  encodeFetchRawBlockRequest,
} from '@taosts/protocol';
import { memoryEngine } from '../engine/test-helpers.js';
import type { TaosEngine } from '../engine/engine.js';
import { TestClient } from './testing/fake-sink.js';

let engine: TaosEngine;
beforeAll(async () => {
  engine = await memoryEngine();
  const c = new TestClient(engine);
  await c.connect();
  await c.sql('create database s1 precision "us"');
  await c.sql('create table s1.t (ts timestamp, v int, s binary(8), n nchar(4))');
  await c.sql(
    "insert into s1.t values (1700000000000000, 1, 'ab', 'дом') (1700000000000001, null, null, null)",
  );
});
afterAll(() => engine.close());

describe('WsSession: connection', () => {
  it('answers version before conn and refuses data actions', async () => {
    const c = new TestClient(engine);
    const v = await c.call('version');
    expect(v).toMatchObject({ code: 0, message: '', action: 'version', version: engine.version });
    expect(typeof v.timing).toBe('number');
    const q = await c.call('query', { sql: 'select 1' });
    expect(q).toMatchObject({ code: 0xffff, message: 'server not connected', action: 'query' });
  });

  it('checks credentials, keeps the socket usable, refuses a second conn', async () => {
    const c = new TestClient(engine);
    const bad = await c.call('conn', { user: 'root', password: 'nope' });
    expect(bad).toMatchObject({ code: 0x0357, action: 'conn' });
    expect((await c.connect()).code).toBe(0);
    expect(await c.connect()).toMatchObject({ code: 0xffff, message: 'duplicate connections' });
  });

  it('USEs the conn db and rejects unknown ones', async () => {
    const c = new TestClient(engine);
    expect(await c.connect('nosuchdb')).toMatchObject({ code: 0x0388 });
    expect((await c.connect('s1')).code).toBe(0);
    expect(await c.call('get_current_db')).toMatchObject({ code: 0, db: 's1' });
  });

  it('sets and resets the zone with options_connection', async () => {
    const c = new TestClient(engine);
    await c.call('conn', { user: 'root', password: 'taosdata', tz: 'Asia/Shanghai' });
    expect(c.session.session!.timezone).toBe('Asia/Shanghai');
    expect(
      (
        await c.call('options_connection', {
          options: [
            { option: 1, value: 'Europe/Paris' },
            { option: 3, value: 'app1' },
          ],
        })
      ).code,
    ).toBe(0);
    expect(c.session.session!.timezone).toBe('Europe/Paris');
    expect(c.session.app).toBe('app1');
    await c.call('options_connection', { options: [{ option: 1, value: null }] });
    expect(c.session.session!.timezone).toBe('UTC');
    expect(
      (await c.call('options_connection', { options: [{ option: 1, value: 'Mars/Base' }] })).code,
    ).not.toBe(0);
  });

  it('accepts the cloud token from the upgrade URL', async () => {
    const ok = new TestClient(engine, { token: 'tk' }, { urlToken: 'tk' });
    expect((await ok.call('conn', {})).code).toBe(0);
    const bad = new TestClient(engine, { token: 'tk' }, { urlToken: 'other' });
    expect((await bad.call('conn', {})).code).toBe(0x0357);
  });

  it('echoes uint64 req_ids exactly, whatever digits strings hold', async () => {
    const c = new TestClient(engine);
    const [a] = await c.raw(
      '{"action":"version","args":{"req_id":18446744073709551615,"note":"1700000000123456789"}}',
    );
    expect(a).toContain('"req_id":18446744073709551615');
    const [b] = await c.raw(
      '{"action":"version","args":{"note":"x\\"1700000000123456789","req_id":9007199254740993}}',
    );
    expect(b).toContain('"req_id":9007199254740993');
    expect(b).toMatch(/^{"code":0,/);
  });

  it('answers garbage, unknown actions and short binary frames with 0xffff', async () => {
    const c = new TestClient(engine);
    await c.connect();
    const [g] = await c.raw('{not json "req_id": 7');
    expect(decodeWsResponse(g as string)).toMatchObject({ code: 0xffff, req_id: 7 });
    expect(await c.call('frobnicate')).toMatchObject({ code: 0xffff, message: 'unknown action frobnicate' });
    const [s] = await c.binaryRaw(new Uint8Array(5));
    expect(decodeWsResponse(s as string)).toMatchObject({ code: 0xffff });
    const unknown = new Uint8Array(24);
    unknown[16] = 99;
    const [u] = await c.binaryRaw(unknown);
    expect(decodeWsResponse(u as string)).toMatchObject({
      code: 0xffff,
      message: 'unknown binary action 99',
    });
    expect((await c.call('version')).code).toBe(0);
  });
});

describe('WsSession: queries', () => {
  it('describes non-query results with null fields', async () => {
    const c = new TestClient(engine);
    await c.connect('s1');
    const r = await c.sql('insert into t values (1700000000000002, 3, null, null)');
    expect(r).toMatchObject({
      id: 0,
      is_update: true,
      affected_rows: 1,
      fields_count: 0,
      fields_names: null,
      fields_types: null,
      fields_lengths: null,
    });
  });

  it('streams a query through binary_query + fetch_raw_block, then finishes and frees', async () => {
    const c = new TestClient(engine);
    await c.connect('s1');
    const reply = decodeWsResponse(
      (await c.binary(encodeBinaryQuery(5, 'select * from t order by ts limit 2'))) as string,
    );
    expect(reply).toMatchObject({
      code: 0,
      action: 'binary_query',
      req_id: 5,
      is_update: false,
      fields_count: 4,
      fields_names: ['ts', 'v', 's', 'n'],
      fields_types: [TypeCode.TIMESTAMP, TypeCode.INT, TypeCode.VARCHAR, TypeCode.NCHAR],
      fields_lengths: [8, 4, 8, 4],
      precision: 1,
    });
    const id = reply.id as number;
    const first = decodeFetchRawBlockReply((await c.binary(encodeFetchRawBlockRequest(6, id))) as Uint8Array);
    expect(first).toMatchObject({ reqId: 6n, resultId: BigInt(id), code: 0, finished: false });
    const block = decodeRawBlock(first.block!);
    expect(block.rows).toBe(2);
    expect(Array.from(block.columns[0]!.data as BigInt64Array)).toEqual([
      1700000000000000n,
      1700000000000001n,
    ]);
    expect(block.columns[2]!.data).toEqual(['ab', null]);
    expect(block.columns[3]!.data).toEqual(['дом', null]);
    expect(block.columns[3]!.bytes).toBe(4 * 4 + 2);
    const end = decodeFetchRawBlockReply((await c.binary(encodeFetchRawBlockRequest(7, id))) as Uint8Array);
    expect(end).toMatchObject({ code: 0, finished: true, block: null });
    expect(c.session.results.size).toBe(0);
    const gone = decodeFetchRawBlockReply((await c.binary(encodeFetchRawBlockRequest(8, id))) as Uint8Array);
    expect(gone).toMatchObject({ code: 0xffff, message: 'result is nil', finished: true });
  });

  it('serves the legacy fetch + fetch_block path and num_fields', async () => {
    const c = new TestClient(engine);
    await c.connect('s1');
    const q = await c.sql('select v, s from t order by ts limit 2');
    expect(await c.call('num_fields', { result_id: q.id })).toMatchObject({ num_fields: 2 });
    expect(await c.call('fetch_block', { id: q.id })).toMatchObject({
      code: 0xffff,
      message: 'block is nil',
    });
    const f = await c.call('fetch', { id: q.id });
    expect(f).toMatchObject({ code: 0, id: q.id, completed: false, rows: 2, lengths: [4, 2] });
    const frames = await c.raw(JSON.stringify({ action: 'fetch_block', args: { req_id: 1, id: q.id } }));
    const blk = decodeFetchBlockReply(frames[0] as Uint8Array);
    expect(blk.resultId).toBe(BigInt(q.id as number));
    expect(decodeRawBlock(blk.block).columns[1]!.data).toEqual(['ab', null]);
    expect(await c.call('fetch', { id: q.id })).toMatchObject({ completed: true, rows: 0 });
  });

  it('reports errors with TDengine codes and frees results on close', async () => {
    const c = new TestClient(engine);
    await c.connect('s1');
    expect(await c.call('query', { sql: 'select * from nosuch' })).toMatchObject({
      code: 0x2603,
      action: 'query',
    });
    await c.sql('select * from t');
    await c.sql('select * from t');
    expect(c.session.results.size).toBe(2);
    expect(await c.raw(JSON.stringify({ action: 'free_result', args: { req_id: 3, id: 1 } }))).toEqual([]);
    expect(c.session.results.size).toBe(1);
    c.session.close();
    expect(c.session.results.size).toBe(0);
  });

  it('limits open results per connection', async () => {
    const c = new TestClient(engine, { maxResults: 2 });
    await c.connect('s1');
    await c.sql('select 1');
    await c.sql('select 2');
    expect((await c.call('query', { sql: 'select 3' })).code).toBe(0xffff);
  });

  it('validates SQL with result_code', async () => {
    const c = new TestClient(engine);
    await c.connect('s1');
    const ok = decodeWsResponse((await c.binary(encodeBinaryQuery(1, 'select * from t', 10))) as string);
    expect(ok).toMatchObject({ code: 0, action: 'validate_sql', result_code: 0 });
    const bad = decodeWsResponse(
      (await c.binary(encodeBinaryQuery(2, 'select * from nosuch', 10))) as string,
    );
    expect(bad.result_code).toBe(0x80002603 | 0);
  });
});
