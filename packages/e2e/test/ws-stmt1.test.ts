/** stmt1 over `/ws` with real sockets (clients of servers older than 3.3.6.0 use it). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TypeCode,
  decodeFetchRawBlockReply,
  decodeRawBlock,
  encodeFetchRawBlockRequest,
  encodeStmt1Bind,
} from '@taosts/protocol';
import { startTestServer, type TestServer } from './helpers/server.js';
import { WsClient } from './helpers/ws-client.js';

let server: TestServer;
let c: WsClient;
beforeAll(async () => {
  server = await startTestServer();
  c = await WsClient.open(server.url);
  await c.connect();
  await c.sql("create database ws1 precision 'ns'");
  await c.sql('use ws1');
  await c.sql('create stable st (ts timestamp, v double) tags (g int)');
});
afterAll(async () => {
  await c.close();
  await server.close();
});

async function firstBlock(id: number) {
  const reqId = c.nextReqId();
  return decodeRawBlock(
    decodeFetchRawBlockReply(await c.binaryBinary(reqId, encodeFetchRawBlockRequest(reqId, id))).block!,
  );
}

describe('ws stmt1', () => {
  it('the database precision query the Node connector runs before a statement', async () => {
    const q = await c.sql("select `precision` from information_schema.ins_databases where name='ws1'");
    expect((await firstBlock(q.id as number)).columns[0]!.data).toEqual(['ns']);
  });

  it('prepare, set_table_name, set_tags, binary bind, add_batch, exec; close sends nothing', async () => {
    const { stmt_id: id } = await c.call('init');
    expect(
      await c.call('prepare', { stmt_id: id, sql: 'insert into ? using st tags (?) values (?, ?)' }),
    ).toMatchObject({ code: 0, is_insert: true });
    await c.call('set_table_name', { stmt_id: id, name: 'd1' });
    await c.call('set_tags', { stmt_id: id, tags: [5] });
    const T = 1_700_000_000_000_000_001n;
    const reqId = c.nextReqId();
    const bind = encodeStmt1Bind(
      reqId,
      id as number,
      2,
      [
        { type: TypeCode.TIMESTAMP, values: [T, T + 1n] },
        { type: TypeCode.DOUBLE, values: [0.5, null] },
      ],
      2,
    );
    expect(await c.binaryJson('bind', reqId, bind)).toMatchObject({ code: 0, stmt_id: id });
    expect((await c.call('add_batch', { stmt_id: id })).code).toBe(0);
    expect(await c.call('exec', { stmt_id: id })).toMatchObject({ code: 0, affected: 2 });
    c.sendRaw(JSON.stringify({ action: 'close', args: { req_id: 77, stmt_id: id } }));
    const q = await c.sql("select ts, v, g from st where tbname = 'd1' order by ts");
    const b = await firstBlock(q.id as number);
    expect(Array.from(b.columns[0]!.data as BigInt64Array)).toEqual([T, T + 1n]);
    expect(c.unmatched.some((r) => !(r instanceof Uint8Array) && r.action === 'close')).toBe(false);
  });
});
