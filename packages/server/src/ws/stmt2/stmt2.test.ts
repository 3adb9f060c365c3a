import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BindType,
  TypeCode,
  decodeFetchRawBlockReply,
  decodeRawBlock,
  decodeStmt2Fields,
  decodeWsResponse,
  encodeFetchRawBlockRequest,
  encodeStmt2Bind,
  encodeStmt2BindData,
  encodeStmt2BindExec,
  encodeStmt2ColumnBindData,
} from '@taosts/protocol';
import type { Stmt2Field, Stmt2TableBind } from '@taosts/protocol';
import type { TaosEngine } from '../../engine/engine.js';
import { memoryEngine, query, session } from '../../engine/test-helpers.js';
import { TestClient } from '../testing/fake-sink.js';

const T = 1_700_000_000_000_000_000n;
let engine: TaosEngine;
let c: TestClient;
beforeAll(async () => {
  engine = await memoryEngine();
  c = new TestClient(engine);
  await c.connect();
  await c.sql("create database p2 precision 'ns'");
  await c.sql('use p2');
  await c.sql(
    'create stable meters (ts timestamp, current float, voltage int, phase float) tags (groupid int, location varchar(24))',
  );
  await c.sql('create table nt (ts timestamp, v bigint, s nchar(8))');
});
afterAll(() => engine.close());

async function prepared(
  sql: string,
): Promise<{ id: number; fields: Stmt2Field[] | null; reply: Record<string, unknown> }> {
  const init = await c.call('stmt2_init', { single_stb_insert: true, single_table_bind_once: true });
  expect(init.code).toBe(0);
  const reply = await c.call('stmt2_prepare', { stmt_id: init.stmt_id, sql, get_fields: true });
  if (reply.code !== 0) throw new Error(`${reply.code} ${reply.message}`);
  return { id: init.stmt_id as number, fields: decodeStmt2Fields(reply.fields), reply };
}

async function bind(id: number, tables: Stmt2TableBind[], fields: Stmt2Field[] | null) {
  return decodeWsResponse(
    (await c.binary(encodeStmt2Bind(9, id, encodeStmt2BindData(tables, fields)))) as string,
  );
}

describe('stmt2 prepare', () => {
  it('describes INSERT … USING with a bound table name', async () => {
    const { fields, reply } = await prepared('insert into ? using meters tags (?, ?) values (?, ?, ?, ?)');
    expect(reply).toMatchObject({ is_insert: true, fields_count: 7 });
    expect(fields!.map((f) => [f.name, f.field_type, f.bind_type, f.precision, f.bytes])).toEqual([
      ['tbname', TypeCode.VARCHAR, BindType.TBNAME, 2, 271],
      ['groupid', TypeCode.INT, BindType.TAG, 2, 4],
      ['location', TypeCode.VARCHAR, BindType.TAG, 2, 26],
      ['ts', TypeCode.TIMESTAMP, BindType.COLUMN, 2, 8],
      ['current', TypeCode.FLOAT, BindType.COLUMN, 2, 4],
      ['voltage', TypeCode.INT, BindType.COLUMN, 2, 4],
      ['phase', TypeCode.FLOAT, BindType.COLUMN, 2, 4],
    ]);
  });

  it('describes a super-table insert in column-list order', async () => {
    const { fields } = await prepared(
      'insert into meters (tbname, ts, current, groupid) values (?, ?, ?, ?)',
    );
    expect(fields!.map((f) => [f.name, f.bind_type])).toEqual([
      ['tbname', BindType.TBNAME],
      ['ts', BindType.COLUMN],
      ['current', BindType.COLUMN],
      ['groupid', BindType.TAG],
    ]);
  });

  it('describes a fixed table, and a query as fields null with the ? count', async () => {
    expect((await prepared('insert into nt values (?, ?, ?)')).fields!.map((f) => f.name)).toEqual([
      'ts',
      'v',
      's',
    ]);
    const q = await prepared('select * from meters where voltage > ? and location = ?');
    expect(q.reply).toMatchObject({ is_insert: false, fields: null, fields_count: 2 });
  });

  it('fails with TDengine codes and stmt_id', async () => {
    const init = await c.call('stmt2_init');
    const r = await c.call('stmt2_prepare', {
      stmt_id: init.stmt_id,
      sql: 'insert into nosuch values (?, ?)',
      get_fields: true,
    });
    expect(r).toMatchObject({ code: 0x2603, stmt_id: init.stmt_id });
    const r2 = await c.call('stmt2_prepare', {
      stmt_id: init.stmt_id,
      sql: 'insert into ? values (?, ?)',
      get_fields: true,
    });
    expect(r2).toMatchObject({ code: 0x022b, stmt_id: init.stmt_id });
    expect(await c.call('stmt2_exec', { stmt_id: 9999 })).toMatchObject({
      code: 0xffff,
      message: 'stmt2 is nil',
      stmt_id: 9999,
    });
  });
});

