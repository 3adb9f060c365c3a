import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { TaosError } from '@taosts/protocol';
import type { TaosEngine } from '../engine/engine.js';
import { memoryEngine, query, run, session } from '../engine/test-helpers.js';
import { parsePoints } from './parse-points.js';
import { schemalessWrite } from './schemaless-write.js';
import { smlWidth } from './sml-schema.js';

let engine: TaosEngine;
beforeAll(async () => {
  engine = await memoryEngine();
  await run(engine, session(), "create database sm precision 'ms'", "create database sn precision 'ns'");
});
afterAll(() => engine.close());

const write = async (db: string, protocol: number, data: string, precision = 'ms', tableNameKey = '') =>
  schemalessWrite(engine, session(db), parsePoints(protocol, data, precision), { tableNameKey });

async function code(p: Promise<unknown>): Promise<number | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    if (e instanceof TaosError) return e.code;
    throw e;
  }
}

describe('schemaless line protocol', () => {
  it('creates the super table, typed columns, NCHAR tags and the hashed child table', async () => {
    const n = await write(
      'sm',
      1,
      'st,t1=3,t2=4,t3=t3 c1=3i64,c3="passit",c2=false,c4=4f64 1626006833639\nst,t1=3,t2=4,t3=t3 c1=4i64 1626006833640',
    );
    expect(n).toBe(2);
    expect(await query(engine, session('sm'), 'describe st')).toEqual(
      [
        ['_ts', 'TIMESTAMP', 8, ''],
        ['c1', 'BIGINT', 8, ''],
        ['c3', 'VARCHAR', 8, ''],
        ['c2', 'BOOL', 1, ''],
        ['c4', 'DOUBLE', 8, ''],
        ['t1', 'NCHAR', 2, 'TAG'],
        ['t2', 'NCHAR', 2, 'TAG'],
        ['t3', 'NCHAR', 4, 'TAG'],
      ].map((r) => expect.arrayContaining(r)),
    );
    const child = 't_' + createHash('md5').update('st,t1=3,t2=4,t3=t3').digest('hex');
    expect(
      await query(engine, session('sm'), 'select tbname, _ts, c1, c3, c2, c4 from st order by _ts'),
    ).toEqual([
      [child, 1626006833639n, 3n, 'passit', false, 4],
      [child, 1626006833640n, 4n, null, null, null],
    ]);
  });

  it('adds new fields and tags, widens strings, rejects type changes without writing', async () => {
    await write('sm', 1, 'evo,a=x v=1i32 1700000000000');
    await write('sm', 1, 'evo,a=xyzxyzxyz,b=2 v=2i32,s="a much longer string" 1700000000001');
    const cols = await query(engine, session('sm'), 'describe evo');
    expect(cols.map((r) => [r[0], r[1], r[2]])).toEqual([
      ['_ts', 'TIMESTAMP', 8],
      ['v', 'INT', 4],
      ['s', 'VARCHAR', 32],
      ['a', 'NCHAR', 16],
      ['b', 'NCHAR', 2],
    ]);
    expect(await code(write('sm', 1, 'evo,a=x v=3i32 1700000000002\nevo,a=x v=4 1700000000003'))).toBe(
      0x3004,
    );
    expect(await code(write('sm', 1, 'evo,a=x v=5i64 1700000000004'))).toBe(0x0203);
    expect(await code(write('sm', 1, 'evo,a=x v=6i32 1700000000005\nevo,a=x v=7i32 garbage'))).toBe(0x3002);
    expect(await query(engine, session('sm'), 'select count(*) from evo')).toEqual([[2n]]);
  });

  it('names children by table_name_key, adds _tag_null without tags, converts precision', async () => {
    await write('sn', 1, 'k,host=web01,dc=x v=1 1700000000', 's', 'host');
    expect(await query(engine, session('sn'), 'select tbname, _ts, dc from k')).toEqual([
      ['web01', 1700000000000000000n, 'x'],
    ]);
    await write('sn', 1, 'bare v=1u8 1700000000123456789', 'ns');
    expect((await query(engine, session('sn'), 'describe bare')).map((r) => r[0])).toEqual([
      '_ts',
      'v',
      '_tag_null',
    ]);
    expect(await query(engine, session('sn'), 'select _ts, v from bare')).toEqual([
      [1700000000123456789n, 1],
    ]);
  });
});

describe('schemaless OpenTSDB', () => {
  it('telnet: metric → super table with _value DOUBLE and NCHAR tags', async () => {
    expect(
      await write(
        'sm',
        2,
        'put sys.cpu 1700000000 18.5 host=web01 cpu=0\nsys.cpu 1700000001000 19 host=web01 cpu=0',
      ),
    ).toBe(2);
    expect(await query(engine, session('sm'), 'select _ts, _value, host from sys_cpu order by _ts')).toEqual([
      [1700000000000n, 18.5, 'web01'],
      [1700000001000n, 19, 'web01'],
    ]);
  });

  it('JSON: arrays of points, typed values', async () => {
    const data = JSON.stringify([
      { metric: 'j.m', timestamp: 1700000000000, value: 1.5, tags: { host: 'a', n: 3 } },
      {
        metric: 'j.m',
        timestamp: { value: 1700000001, type: 's' },
        value: { value: 7, type: 'i32' },
        tags: { host: 'a', n: 3 },
      },
    ]);
    expect(await code(write('sm', 3, data))).toBe(0x3004);
    expect(
      await write(
        'sm',
        3,
        JSON.stringify([{ metric: 'j.m', timestamp: 1700000000000, value: 1.5, tags: { host: 'a', n: 3 } }]),
      ),
    ).toBe(1);
    expect(await query(engine, session('sm'), 'select _value, host, n from j_m')).toEqual([[1.5, 'a', 3]]);
  });

  it('rejects unknown protocols and a missing database', async () => {
    expect(await code(write('sm', 9, 'x v=1'))).toBe(0x3000);
    expect(
      await code((async () => schemalessWrite(engine, session(), parsePoints(1, 'x v=1 1', 'ms')))()),
    ).toBe(0x2616);
  });
});

describe('smlWidth', () => {
  it('is the next power of two above the length, exact from 1024', () => {
    expect([0, 1, 6, 8, 1000, 1024, 70000].map((n) => smlWidth(8, n))).toEqual([
      1, 2, 8, 16, 1024, 1024, 65517,
    ]);
  });
});
