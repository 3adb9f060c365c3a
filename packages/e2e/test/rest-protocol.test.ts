/**
 * REST request handling against the real server: error shapes and HTTP statuses, query
 * parameters (tz, conn_tz, row_with_meta, req_id, timing), routes, CORS, gzip (protocol.md §2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  exec,
  http,
  ROOT_AUTH,
  sql,
  startTestServer,
  withoutTiming,
  type TestServer,
} from './helpers/server.js';

describe('REST protocol', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await exec(server, [
      "create database rp precision 'ms'",
      'create table rp.t (ts timestamp, v int, s varchar(10))',
      "insert into rp.t values (1656481855401, 1, 'abc') (1656481856000, null, null)",
    ]);
  });
  afterAll(async () => {
    await server?.close();
  });

  const META = '"column_meta":[["ts","TIMESTAMP",8],["v","INT",4],["s","VARCHAR",10]]';
  const rows: [string, string, { db?: string; query?: string }, number, string][] = [
    [
      'query',
      'select * from rp.t',
      {},
      200,
      `{"code":0,${META},"data":[["2022-06-29T05:50:55.401Z",1,"abc"],["2022-06-29T05:50:56.000Z",null,null]],"rows":2}`,
    ],
    [
      'db in the path',
      'select * from t',
      { db: 'rp' },
      200,
      `{"code":0,${META},"data":[["2022-06-29T05:50:55.401Z",1,"abc"],["2022-06-29T05:50:56.000Z",null,null]],"rows":2}`,
    ],
    [
      'tz renders in the zone',
      'select * from rp.t',
      { query: 'tz=Asia/Shanghai' },
      200,
      `{"code":0,${META},"data":[["2022-06-29T13:50:55.401+08:00",1,"abc"],["2022-06-29T13:50:56.000+08:00",null,null]],"rows":2}`,
    ],
    [
      'conn_tz wins over tz',
      'select * from rp.t',
      { query: 'tz=Asia/Shanghai&conn_tz=America%2FNew_York' },
      200,
      `{"code":0,${META},"data":[["2022-06-29T01:50:55.401-04:00",1,"abc"],["2022-06-29T01:50:56.000-04:00",null,null]],"rows":2}`,
    ],
    [
      'row_with_meta',
      'select * from rp.t',
      { query: 'row_with_meta=true' },
      200,
      `{"code":0,${META},"data":[{"ts":"2022-06-29T05:50:55.401Z","v":1,"s":"abc"},{"ts":"2022-06-29T05:50:56.000Z","v":null,"s":null}],"rows":2}`,
    ],
    [
      'req_id accepted',
      'select v from rp.t where v = 1',
      { query: 'req_id=12345' },
      200,
      '{"code":0,"column_meta":[["v","INT",4]],"data":[[1]],"rows":1}',
    ],
    [
      'insert: affected rows',
      "insert into rp.t values (1656481857000, 3, 'x')",
      {},
      200,
      '{"code":0,"column_meta":[["affected_rows","INT",4]],"data":[[1]],"rows":1}',
    ],
    [
      'insert with row_with_meta',
      "insert into rp.t values (1656481858000, 4, 'y')",
      { query: 'row_with_meta=1' },
      200,
      '{"code":0,"column_meta":[["affected_rows","INT",4]],"data":[{"affected_rows":1}],"rows":1}',
    ],
    [
      'DDL: zero affected rows',
      'create table if not exists rp.t2 (ts timestamp, v int)',
      {},
      200,
      '{"code":0,"column_meta":[["affected_rows","INT",4]],"data":[[0]],"rows":1}',
    ],
    ['table does not exist: HTTP 200, code 0x2603', 'select * from rp.nope', {}, 200, '{"code":9731,"desc":'],
    ['syntax error: HTTP 200, code 0x2600', 'selec 1', {}, 200, '{"code":9728,"desc":'],
    [
      'USE error on the path is ignored',
      'create database if not exists rp_new',
      { db: 'rp_new' },
      200,
      '{"code":0,"column_meta":[["affected_rows","INT",4]],"data":[[0]],"rows":1}',
    ],
    ['empty body', '', {}, 400, '{"code":4358,"desc":"request is empty"}'],
    ['whitespace body', ' \n\t', {}, 400, '{"code":4359,"desc":"no sql input"}'],
    [
      'bad req_id',
      'select 1',
      { query: 'req_id=1e3' },
      400,
      '{"code":65535,"desc":"illegal param, req_id must be numeric strconv.ParseInt: parsing \\"1e3\\": invalid syntax"}',
    ],
    [
      'bad tz',
      'select 1',
      { query: 'tz=Nowhere/Land' },
      400,
      '{"code":65535,"desc":"unknown time zone Nowhere/Land"}',
    ],
    [
      'bad conn_tz',
      'select 1',
      { query: 'conn_tz=Nowhere/Land' },
      400,
      '{"code":65535,"desc":"unknown time zone Nowhere/Land"}',
    ],
    [
      'bad row_with_meta',
      'select 1',
      { query: 'row_with_meta=maybe' },
      400,
      '{"code":65535,"desc":"illegal param, row_with_meta must be boolean strconv.ParseBool: parsing \\"maybe\\": invalid syntax"}',
    ],
  ];
  it.each(rows)('%s', async (_name, statement, opts, status, body) => {
    const r = await sql(server, statement, opts);
    expect(r.status).toBe(status);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    if (body.endsWith('"desc":'))
      expect(r.text).toMatch(new RegExp(`^${body.replace(/[{}[\]]/g, '\\$&')}".+","timing":\\d+\\}$`));
    else expect(withoutTiming(r.text)).toBe(body);
  });

  it('conn_tz sets the session zone for zone-less time literals', async () => {
    await exec(server, ['create table rp.z (ts timestamp, v int)']);
    await sql(server, "insert into rp.z values ('2022-06-29 13:50:55.401', 1)", {
      query: 'conn_tz=Asia/Shanghai',
    });
    const r = await sql(server, 'select ts from rp.z');
    expect(JSON.parse(r.text).data).toEqual([['2022-06-29T05:50:55.401Z']]);
  });

  it('errors carry timing always; successes only with timing=true', async () => {
    expect((await sql(server, 'selec 1')).text).toMatch(/,"timing":\d+\}$/);
    expect((await sql(server, 'select 1')).text).not.toContain('timing');
    expect((await sql(server, 'select 1', { query: 'timing=true' })).text).toMatch(
      /"rows":1,"timing":\d+\}$/,
    );
  });

  describe('routes', () => {
    const routes: [string, string, string, number, string][] = [
      ['ping', 'GET', '/-/ping', 200, ''],
      ['unknown path', 'POST', '/rest/nothing', 404, '404 page not found'],
      ['wrong method on /rest/sql', 'GET', '/rest/sql', 405, '405 method not allowed'],
      ['wrong method on login', 'POST', '/rest/login/root/taosdata', 405, '405 method not allowed'],
    ];
    it.each(routes)('%s', async (_n, method, path, status, body) => {
      const r = await http(`${server.url}${path}`, { method, headers: { authorization: ROOT_AUTH } });
      expect(r.status).toBe(status);
      expect(r.text).toBe(body);
    });
  });

  it('CORS: preflight and cross-origin responses allow every origin', async () => {
    const pre = await http(`${server.url}/rest/sql`, {
      method: 'OPTIONS',
      headers: { origin: 'http://example.com', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    const r = await sql(server, 'select 1', { headers: { origin: 'http://example.com' } });
    expect(r.headers['access-control-allow-origin']).toBe('*');
  });

  it('gzip both ways', async () => {
    const r = await http(`${server.url}/rest/sql`, {
      body: gzipSync('select * from rp.t where v = 1'),
      headers: { authorization: ROOT_AUTH, 'content-encoding': 'gzip', 'accept-encoding': 'gzip' },
    });
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(r.raw).toString()).toBe(
      `{"code":0,${META},"data":[["2022-06-29T05:50:55.401Z",1,"abc"]],"rows":1}`,
    );
  });
});
