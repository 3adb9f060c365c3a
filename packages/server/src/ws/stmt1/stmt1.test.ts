import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TypeCode,
  decodeFetchRawBlockReply,
  decodeRawBlock,
  decodeWsResponse,
  encodeFetchRawBlockRequest,
  encodeStmt1Bind,
} from '@taosts/protocol';
import type { TaosEngine } from '../../engine/engine.js';
import { memoryEngine, query, session } from '../../engine/test-helpers.js';
import { TestClient } from '../testing/fake-sink.js';

const T = 1_700_000_000_000n;
let engine: TaosEngine;
let c: TestClient;
beforeAll(async () => {
  engine = await memoryEngine();
  c = new TestClient(engine);
  await c.connect();
  await c.sql('create database p1');
  await c.sql('use p1');
  await c.sql(
    'create stable st (ts timestamp, v int, b varbinary(8), n nchar(4)) tags (g int, loc varchar(8))',
  );
});
afterAll(() => engine.close());

async function prepared(sql: string): Promise<number> {
  const init = await c.call('init');
  const p = await c.call('prepare', { stmt_id: init.stmt_id, sql });
  if (p.code !== 0) throw new Error(`${p.code} ${p.message}`);
  return init.stmt_id as number;
}

describe('stmt1', () => {
  it('JSON binds: set_table_name, set_tags, bind (column-major, hex varbinary), add_batch, exec', async () => {
    const id = await prepared('insert into ? using st tags (?, ?) values (?, ?, ?, ?)');
    expect(await c.call('get_tag_fields', { stmt_id: id })).toMatchObject({
      fields: [
        { name: 'g', field_type: TypeCode.INT },
        { name: 'loc', field_type: TypeCode.VARCHAR, bytes: 10 },
      ],
    });
    expect((await c.call('get_col_fields', { stmt_id: id })).fields).toHaveLength(4);
    expect(await c.call('stmt_num_params', { stmt_id: id })).toMatchObject({ num_params: 4 });
    expect(await c.call('stmt_get_param', { stmt_id: id, index: 1 })).toMatchObject({
      index: 1,
      data_type: TypeCode.INT,
      length: 4,
    });
    expect((await c.call('set_table_name', { stmt_id: id, name: 'p1.a1' })).code).toBe(0);
    expect((await c.call('set_tags', { stmt_id: id, tags: [1, 'SF'] })).code).toBe(0);
    expect(
      (
        await c.call('bind', {
          stmt_id: id,
          columns: [
            [Number(T), Number(T + 1n)],
            [1, null],
            ['6162', null],
            ['дом', 'x'],
          ],
        })
      ).code,
    ).toBe(0);
    expect((await c.call('add_batch', { stmt_id: id })).code).toBe(0);
    await c.call('set_table_name', { stmt_id: id, name: '`p1`.`a2`' });
    await c.call('set_tags', { stmt_id: id, tags: [2, null] });
    await c.call('bind', { stmt_id: id, columns: [[Number(T)], [9], [null], [null]] });
    expect(await c.call('exec', { stmt_id: id })).toMatchObject({ code: 0, stmt_id: id, affected: 3 });
    expect(
      await query(engine, session('p1'), 'select tbname, ts, v, b, n, g, loc from st order by tbname, ts'),
    ).toEqual([
      ['a1', T, 1, new Uint8Array([0x61, 0x62]), 'дом', 1, 'SF'],
      ['a1', T + 1n, null, null, 'x', 1, 'SF'],
      ['a2', T, 9, null, null, 2, null],
    ]);
    expect(await c.raw(JSON.stringify({ action: 'close', args: { req_id: 1, stmt_id: id } }))).toEqual([]);
    expect(await c.call('exec', { stmt_id: id })).toMatchObject({
      code: 0xffff,
      message: 'stmt is nil',
      stmt_id: id,
    });
  });

  it('binary set_tags (id 1) and bind (id 2) are read with the statement types', async () => {
    const id = await prepared('insert into ? using st tags (?, ?) values (?, ?, ?, ?)');
    await c.call('set_table_name', { stmt_id: id, name: 'b1' });
    const tags = encodeStmt1Bind(
      5,
      id,
      1,
      [
        { type: TypeCode.INT, values: [7] },
        { type: TypeCode.VARCHAR, values: ['LA'] },
      ],
      1,
    );
    expect(decodeWsResponse((await c.binary(tags)) as string)).toMatchObject({
      code: 0,
      action: 'set_tags',
      stmt_id: id,
    });
    const cols = encodeStmt1Bind(
      6,
      id,
      2,
      [
        { type: TypeCode.TIMESTAMP, values: [T + 5n] },
        { type: TypeCode.INT, values: [42] },
        { type: TypeCode.VARBINARY, values: [new Uint8Array([1, 2])] },
        { type: TypeCode.NCHAR, values: ['ü'] },
      ],
      1,
    );
    expect(decodeWsResponse((await c.binary(cols)) as string)).toMatchObject({
      code: 0,
      action: 'bind',
      stmt_id: id,
    });
    expect(await c.call('exec', { stmt_id: id })).toMatchObject({ affected: 1 });
    expect(await query(engine, session('p1'), "select v, n, g, loc from st where tbname = 'b1'")).toEqual([
      [42, 'ü', 7, 'LA'],
    ]);
  });

  it('`insert into ? values`: each bound table, normal or child, binds by its own columns', async () => {
    await c.sql('create table n1 (ts timestamp, s varchar(8))');
    await c.sql('create table n2 (ts timestamp, x double)');
    await c.sql("create table c1 using st tags (5, 'NY')");
    const id = await prepared('insert into ? values (?, ?)');
    // no table yet: taosc's "table name not set"
    expect(await c.call('get_col_fields', { stmt_id: id })).toMatchObject({ code: 0x022b });
    expect((await c.call('set_table_name', { stmt_id: id, name: 'n1' })).code).toBe(0);
    expect((await c.call('get_col_fields', { stmt_id: id })).fields).toMatchObject([
      { name: 'ts' },
      { name: 's', field_type: TypeCode.VARCHAR },
    ]);
    await c.call('bind', { stmt_id: id, columns: [[Number(T)], ['hi']] });
    await c.call('add_batch', { stmt_id: id });
    expect((await c.call('set_table_name', { stmt_id: id, name: 'p1.n2' })).code).toBe(0);
    await c.call('bind', { stmt_id: id, columns: [[Number(T)], [2.5]] });
    await c.call('add_batch', { stmt_id: id });
    expect(await c.call('exec', { stmt_id: id })).toMatchObject({ code: 0, affected: 2 });
    expect(await query(engine, session('p1'), 'select * from n1')).toEqual([[T, 'hi']]);
    expect(await query(engine, session('p1'), 'select * from n2')).toEqual([[T, 2.5]]);

    const child = await prepared('insert into ? (ts, v) values (?, ?)');
    await c.call('set_table_name', { stmt_id: child, name: 'c1' });
    await c.call('bind', { stmt_id: child, columns: [[Number(T)], [77]] });
    expect(await c.call('exec', { stmt_id: child })).toMatchObject({ code: 0, affected: 1 });
    expect(await query(engine, session('p1'), "select v, g from st where tbname = 'c1'")).toEqual([[77, 5]]);

    // a table that does not exist, or a super table, is refused when it is named
    expect(await c.call('set_table_name', { stmt_id: child, name: 'nope' })).toMatchObject({ code: 0x2603 });
    expect(await c.call('set_table_name', { stmt_id: child, name: 'st' })).toMatchObject({ code: 0x267d });
  });

  it('queries bind parameters and serve use_result', async () => {
    const id = await prepared('select tbname, v from st where v > ? and g = ? order by ts');
    expect((await c.call('bind', { stmt_id: id, columns: [[0], [1]] })).code).toBe(0);
    expect((await c.call('exec', { stmt_id: id })).code).toBe(0);
    const r = await c.call('use_result', { stmt_id: id });
    expect(r).toMatchObject({ code: 0, fields_names: ['tbname', 'v'] });
    const f = decodeFetchRawBlockReply(
      (await c.binary(encodeFetchRawBlockRequest(1, r.result_id as number))) as Uint8Array,
    );
    expect(decodeRawBlock(f.block!).columns[0]!.data).toEqual(['a1']);
  });
});
