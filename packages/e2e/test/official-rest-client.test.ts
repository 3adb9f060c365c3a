/**
 * The official `@tdengine/rest` client, used as its README shows, runs the getting-started flow
 * against our server: it must not be able to tell us from taosAdapter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, options } from '@tdengine/rest';
import { startServer } from '@taosts/server';

describe('official @tdengine/rest client', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let cursor: ReturnType<ReturnType<typeof connect>['cursor']>;

  beforeAll(async () => {
    server = await startServer({ port: 0, memory: true });
    options.path = '/rest/sql';
    options.host = '127.0.0.1';
    options.port = server.port;
    options.user = 'root';
    options.passwd = 'taosdata';
    cursor = connect(options).cursor();
  });
  afterAll(async () => {
    await server?.close();
  });

  async function ok(sql: string) {
    const result = await cursor.query(sql);
    expect({ sql, code: result.getErrCode(), desc: result.getErrStr() }).toEqual({
      sql,
      code: 0,
      desc: undefined,
    });
    return result;
  }

  it('creates a database and a super table', async () => {
    await ok("create database if not exists power precision 'ms' keep 3650");
    await ok(
      'create stable if not exists power.meters (ts timestamp, current float, voltage int, phase float) tags (location binary(64), groupid int)',
    );
  });

  it('inserts into auto-created child tables', async () => {
    const result = await ok(
      "insert into power.d1001 using power.meters tags ('California.SanFrancisco', 2) values ('2018-10-03 14:38:05.000', 10.3, 219, 0.31) ('2018-10-03 14:38:15.000', 12.6, 218, 0.33) " +
        "power.d1002 using power.meters tags ('California.SanFrancisco', 3) values ('2018-10-03 14:38:16.650', 10.3, 218, 0.25) " +
        "power.d1003 using power.meters tags ('California.LosAngeles', 2) values ('2018-10-03 14:38:05.500', 11.8, 221, 0.28) ('2018-10-03 14:38:16.600', 13.4, 223, 0.29)",
    );
    expect(result.getAffectRows()).toBe(5);
  });

  it('counts', async () => {
    const result = await ok('select count(*) from power.meters');
    expect(result.getMeta()).toEqual([{ columnName: 'count(*)', typeName: 'BIGINT', size: 8 }]);
    expect(result.getData()).toEqual([[5]]);
  });

  it('groups by tbname', async () => {
    const result = await ok('select tbname, count(*) from power.meters group by tbname order by tbname');
    expect(result.getData()).toEqual([
      ['d1001', 2],
      ['d1002', 1],
      ['d1003', 2],
    ]);
  });

  it('averages with a tag filter', async () => {
    const result = await ok('select avg(voltage) from power.meters where groupid = 2');
    expect(result.getData()).toEqual([[(219 + 218 + 221 + 223) / 4]]);
  });

  it('windows with INTERVAL', async () => {
    const result = await ok(
      "select _wstart, count(*) from power.meters where ts >= '2018-10-03 14:38:00' and ts < '2018-10-03 14:38:20' interval(10s)",
    );
    expect(result.getData()).toEqual([
      [expect.stringMatching(/^2018-10-03T\d\d:38:00\.000/), 2],
      [expect.stringMatching(/^2018-10-03T\d\d:38:10\.000/), 3],
    ]);
  });

  it('reads the latest row', async () => {
    const result = await ok('select last_row(current) from power.d1001');
    expect(result.getData()).toEqual([[12.6]]);
  });

  it('reports an error for a missing table', async () => {
    const result = await cursor.query('select * from power.no_such_table');
    expect(result.getErrCode()).toBe(0x2603);
    expect(result.getErrStr()).toMatch(/Table does not exist/);
  });
});
