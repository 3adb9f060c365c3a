/** stmt2 over `/ws` with real sockets: the official Node connector's message sequence. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BindType,
  decodeFetchRawBlockReply,
  decodeRawBlock,
  decodeStmt2Fields,
  encodeFetchRawBlockRequest,
  encodeStmt2Bind,
  encodeStmt2BindData,
} from '@taosts/protocol';
import type { Stmt2Field, Stmt2TableBind } from '@taosts/protocol';
import { startTestServer, type TestServer } from './helpers/server.js';
import { WsClient } from './helpers/ws-client.js';

let server: TestServer;
let c: WsClient;
beforeAll(async () => {
  server = await startTestServer();
  c = await WsClient.open(server.url);
  await c.connect();
  await c.sql("create database ws2 precision 'us'");
  await c.sql('use ws2');
  await c.sql(
    'create stable meters (ts timestamp, current float, voltage int, phase float, note nchar(10)) tags (groupid int, location varchar(24))',
  );
});
afterAll(async () => {
  await c.close();
  await server.close();
});

async function prepare(sql: string): Promise<{ id: number; fields: Stmt2Field[] | null }> {
  const init = await c.call('stmt2_init', { single_stb_insert: true, single_table_bind_once: true });
  const p = await c.call('stmt2_prepare', { stmt_id: init.stmt_id, sql, get_fields: true });
  expect(p).toMatchObject({ code: 0, action: 'stmt2_prepare', stmt_id: init.stmt_id });
  return { id: init.stmt_id as number, fields: decodeStmt2Fields(p.fields) };
}

async function bind(id: number, tables: Stmt2TableBind[], fields: Stmt2Field[] | null) {
  const reqId = c.nextReqId();
  return c.binaryJson('stmt2_bind', reqId, encodeStmt2Bind(reqId, id, encodeStmt2BindData(tables, fields)));
}

async function rows(sql: string): Promise<unknown[][]> {
  const q = await c.sql(sql);
  const out: unknown[][] = [];
  for (;;) {
    const reqId = c.nextReqId();
    const r = decodeFetchRawBlockReply(
      await c.binaryBinary(reqId, encodeFetchRawBlockRequest(reqId, q.id as number)),
    );
    if (r.finished) return out;
    const b = decodeRawBlock(r.block!);
    for (let i = 0; i < b.rows; i++) out.push(b.columns.map((col) => (col.data as ArrayLike<unknown>)[i]));
  }
}

const T0 = 1_700_000_000_000_000n;

describe('ws stmt2', () => {
  it('insert into ? using … tags (?, ?) values (…): fields, bind, exec, query back', async () => {
    const { id, fields } = await prepare('insert into ? using meters tags (?, ?) values (?, ?, ?, ?, ?)');
    expect(fields!.map((f) => [f.name, f.bind_type, f.precision])).toEqual([
      ['tbname', BindType.TBNAME, 1],
      ['groupid', BindType.TAG, 1],
      ['location', BindType.TAG, 1],
      ['ts', BindType.COLUMN, 1],
      ['current', BindType.COLUMN, 1],
      ['voltage', BindType.COLUMN, 1],
      ['phase', BindType.COLUMN, 1],
      ['note', BindType.COLUMN, 1],
    ]);
    const r = await bind(
      id,
      [
        {
          tableName: 'd1',
          tags: [1, 'SF'],
          columns: [
            [T0, T0 + 1n],
            [10.25, null],
            [220, 221],
            [0.5, 0.75],
            ['日本', null],
          ],
        },
        { tableName: 'd2', tags: [2, null], columns: [[T0], [1.5], [null], [null], ['x']] },
      ],
      fields,
    );
    expect(r).toMatchObject({ code: 0, stmt_id: id });
    expect(await c.call('stmt2_exec', { stmt_id: id })).toMatchObject({ code: 0, affected: 3 });
    expect(
      await rows(
        'select tbname, ts, current, voltage, note, groupid, location from meters order by tbname, ts',
      ),
    ).toEqual([
      ['d1', T0, 10.25, 220, '日本', 1, 'SF'],
      ['d1', T0 + 1n, expect.anything(), 221, null, 1, 'SF'],
      ['d2', T0, 1.5, expect.anything(), 'x', 2, null],
    ]);
    expect(await c.call('stmt2_close', { stmt_id: id })).toMatchObject({ code: 0, stmt_id: id });
    expect(await c.call('stmt2_exec', { stmt_id: id })).toMatchObject({ code: 0xffff, stmt_id: id });
  });

  it('insert into stb (tbname, ts, …, tag) and into a fixed child table', async () => {
    const a = await prepare('insert into meters (tbname, ts, voltage, groupid) values (?, ?, ?, ?)');
    expect(a.fields!.map((f) => f.bind_type)).toEqual([
      BindType.TBNAME,
      BindType.COLUMN,
      BindType.COLUMN,
      BindType.TAG,
    ]);
    await bind(a.id, [{ tableName: 'd3', tags: [3], columns: [[T0], [230]] }], a.fields);
    expect(await c.call('stmt2_exec', { stmt_id: a.id })).toMatchObject({ affected: 1 });
    const b = await prepare('insert into d3 values (?, ?, ?, ?, ?)');
    expect(b.fields!.map((f) => f.name)).toEqual(['ts', 'current', 'voltage', 'phase', 'note']);
    await bind(b.id, [{ columns: [[T0 + 5n], [2.5], [231], [0.1], ['n']] }], b.fields);
    expect(await c.call('stmt2_exec', { stmt_id: b.id })).toMatchObject({ affected: 1 });
    expect(await rows("select voltage from meters where tbname = 'd3' order by ts")).toEqual([[230], [231]]);
  });

  it('a query with ? returns a result through stmt2_result', async () => {
    const { id, fields } = await prepare(
      'select tbname, voltage from meters where voltage > ? and tbname = ? order by ts',
    );
    expect(fields).toBeNull();
    await bind(id, [{ columns: [[220], ['d1']] }], null);
    expect(await c.call('stmt2_exec', { stmt_id: id })).toMatchObject({ code: 0 });
    const r = await c.call('stmt2_result', { stmt_id: id });
    expect(r).toMatchObject({ code: 0, fields_names: ['tbname', 'voltage'], precision: 1 });
    const reqId = c.nextReqId();
    const f = decodeFetchRawBlockReply(
      await c.binaryBinary(reqId, encodeFetchRawBlockRequest(reqId, r.id as number)),
    );
    expect(decodeRawBlock(f.block!).columns[0]!.data).toEqual(['d1']);
  });

  it('a rejected batch writes nothing', async () => {
    const { id, fields } = await prepare('insert into ? using meters tags (?, ?) values (?, ?, ?, ?, ?)');
    await bind(
      id,
      [
        { tableName: 'e1', tags: [9, 'ok'], columns: [[T0], [1], [1], [1], ['ok']] },
        { tableName: 'e2', tags: [9, 'ok'], columns: [[T0], [1], [1], [1], ['much too long for nchar 10']] },
      ],
      fields,
    );
    expect((await c.call('stmt2_exec', { stmt_id: id })).code).toBe(0x2653);
    expect(await rows('select count(*) from meters where groupid = 9')).toEqual([[0n]]);
    expect(await rows("show tables like 'e%'")).toEqual([]);
  });

  it('concurrent statements on one socket each get their own affected count', async () => {
    const stmts = await Promise.all(
      [0, 1, 2, 3].map(() => prepare('insert into ? using meters tags (?, ?) values (?, ?, ?, ?, ?)')),
    );
    const per = 2000;
    const results = await Promise.all(
      stmts.map(async ({ id, fields }, k) => {
        let affected = 0;
        for (let batch = 0; batch < 3; batch++) {
          const tables = [0, 1].map((t) => ({
            tableName: `c${k}_${batch}_${t}`,
            tags: [100 + k, 'conc'],
            columns: [
              Array.from({ length: per }, (_, i) => T0 + BigInt(i)),
              Array.from({ length: per }, () => 1.5),
              Array.from({ length: per }, (_, i) => i),
              Array.from({ length: per }, () => 0.5),
              Array.from({ length: per }, () => 'c'),
            ],
          }));
          await bind(id, tables, fields);
          affected += (await c.call('stmt2_exec', { stmt_id: id })).affected as number;
        }
        return affected;
      }),
    );
    expect(results).toEqual([6 * per, 6 * per, 6 * per, 6 * per]);
    expect(await rows("select count(*) from meters where location = 'conc'")).toEqual([[BigInt(24 * per)]]);
  });
});
