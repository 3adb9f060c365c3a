/**
 * `/ws` over real sockets: connection actions, queries with binary and legacy fetch, every type
 * in ms/us/ns databases decoded with `decodeRawBlock`, concurrency, bad input, early close.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TypeCode,
  decodeFetchBlockReply,
  decodeFetchRawBlockReply,
  decodeRawBlock,
  encodeBinaryQuery,
  encodeFetchRawBlockRequest,
} from '@taosts/protocol';
import type { DecodedBlock } from '@taosts/protocol';
import { startTestServer, type TestServer } from './helpers/server.js';
import { WsClient } from './helpers/ws-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ token: 'cloud-token' });
});
afterAll(() => server.close());

async function fetchAll(c: WsClient, id: number): Promise<DecodedBlock[]> {
  const blocks: DecodedBlock[] = [];
  for (;;) {
    const reqId = c.nextReqId();
    const r = decodeFetchRawBlockReply(await c.binaryBinary(reqId, encodeFetchRawBlockRequest(reqId, id)));
    expect(r.reqId).toBe(BigInt(reqId));
    expect(r.code).toBe(0);
    if (r.finished) return blocks;
    blocks.push(decodeRawBlock(r.block!));
  }
}

async function binaryQuery(c: WsClient, sql: string) {
  const reqId = c.nextReqId();
  return c.binaryJson('binary_query', reqId, encodeBinaryQuery(reqId, sql));
}

describe('ws: connection', () => {
  it('version, conn with db, get_current_db, get_server_info, duplicate conn', async () => {
    const c = await WsClient.open(server.url);
    const v = await c.call('version');
    expect(v).toMatchObject({ code: 0, message: '', action: 'version' });
    expect(String(v.version) >= '3.3.6.0').toBe(true);
    expect(await c.call('query', { sql: 'show databases' })).toMatchObject({
      code: 0xffff,
      message: 'server not connected',
    });
    await c.connect('information_schema', { app: 'e2e', ip: '10.0.0.1', connector: 'test' });
    expect(await c.call('get_current_db')).toMatchObject({ code: 0, db: 'information_schema' });
    expect(await c.call('get_server_info')).toMatchObject({ code: 0, info: v.version });
    expect(await c.call('conn', { user: 'root', password: 'taosdata' })).toMatchObject({
      code: 0xffff,
      message: 'duplicate connections',
    });
    await c.close();
  });

  it('wrong password and unknown db are errors; the socket stays usable', async () => {
    const c = await WsClient.open(server.url);
    expect((await c.call('conn', { user: 'root', password: 'bad' })).code).toBe(0x0357);
    expect((await c.call('conn', { user: 'root', password: 'taosdata', db: 'no_such_db' })).code).toBe(
      0x0388,
    );
    await c.connect();
    expect((await c.sql('show databases')).is_update).toBe(false);
    await c.close();
  });

  it('cloud token on the upgrade URL', async () => {
    const ok = await WsClient.open(server.url, '?token=cloud-token');
    expect((await ok.call('conn', {})).code).toBe(0);
    await ok.close();
    const bad = await WsClient.open(server.url, '?token=wrong');
    expect((await bad.call('conn', {})).code).toBe(0x0357);
    await bad.close();
  });

  it('options_connection changes how zone-less time strings are read', async () => {
    const c = await WsClient.open(server.url);
    await c.connect();
    await c.sql('create database if not exists wtz');
    await c.sql('create table if not exists wtz.t (ts timestamp, v int)');
    expect(
      (
        await c.call('options_connection', {
          options: [
            { option: 1, value: 'Asia/Shanghai' },
            { option: 2, value: null },
            { option: 3, value: 'x' },
          ],
        })
      ).code,
    ).toBe(0);
    await c.sql("insert into wtz.t values ('2024-01-01 08:00:00', 1)");
    await c.call('options_connection', { options: [{ option: 1, value: null }] });
    await c.sql("insert into wtz.t values ('2024-01-01 08:00:00', 2)");
    const q = await c.sql('select ts, v from wtz.t order by v');
    const [b] = await fetchAll(c, q.id as number);
    expect(Array.from(b!.columns[0]!.data as BigInt64Array)).toEqual([
      BigInt(Date.UTC(2024, 0, 1, 0)),
      BigInt(Date.UTC(2024, 0, 1, 8)),
    ]);
    await c.close();
  });
});

const TYPES_TABLE =
  'create table alltypes (ts timestamp, c_bool bool, c_ti tinyint, c_si smallint, c_int int, c_bi bigint, ' +
  'c_uti tinyint unsigned, c_usi smallint unsigned, c_ui int unsigned, c_ubi bigint unsigned, c_f float, ' +
  'c_d double, c_vc varchar(20), c_nc nchar(10), c_vb varbinary(10), c_geo geometry(100))';
const ROW1 =
  "(1640995200000, true, -128, -32768, -2147483648, -9223372036854775808, 255, 65535, 4294967295, 18446744073709551615, 1.5, 3.141592653589793, 'hello \"world\"', '中文ü', '\\x7f8290', 'POINT(1.0 1.0)')";
const ROW2 =
  "(1640995200001, false, 127, 32767, 2147483647, 9223372036854775807, 0, 0, 0, 0, -0.25, -1e-7, '', 'a', 'ab', 'POINT(0 0)')";
const ROW3 =
  '(1640995200002, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)';

describe.each([
  ['ms', 0, 1n],
  ['us', 1, 1000n],
  ['ns', 2, 1000000n],
] as const)('ws: every type in a %s database', (precision, code, scale) => {
  it('binary fetch returns the exact raw block', async () => {
    const c = await WsClient.open(server.url);
    await c.connect();
    const db = `wtypes_${precision}`;
    await c.sql(`create database ${db} precision '${precision}'`);
    await c.sql(`use ${db}`);
    await c.sql(TYPES_TABLE);
    const fix = (row: string) => row.replace(/^\((\d+)/, (_m, t: string) => `(${BigInt(t) * scale}`);
    await c.sql(`insert into alltypes values ${fix(ROW1)} ${fix(ROW2)} ${fix(ROW3)}`);
    const q = await binaryQuery(c, 'select * from alltypes');
    expect(q).toMatchObject({
      code: 0,
      action: 'binary_query',
      precision: code,
      fields_types: [9, 1, 2, 3, 4, 5, 11, 12, 13, 14, 6, 7, 8, 10, 16, 20],
      fields_lengths: [8, 1, 1, 2, 4, 8, 1, 2, 4, 8, 4, 8, 20, 10, 10, 100],
    });
    const blocks = await fetchAll(c, q.id as number);
    expect(blocks).toHaveLength(1);
    const b = blocks[0]!;
    expect(b.rows).toBe(3);
    expect(b.columns.map((col) => col.type)).toEqual(q.fields_types);
    expect(b.columns.map((col) => col.bytes)).toEqual([8, 1, 1, 2, 4, 8, 1, 2, 4, 8, 4, 8, 22, 42, 12, 102]);
    const values = b.columns.map((col) => Array.from(col.data as ArrayLike<unknown>));
    const nullAt = (ci: number, r: number) =>
      b.columns[ci]!.nulls ? (b.columns[ci]!.nulls![r >> 3]! & (0x80 >> (r & 7))) !== 0 : false;
    const base = 1640995200000n * scale;
    expect(values[0]).toEqual([base, base + scale, base + 2n * scale]);
    expect(values[1]!.slice(0, 2)).toEqual([1, 0]);
    expect(values[2]!.slice(0, 2)).toEqual([-128, 127]);
    expect(values[3]!.slice(0, 2)).toEqual([-32768, 32767]);
    expect(values[4]!.slice(0, 2)).toEqual([-2147483648, 2147483647]);
    expect(values[5]!.slice(0, 2)).toEqual([-9223372036854775808n, 9223372036854775807n]);
    expect(values[6]!.slice(0, 2)).toEqual([255, 0]);
    expect(values[7]!.slice(0, 2)).toEqual([65535, 0]);
    expect(values[8]!.slice(0, 2)).toEqual([4294967295, 0]);
    expect(values[9]!.slice(0, 2)).toEqual([18446744073709551615n, 0n]);
    expect(values[10]!.slice(0, 2)).toEqual([1.5, -0.25]);
    expect(values[11]!.slice(0, 2)).toEqual([3.141592653589793, -1e-7]);
    expect(values[12]).toEqual(['hello "world"', '', null]);
    expect(values[13]).toEqual(['中文ü', 'a', null]);
    expect(values[14]!.map((v) => (v ? Buffer.from(v as Uint8Array).toString('hex') : v))).toEqual([
      '7f8290',
      '6162',
      null,
    ]);
    expect(values[15]!.map((v) => (v ? Buffer.from(v as Uint8Array).toString('hex') : v))).toEqual([
      '0101000000000000000000f03f000000000000f03f',
      '010100000000000000000000000000000000000000',
      null,
    ]);
    for (let ci = 1; ci <= 11; ci++)
      expect([nullAt(ci, 0), nullAt(ci, 1), nullAt(ci, 2)]).toEqual([false, false, true]);
    await c.close();
  });
});

describe('ws: queries', () => {
  let c: WsClient;
  beforeAll(async () => {
    c = await WsClient.open(server.url);
    await c.connect();
    await c.sql('create database wq');
    await c.sql('use wq');
    await c.sql('create stable st (ts timestamp, v int, s varchar(16)) tags (g int)');
    await c.sql('create stable js (ts timestamp, v int) tags (info json)');
    await c.sql("insert into d1 using st tags (1) values (1700000000000, 1, 'x')");
    await c.sql('insert into j1 using js tags (\'{"k":"a"}\') values (1700000000000, 1)');
    const rows: string[] = [];
    for (let i = 0; i < 10000; i++) rows.push(`(${1700000000000 + i}, ${i}, 'r${i}')`);
    await c.sql(`insert into big using st tags (2) values ${rows.join(' ')}`);
  });
  afterAll(() => c.close());

  it('non-query results: is_update, affected_rows, id 0, null fields', async () => {
    const r = await c.sql("insert into d1 values (1700000000001, 2, 'y') (1700000000002, 3, 'z')");
    expect(r).toMatchObject({
      id: 0,
      is_update: true,
      affected_rows: 2,
      fields_count: 0,
      fields_names: null,
      fields_types: null,
      fields_lengths: null,
    });
    expect(typeof r.timing).toBe('number');
  });

  it('streams a large result in blocks of at most 4096 rows', async () => {
    const q = await binaryQuery(c, 'select ts, v, s from big');
    const blocks = await fetchAll(c, q.id as number);
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const b of blocks) expect(b.rows).toBeLessThanOrEqual(4096);
    const vs = blocks.flatMap((b) => Array.from(b.columns[1]!.data as Int32Array));
    expect(vs).toHaveLength(10000);
    expect(vs.reduce((a, x) => a + x, 0)).toBe((9999 * 10000) / 2);
  });

  it('JSON tags, tbname and the legacy fetch/fetch_block path', async () => {
    const q = await c.sql('select tbname, v, info from js limit 1');
    expect(q.fields_types).toEqual([TypeCode.VARCHAR, TypeCode.INT, TypeCode.JSON]);
    const f = await c.call('fetch', { id: q.id });
    expect(f).toMatchObject({ code: 0, completed: false, rows: 1 });
    const blk = decodeFetchBlockReply(await c.fetchBlock(q.id as number));
    const b = decodeRawBlock(blk.block);
    expect(b.columns[0]!.data).toEqual(['j1']);
    expect(JSON.parse((b.columns[2]!.data as string[])[0]!)).toEqual({ k: 'a' });
    expect(await c.call('fetch', { id: q.id })).toMatchObject({ completed: true });
  });

  it('concurrent requests are answered by req_id, in any order', async () => {
    const sqls = Array.from({ length: 40 }, (_, i) => `select ${i} + v from d1 limit 1`);
    const replies = await Promise.all(sqls.map((sql) => c.call('query', { sql })));
    const ids = replies.map((r) => r.id as number);
    expect(new Set(ids).size).toBe(40);
    const firsts = await Promise.all(
      ids.map(async (id) => {
        const [b] = await fetchAll(c, id);
        return (b!.columns[0]!.data as Float64Array | BigInt64Array)[0];
      }),
    );
    expect(firsts.map(Number)).toEqual(sqls.map((_, i) => i + 1));
  });

  it('errors carry TDengine codes; unknown result ids and bad frames do not break the connection', async () => {
    expect(await c.call('query', { sql: 'select * from no_such_table' })).toMatchObject({ code: 0x2603 });
    expect(await c.call('query', { sql: 'selec 1' })).toMatchObject({ code: 0x2600 });
    const reqId = c.nextReqId();
    const nil = decodeFetchRawBlockReply(
      await c.binaryBinary(reqId, encodeFetchRawBlockRequest(reqId, 99999)),
    );
    expect(nil).toMatchObject({ code: 0xffff, message: 'result is nil', finished: true });
    c.sendRaw('this is not json');
    c.sendRaw(new Uint8Array([1, 2, 3]));
    const truncated = encodeBinaryQuery(77, 'select 1').subarray(0, 33);
    const t = await c.binaryJson('binary_query', 77, truncated);
    expect(t).toMatchObject({ code: 0xffff });
    expect(await c.call('frobnicate')).toMatchObject({ code: 0xffff, message: 'unknown action frobnicate' });
    expect((await c.sql('select 1')).code).toBe(0);
    expect(
      c.unmatched.filter((r) => !(r instanceof Uint8Array) && r.code === 0xffff).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('DECIMAL columns: packed precision/scale in the block, fields_precisions/scales in the reply', async () => {
    await c.sql('create table dec (ts timestamp, a decimal(10,2), b decimal(30,5))');
    await c.sql(
      "insert into dec values (1700000000000, 12.34, '-123456789012345678901.5') (1700000000001, null, 0)",
    );
    const q = await binaryQuery(c, 'select a, b from dec order by ts');
    expect(q).toMatchObject({
      fields_types: [TypeCode.DECIMAL64, TypeCode.DECIMAL],
      fields_precisions: [10, 30],
      fields_scales: [2, 5],
    });
    const [b] = await fetchAll(c, q.id as number);
    expect(b!.columns.map((col) => [col.precision, col.scale])).toEqual([
      [10, 2],
      [30, 5],
    ]);
    expect(b!.columns[0]!.data).toEqual(['12.34', null]);
    expect(b!.columns[1]!.data).toEqual(['-123456789012345678901.50000', '0.00000']);
  });

  it('validate_sql reports the code without running', async () => {
    const ok = await c.binaryJson('validate_sql', 5, encodeBinaryQuery(5, 'select * from st', 10));
    expect(ok).toMatchObject({ code: 0, result_code: 0 });
    const bad = await c.binaryJson('validate_sql', 6, encodeBinaryQuery(6, 'select * from nope', 10));
    expect(bad.result_code).toBe(0x80002603 | 0);
  });

  it('closing the socket mid-result frees it; the server keeps serving', async () => {
    const other = await WsClient.open(server.url);
    await other.connect('wq');
    for (let i = 0; i < 5; i++) await other.sql('select * from big');
    await other.close();
    const again = await WsClient.open(server.url);
    await again.connect('wq');
    const q = await again.sql('select count(*) from big');
    const [b] = await fetchAll(again, q.id as number);
    expect((b!.columns[0]!.data as BigInt64Array)[0]).toBe(10000n);
    await again.close();
  });
});