describe('stmt2 insert into ? values without using', () => {
  it('is described as taosc does (table name not set), and refused without fields', async () => {
    const init = await c.call('stmt2_init', { single_stb_insert: false, single_table_bind_once: false });
    const sql = 'insert into ? values (?, ?, ?)';
    expect(await c.call('stmt2_prepare', { stmt_id: init.stmt_id, sql, get_fields: true })).toMatchObject({
      code: 0x022b,
      message: 'Stmt table name not set',
    });
    expect(await c.call('stmt2_prepare', { stmt_id: init.stmt_id, sql, get_fields: false })).toMatchObject({
      code: 0x0100,
    });
  });
});

describe('stmt2 insert and query', () => {
  it('binds several tables, auto-creates children, counts affected rows', async () => {
    const { id, fields } = await prepared('insert into ? using meters tags (?, ?) values (?, ?, ?, ?)');
    const tables: Stmt2TableBind[] = [
      {
        tableName: 'd1',
        tags: [1, 'SF'],
        columns: [
          [T + 1n, T + 2n],
          [10.5, 11.5],
          [220, 221],
          [0.5, null],
        ],
      },
      { tableName: 'd2', tags: [2, 'LA'], columns: [[T + 3n], [12.5], [null], [0.25]] },
    ];
    expect(await bind(id, tables, fields)).toMatchObject({ code: 0, action: 'stmt2_bind', stmt_id: id });
    expect(await c.call('stmt2_exec', { stmt_id: id })).toMatchObject({ code: 0, stmt_id: id, affected: 3 });
    expect(
      await query(
        engine,
        session('p2'),
        'select tbname, ts, current, voltage, phase, groupid, location from meters order by ts',
      ),
    ).toEqual([
      ['d1', T + 1n, 10.5, 220, 0.5, 1, 'SF'],
      ['d1', T + 2n, 11.5, 221, null, 1, 'SF'],
      ['d2', T + 3n, 12.5, null, 0.25, 2, 'LA'],
    ]);
    expect(await c.call('stmt2_result', { stmt_id: id })).toMatchObject({
      code: 0xffff,
      message: 'stmt is insert, no result set',
    });
    expect(await c.call('stmt2_close', { stmt_id: id })).toMatchObject({ code: 0, stmt_id: id });
  });

  it('rejects a bad value without writing anything', async () => {
    const { id, fields } = await prepared('insert into nt values (?, ?, ?)');
    const tooLong = await bind(
      id,
      [
        {
          columns: [
            [T + 10n, T + 11n],
            [1n, 2n],
            ['ok', 'far too long'],
          ],
        },
      ],
      fields,
    );
    expect(tooLong.code).toBe(0);
    expect((await c.call('stmt2_exec', { stmt_id: id })).code).toBe(0x2653);
    expect(await query(engine, session('p2'), 'select count(*) from nt')).toEqual([[0n]]);
  });

  it('runs a query with bound parameters and serves its result', async () => {
    const { id } = await prepared(
      'select tbname, voltage from meters where voltage >= ? and location = ? order by ts',
    );
    expect((await bind(id, [{ columns: [[220], ["SF' or 1=1 --"]] }], null)).code).toBe(0);
    expect(await c.call('stmt2_exec', { stmt_id: id })).toMatchObject({ code: 0, affected: 0 });
    const none = await c.call('stmt2_result', { stmt_id: id });
    const blockOf = async (rid: number) =>
      decodeFetchRawBlockReply((await c.binary(encodeFetchRawBlockRequest(1, rid))) as Uint8Array);
    expect((await blockOf(none.id as number)).finished).toBe(true);
    await bind(id, [{ columns: [[221], ['SF']] }], null);
    await c.call('stmt2_exec', { stmt_id: id });
    const r = await c.call('stmt2_result', { stmt_id: id });
    expect(r).toMatchObject({ code: 0, stmt_id: id, fields_names: ['tbname', 'voltage'], precision: 2 });
    const b = decodeRawBlock((await blockOf(r.id as number)).block!);
    expect(b.columns[0]!.data).toEqual(['d1']);
    expect(Array.from(b.columns[1]!.data as Int32Array)).toEqual([221]);
  });

  it('stmt2_bind_exec (id 11) splits rows into tables at tbname changes', async () => {
    const { id, fields } = await prepared('insert into ? using meters tags (?, ?) values (?, ?, ?, ?)');
    const data = encodeStmt2ColumnBindData(
      [
        ['d3', 'd3', 'd4'],
        [3, 3, 4],
        ['NY', 'NY', 'BOS'],
        [T + 10n, T + 11n, T + 12n],
        [1, 2, 3],
        [1, 2, 3],
        [0, 0, 0],
      ],
      fields!,
    );
    const r = decodeWsResponse((await c.binary(encodeStmt2BindExec(12, id, data))) as string);
    expect(r).toMatchObject({ code: 0, action: 'stmt2_bind_exec', req_id: 12, affected: 3 });
    expect(
      await query(
        engine,
        session('p2'),
        "select tbname, count(*), first(location) from meters where tbname in ('d3','d4') partition by tbname order by tbname",
      ),
    ).toEqual([
      ['d3', 2n, 'NY'],
      ['d4', 1n, 'BOS'],
    ]);
  });

  it("takes bound table names with their database (`db.tb`, backquoted), and only the statement's", async () => {
    const { id, fields } = await prepared('insert into ? using meters tags (?, ?) values (?, ?, ?, ?)');
    const row = (tableName: string, ts: bigint): Stmt2TableBind => ({
      tableName,
      tags: [7, 'DB'],
      columns: [[ts], [1], [1], [1]],
    });
    expect(
      await bind(id, [row('p2.q1', T + 20n), row('`p2`.`q2`', T + 21n), row('`q3`', T + 22n)], fields),
    ).toMatchObject({ code: 0 });
    expect(await c.call('stmt2_exec', { stmt_id: id })).toMatchObject({ code: 0, affected: 3 });
    expect(
      await query(engine, session('p2'), 'select tbname from meters where groupid = 7 order by ts'),
    ).toEqual([['q1'], ['q2'], ['q3']]);
    // column binds (id 11) resolve names the same way
    const data = encodeStmt2ColumnBindData(
      [
        ['p2.q4', 'p2.q4'],
        [7, 7],
        ['DB', 'DB'],
        [T + 23n, T + 24n],
        [1, 1],
        [1, 1],
        [1, 1],
      ],
      fields!,
    );
    expect(decodeWsResponse((await c.binary(encodeStmt2BindExec(13, id, data))) as string)).toMatchObject({
      code: 0,
      affected: 2,
    });
    // another database's table: refused, nothing written
    expect(await bind(id, [row('other.q5', T + 25n)], fields)).toMatchObject({ code: 0x0100 });
    expect(await query(engine, session('p2'), 'select count(*) from meters where groupid = 7')).toEqual([
      [5n],
    ]);
  });
});
