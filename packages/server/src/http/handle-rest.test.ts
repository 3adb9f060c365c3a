import { describe, expect, it } from 'vitest';
import { TypeCode } from '@taosts/protocol';
import { handleRest } from './handle-rest.js';
import type { RestDeps, RestRequest, RestResponse } from './rest-types.js';
import { FakeEngine, col } from './testing/fake-engine.js';

const ROOT = 'Basic ' + Buffer.from('root:taosdata').toString('base64');
const ROOT_TOKEN = 'Taosd /KfeAzX/f9na8qdtNZmtONryp201ma04bEl8LcvLUd7a8qdtNZmtONryp201ma04';

const tables = {
  'select * from t': {
    columns: [col('ts', TypeCode.TIMESTAMP, 8), col('v', TypeCode.INT, 4), col('s', TypeCode.VARCHAR, 20)],
    batches: [
      [[1656481855401n], [1], ['abc']],
      [[1656481856000n], [null], [null]],
    ],
  },
  'select empty': { columns: [col('a', TypeCode.BIGINT, 8)], batches: [] },
  'select first fails': { columns: [col('a', TypeCode.INT, 4)], batches: [[[1]]], failAt: 0 },
  'select late fails': { columns: [col('a', TypeCode.INT, 4)], batches: [[[1, 2]], [[3]]], failAt: 1 },
};

function deps(extra: Partial<Omit<RestDeps, 'engine'>> = {}): RestDeps & { engine: FakeEngine } {
  let t = 0n;
  return { engine: new FakeEngine(tables), clock: () => (t += 1000n), ...extra };
}

function request(
  over: Partial<Omit<RestRequest, 'query' | 'body'>> & { query?: string; body?: string } = {},
): RestRequest {
  return {
    method: over.method ?? 'POST',
    path: over.path ?? '/rest/sql',
    query: new URLSearchParams(over.query ?? ''),
    headers: over.headers ?? { authorization: ROOT },
    body: Buffer.from(over.body ?? ''),
  };
}

async function text(res: RestResponse): Promise<string> {
  if (typeof res.body === 'string') return res.body;
  let out = '';
  for await (const chunk of res.body) out += chunk;
  return out;
}

/** Error bodies carry `timing`; the fake clock makes it deterministic but we only check shape. */
const noTiming = (s: string) => s.replace(/,"timing":\d+/, '');

