import { describe, expect, it } from 'vitest';
import { Code, TaosError } from '../errors.js';
import {
  decodeWsRequest,
  decodeWsResponse,
  encodeWsError,
  encodeWsRequest,
  encodeWsResponse,
} from './ws-envelope.js';

describe('WS JSON envelope', () => {
  it('encodes requests as {action,args}', () => {
    expect(encodeWsRequest('query', { req_id: 2n ** 63n, sql: 'select 1' })).toBe(
      '{"action":"query","args":{"req_id":9223372036854775808,"sql":"select 1"}}',
    );
  });

  it('decodes requests and pulls req_id out of args', () => {
    expect(decodeWsRequest('{"action":"fetch","args":{"req_id":18446744073709551615,"id":1}}')).toEqual({
      action: 'fetch',
      reqId: 18446744073709551615n,
      args: { req_id: 18446744073709551615n, id: 1 },
    });
    expect(decodeWsRequest('{"action":"version"}')).toEqual({ action: 'version', reqId: 0, args: {} });
  });

  it.each([
    ['not json', 'unmarshal request error'],
    ['[1]', 'unmarshal request error'],
    ['{"action":"query","args":[1]}', 'unmarshal request error'],
    ['{"args":{"req_id":1}}', 'request no action'],
    ['{"action":"","args":{}}', 'request no action'],
  ])('rejects %s: %s', (text, msg) => {
    expect(() => decodeWsRequest(text)).toThrow(new TaosError(Code.ADAPTER_GENERIC, msg));
  });

  it('encodes responses with the common fields first, code masked to 16 bits', () => {
    expect(encodeWsResponse('query', 7n, { id: 1, fields_names: null }, { timing: 1200n })).toBe(
      '{"code":0,"message":"","action":"query","req_id":7,"timing":1200,"id":1,"fields_names":null}',
    );
    expect(encodeWsError('query', 8, { code: 0x80002603, message: 'Table does not exist' })).toBe(
      '{"code":9731,"message":"Table does not exist","action":"query","req_id":8,"timing":0}',
    );
  });

  it('decodes responses losslessly and validates the common fields', () => {
    const r = decodeWsResponse(
      '{"code":0,"message":"","action":"stmt2_init","req_id":1,"timing":5,"stmt_id":18446744073709551615}',
    );
    expect(r).toEqual({
      code: 0,
      message: '',
      action: 'stmt2_init',
      req_id: 1,
      timing: 5,
      stmt_id: 18446744073709551615n,
    });
    expect(() => decodeWsResponse('{"message":"x"}')).toThrow(/missing numeric code/);
    expect(() => decodeWsResponse('{"code":0}')).toThrow(/missing action/);
    expect(() => decodeWsResponse('[]')).toThrow(/not a JSON object/);
  });
});
