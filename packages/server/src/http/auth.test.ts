import { describe, expect, it } from 'vitest';
import { parseAuthorization } from './auth.js';
import { decodeTaosdToken, encodeTaosdToken } from './taosd-token.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const ROOT_TOKEN = '/KfeAzX/f9na8qdtNZmtONryp201ma04bEl8LcvLUd7a8qdtNZmtONryp201ma04';

describe('Taosd tokens', () => {
  it('reproduces the documented root token', () => {
    expect(encodeTaosdToken('root', 'taosdata')).toBe(ROOT_TOKEN);
    expect(decodeTaosdToken(ROOT_TOKEN)).toEqual({ user: 'root', password: 'taosdata' });
  });
  const rows: [string, string][] = [
    ['u', 'p'],
    ['a'.repeat(24), 'b'.repeat(24)],
    ['user', 'a much longer password of 40 characters!'],
    ['用户', 'pässwörd'],
  ];
  it.each(rows)('round-trips %s / %s', (user, password) => {
    expect(decodeTaosdToken(encodeTaosdToken(user, password))).toEqual({ user, password });
  });
  it('rejects what is not a token', () => {
    expect(decodeTaosdToken('abcd')).toBeUndefined();
    expect(decodeTaosdToken('not base64!')).toBeUndefined();
    expect(decodeTaosdToken(ROOT_TOKEN.slice(0, 60))).toBeUndefined();
  });
});

describe('parseAuthorization', () => {
  const rows: [string | undefined, unknown][] = [
    [undefined, { code: 0x1105 }],
    ['', { code: 0x1105 }],
    ['Basic ' + b64('root:taosdata'), { user: 'root', password: 'taosdata' }],
    ['  Basic ' + b64('root:taosdata') + '  ', { user: 'root', password: 'taosdata' }],
    ['Basic ' + b64('root:pa:ss'), { user: 'root', password: 'pa:ss' }],
    ['Basic ' + b64(':x'), { code: 0x1124 }],
    ['Basic ' + b64('root'), { code: 0x1124 }],
    ['Basic %%%', { code: 0x1124 }],
    ['Basic', { code: 0x1122 }],
    ['Taosd ' + ROOT_TOKEN, { user: 'root', password: 'taosdata' }],
    ['Taosd xyz', { code: 0x1125 }],
    ['Bearer abc', { code: 0x1122 }],
    ['Digest x', { code: 0x1122 }],
  ];
  it.each(rows)('%s', (header, want) => {
    expect(parseAuthorization(header)).toMatchObject(want as object);
  });
});