describe('handleRest: request → status and body', () => {
  const rows: [string, Parameters<typeof request>[0], number, string][] = [
    [
      'query',
      { body: 'select * from t' },
      200,
      '{"code":0,"column_meta":[["ts","TIMESTAMP",8],["v","INT",4],["s","VARCHAR",20]],"data":[["2022-06-29T05:50:55.401Z",1,"abc"],["2022-06-29T05:50:56.000Z",null,null]],"rows":2}',
    ],
    [
      'query, body trimmed',
      { body: ' \n\tselect * from t\r\n ' },
      200,
      '{"code":0,"column_meta":[["ts","TIMESTAMP",8],["v","INT",4],["s","VARCHAR",20]],"data":[["2022-06-29T05:50:55.401Z",1,"abc"],["2022-06-29T05:50:56.000Z",null,null]],"rows":2}',
    ],
    [
      'row_with_meta',
      { body: 'select * from t', query: 'row_with_meta=T' },
      200,
      '{"code":0,"column_meta":[["ts","TIMESTAMP",8],["v","INT",4],["s","VARCHAR",20]],"data":[{"ts":"2022-06-29T05:50:55.401Z","v":1,"s":"abc"},{"ts":"2022-06-29T05:50:56.000Z","v":null,"s":null}],"rows":2}',
    ],
    [
      'tz',
      { body: 'select * from t', query: 'tz=Asia/Shanghai' },
      200,
      '{"code":0,"column_meta":[["ts","TIMESTAMP",8],["v","INT",4],["s","VARCHAR",20]],"data":[["2022-06-29T13:50:55.401+08:00",1,"abc"],["2022-06-29T13:50:56.000+08:00",null,null]],"rows":2}',
    ],
    [
      'conn_tz wins over tz',
      { body: 'select * from t', query: 'tz=Asia/Shanghai&conn_tz=America/New_York' },
      200,
      '{"code":0,"column_meta":[["ts","TIMESTAMP",8],["v","INT",4],["s","VARCHAR",20]],"data":[["2022-06-29T01:50:55.401-04:00",1,"abc"],["2022-06-29T01:50:56.000-04:00",null,null]],"rows":2}',
    ],
    [
      'empty result',
      { body: 'select empty' },
      200,
      '{"code":0,"column_meta":[["a","BIGINT",8]],"data":[],"rows":0}',
    ],
    [
      'late fetch error truncates like taosAdapter',
      { body: 'select late fails' },
      200,
      '{"code":0,"column_meta":[["a","INT",4]],"data":[[1],[2]],"rows":2}',
    ],
    [
      'first fetch error is an error body',
      { body: 'select first fails' },
      200,
      '{"code":280,"desc":"fetch failed"}',
    ],
    [
      'insert',
      { body: 'insert into t values(now,1)' },
      200,
      '{"code":0,"column_meta":[["affected_rows","INT",4]],"data":[[3]],"rows":1}',
    ],
    [
      'insert row_with_meta',
      { body: 'insert into t values(now,1)', query: 'row_with_meta=1' },
      200,
      '{"code":0,"column_meta":[["affected_rows","INT",4]],"data":[{"affected_rows":3}],"rows":1}',
    ],
    [
      'SQL error: HTTP 200, 16-bit code',
      { body: 'bogus' },
      200,
      '{"code":9728,"desc":"syntax error near \\"bogus\\""}',
    ],
    ['empty body', { body: '' }, 400, '{"code":4358,"desc":"request is empty"}'],
    ['whitespace body', { body: ' \n\t ' }, 400, '{"code":4359,"desc":"no sql input"}'],
    ['no Authorization', { headers: {}, body: 'select 1' }, 401, '{"code":4357,"desc":"no auth info input"}'],
    [
      'unknown auth type',
      { headers: { authorization: 'Digest abc' }, body: 'x' },
      401,
      '{"code":4386,"desc":"invalid type of Authorization"}',
    ],
    [
      'bad base64',
      { headers: { authorization: 'Basic !!!' }, body: 'x' },
      401,
      '{"code":4388,"desc":"invalid basic Authorization"}',
    ],
    [
      'basic without colon',
      { headers: { authorization: 'Basic ' + Buffer.from('root').toString('base64') }, body: 'x' },
      401,
      '{"code":4388,"desc":"invalid basic Authorization"}',
    ],
    [
      'basic empty password',
      { headers: { authorization: 'Basic ' + Buffer.from('root:').toString('base64') }, body: 'x' },
      401,
      '{"code":4388,"desc":"invalid basic Authorization"}',
    ],
    [
      'bad Taosd token',
      { headers: { authorization: 'Taosd abcd' }, body: 'x' },
      401,
      '{"code":4389,"desc":"invalid taosd Authorization"}',
    ],
    [
      'Taosd token of root',
      { headers: { authorization: ROOT_TOKEN }, body: 'insert x' },
      200,
      '{"code":0,"column_meta":[["affected_rows","INT",4]],"data":[[3]],"rows":1}',
    ],
    [
      'wrong password: HTTP 200, 0x0357',
      {
        headers: { authorization: 'Basic ' + Buffer.from('root:nope').toString('base64') },
        body: 'select 1',
      },
      200,
      '{"code":855,"desc":"Authentication failure"}',
    ],
    [
      'bad req_id',
      { body: 'select 1', query: 'req_id=abc' },
      400,
      '{"code":65535,"desc":"illegal param, req_id must be numeric strconv.ParseInt: parsing \\"abc\\": invalid syntax"}',
    ],
    [
      'req_id out of range',
      { body: 'select 1', query: 'req_id=9223372036854775808' },
      400,
      '{"code":65535,"desc":"illegal param, req_id must be numeric strconv.ParseInt: parsing \\"9223372036854775808\\": value out of range"}',
    ],
    [
      'bad req_id is checked before auth',
      { headers: {}, body: 'select 1', query: 'req_id=x' },
      400,
      '{"code":65535,"desc":"illegal param, req_id must be numeric strconv.ParseInt: parsing \\"x\\": invalid syntax"}',
    ],
    [
      'bad tz',
      { body: 'select 1', query: 'tz=Mars/Base' },
      400,
      '{"code":65535,"desc":"unknown time zone Mars/Base"}',
    ],
    [
      'bad conn_tz',
      { body: 'select 1', query: 'conn_tz=%2B08:00' },
      400,
      '{"code":65535,"desc":"unknown time zone +08:00"}',
    ],
    [
      'bad row_with_meta',
      { body: 'select 1', query: 'row_with_meta=yes' },
      400,
      '{"code":65535,"desc":"illegal param, row_with_meta must be boolean strconv.ParseBool: parsing \\"yes\\": invalid syntax"}',
    ],
    [
      'auth is checked before tz',
      { headers: {}, body: 'select 1', query: 'tz=Mars/Base' },
      401,
      '{"code":4357,"desc":"no auth info input"}',
    ],
  ];
  it.each(rows)('%s', async (_name, req, status, body) => {
    const res = await handleRest(request(req), deps());
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(noTiming(await text(res))).toBe(body);
  });
});

