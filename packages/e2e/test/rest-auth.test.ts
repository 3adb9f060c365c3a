/** REST authentication as taosAdapter does it (protocol.md §2.2), against the real server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, http, startTestServer, withoutTiming, type TestServer } from './helpers/server.js';

const ROOT_TOKEN = '/KfeAzX/f9na8qdtNZmtONryp201ma04bEl8LcvLUd7a8qdtNZmtONryp201ma04';
const ONE = '{"code":0,"column_meta":[["1","BIGINT",8]],"data":[[1]],"rows":1}';

describe('REST authentication', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ token: 'cloud-secret' });
  });
  afterAll(async () => {
    await server?.close();
  });

  const post = (headers: Record<string, string>, query = '') =>
    http(`${server.url}/rest/sql${query}`, { body: 'select 1', headers });

  const rows: [string, Record<string, string>, string, number, string][] = [
    ['Basic root', { authorization: basicAuth() }, '', 200, ONE],
    ['Taosd documented root token', { authorization: `Taosd ${ROOT_TOKEN}` }, '', 200, ONE],
    ['missing header', {}, '', 401, '{"code":4357,"desc":"no auth info input"}'],
    [
      'unknown scheme',
      { authorization: 'Digest x' },
      '',
      401,
      '{"code":4386,"desc":"invalid type of Authorization"}',
    ],
    [
      'Basic not base64',
      { authorization: 'Basic ###' },
      '',
      401,
      '{"code":4388,"desc":"invalid basic Authorization"}',
    ],
    [
      'Taosd garbage',
      { authorization: 'Taosd Zm9v' },
      '',
      401,
      '{"code":4389,"desc":"invalid taosd Authorization"}',
    ],
    [
      'wrong password is HTTP 200 with 0x0357',
      { authorization: basicAuth('root', 'wrong') },
      '',
      200,
      '{"code":855,"desc":"Authentication failure"}',
    ],
    [
      'unknown user is HTTP 200 with 0x0357',
      { authorization: basicAuth('nobody', 'x') },
      '',
      200,
      '{"code":855,"desc":"Authentication failure"}',
    ],
    ['cloud token', {}, '?token=cloud-secret', 200, ONE],
    [
      'wrong cloud token',
      {},
      '?token=nope',
      401,
      '{"code":855,"desc":"Authentication failure: invalid token"}',
    ],
  ];
  it.each(rows)('%s', async (_name, headers, query, status, body) => {
    const r = await post(headers, query);
    expect(r.status).toBe(status);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(withoutTiming(r.text)).toBe(body);
  });

  it('GET /rest/login issues a Taosd token that then authenticates', async () => {
    const login = await http(`${server.url}/rest/login/root/taosdata`, { method: 'GET' });
    expect(login.status).toBe(200);
    expect(login.text).toBe(`{"code":0,"desc":"${ROOT_TOKEN}"}`);
    const r = await post({ authorization: `Taosd ${ROOT_TOKEN}` });
    expect(r.text).toBe(ONE);
  });

  it('GET /rest/login refuses wrong credentials with 401', async () => {
    const r = await http(`${server.url}/rest/login/root/wrong`, { method: 'GET' });
    expect(r.status).toBe(401);
    expect(withoutTiming(r.text)).toBe('{"code":3,"desc":"Authentication failure"}');
  });
});