describe('handleRest: details', () => {
  it('error bodies always carry timing; success bodies only with timing=true', async () => {
    const d = deps();
    expect(await text(await handleRest(request({ body: 'bogus' }), d))).toMatch(
      /^\{"code":9728,"desc":".*","timing":\d+\}$/,
    );
    expect(await text(await handleRest(request({ body: 'select empty' }), d))).not.toContain('timing');
    expect(await text(await handleRest(request({ body: 'select empty', query: 'timing=true' }), d))).toMatch(
      /^\{"code":0,"column_meta":\[\["a","BIGINT",8\]\],"data":\[\],"rows":0,"timing":\d+\}$/,
    );
    expect(await text(await handleRest(request({ body: 'insert x', query: 'timing=true' }), d))).toMatch(
      /^\{"code":0,"column_meta":\[\["affected_rows","INT",4\]\],"data":\[\[3\]\],"rows":1,"timing":\d+\}$/,
    );
  });

  it('/rest/sql/{db} runs USE first and ignores its error', async () => {
    const d = deps();
    await text(await handleRest(request({ path: '/rest/sql/db1', body: 'insert x' }), d));
    expect(d.engine.statements).toEqual(['use `db1`', 'insert x']);
    expect(d.engine.sessions[1]!.db).toBe('db1');
    const res = await handleRest(request({ path: '/rest/sql/nodb', body: 'insert x' }), d);
    expect(res.status).toBe(200);
    expect(await text(res)).toContain('"data":[[3]]');
    expect(d.engine.sessions[3]!.db).toBeUndefined();
  });

  it('builds the session from the request: user, req_id, conn_tz', async () => {
    const d = deps({ timezone: 'Europe/Berlin' });
    await handleRest(request({ body: 'insert x', query: 'req_id=42&conn_tz=Asia/Shanghai' }), d);
    await handleRest(request({ body: 'insert x', query: 'req_id=0&tz=Asia/Shanghai' }), d);
    expect(d.engine.sessions[0]).toEqual({ user: 'root', timezone: 'Asia/Shanghai', reqId: 42n });
    expect(d.engine.sessions[1]).toEqual({ user: 'root', timezone: 'Europe/Berlin' });
  });

  it('closes query results, also when the body is never read', async () => {
    const d = deps();
    await text(await handleRest(request({ body: 'select * from t' }), d));
    expect(d.engine.closedResults).toBe(1);
    const res = await handleRest(request({ body: 'select * from t' }), d);
    res.release?.();
    expect(d.engine.closedResults).toBe(2);
    await handleRest(request({ body: 'select first fails' }), d);
    expect(d.engine.closedResults).toBe(3);
  });

  it('streams big results in chunks', async () => {
    const n = 50_000;
    const engine = new FakeEngine({
      big: {
        columns: [col('v', TypeCode.INT, 4)],
        batches: [[Array.from({ length: n }, (_, i) => i)], [[n]]],
      },
    });
    const res = await handleRest(request({ body: 'big' }), { engine });
    expect(typeof res.body).not.toBe('string');
    const chunks: string[] = [];
    for await (const c of res.body as AsyncIterable<string>) chunks.push(c);
    expect(chunks.length).toBeGreaterThan(3);
    const parsed = JSON.parse(chunks.join(''));
    expect(parsed.rows).toBe(n + 1);
    expect(parsed.data[n]).toEqual([n]);
  });

  describe('cloud token', () => {
    const rows: [string, string, Record<string, string>, number, string][] = [
      ['right token, no header', 'token=s3cret', {}, 200, '"data":[[3]]'],
      [
        'wrong token, no header',
        'token=nope',
        {},
        401,
        '{"code":855,"desc":"Authentication failure: invalid token"',
      ],
      ['header wins over token', 'token=nope', { authorization: ROOT }, 200, '"data":[[3]]'],
    ];
    it.each(rows)('%s', async (_n, query, headers, status, want) => {
      const d = deps({ token: 's3cret' });
      const res = await handleRest(request({ body: 'insert x', query, headers }), d);
      expect(res.status).toBe(status);
      expect(await text(res)).toContain(want);
    });
    it('a token is not accepted when the server has none', async () => {
      const res = await handleRest(request({ body: 'insert x', query: 'token=s3cret', headers: {} }), deps());
      expect(res.status).toBe(401);
      expect(noTiming(await text(res))).toBe('{"code":4357,"desc":"no auth info input"}');
    });
  });

  describe('other routes', () => {
    const rows: [string, Parameters<typeof request>[0], number, string][] = [
      [
        'login',
        { method: 'GET', path: '/rest/login/root/taosdata' },
        200,
        '{"code":0,"desc":"/KfeAzX/f9na8qdtNZmtONryp201ma04bEl8LcvLUd7a8qdtNZmtONryp201ma04"}',
      ],
      [
        'login, wrong password',
        { method: 'GET', path: '/rest/login/root/nope' },
        401,
        '{"code":3,"desc":"Authentication failure"}',
      ],
      [
        'login, user too long',
        { method: 'GET', path: '/rest/login/' + 'u'.repeat(25) + '/x' },
        400,
        '{"code":4362,"desc":"generate taosd token error"}',
      ],
      ['ping', { method: 'GET', path: '/-/ping' }, 200, ''],
      ['unknown path', { path: '/nope' }, 404, '404 page not found'],
      ['vgid is not served', { path: '/rest/sql/db/vgid' }, 404, '404 page not found'],
      ['wrong method', { method: 'GET', path: '/rest/sql' }, 405, '405 method not allowed'],
      ['malformed escape', { path: '/rest/sql/%zz' }, 400, '{"code":65535,"desc":"invalid url escape"}'],
    ];
    it.each(rows)('%s', async (_n, req, status, body) => {
      const res = await handleRest(request(req), deps());
      expect(res.status).toBe(status);
      expect(noTiming(await text(res))).toBe(body);
    });
  });

  it('serves extra routes before the built-in ones', async () => {
    const routes = [
      {
        method: 'POST',
        pattern: ['influxdb', 'v1', 'write'],
        handle: () => ({ status: 204, headers: {}, body: '' }),
      },
      { method: 'GET', pattern: ['-', 'ping'], handle: () => ({ status: 503, headers: {}, body: '' }) },
    ];
    expect((await handleRest(request({ path: '/influxdb/v1/write' }), deps({ routes }))).status).toBe(204);
    expect((await handleRest(request({ method: 'GET', path: '/-/ping' }), deps({ routes }))).status).toBe(
      503,
    );
    expect(
      (await handleRest(request({ method: 'GET', path: '/influxdb/v1/write' }), deps({ routes }))).status,
    ).toBe(405);
  });

  describe('CORS', () => {
    it('answers preflights with 204 and allows every origin', async () => {
      const res = await handleRest(
        request({
          method: 'OPTIONS',
          headers: { origin: 'http://x', 'access-control-request-method': 'POST' },
        }),
        deps(),
      );
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-headers']).toContain('Authorization');
    });
    it('adds Allow-Origin to cross-origin responses only', async () => {
      const cross = await handleRest(
        request({ headers: { authorization: ROOT, origin: 'http://x' }, body: 'insert x' }),
        deps(),
      );
      expect(cross.headers['access-control-allow-origin']).toBe('*');
      const same = await handleRest(request({ body: 'insert x' }), deps());
      expect(same.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
