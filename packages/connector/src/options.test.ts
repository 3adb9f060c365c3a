import { describe, expect, it } from 'vitest';
import { InterfaceError } from './errors.js';
import { isWsScheme, redactUrl, resolveOptions } from './options.js';
import type { ConnectOptions } from './options.js';

type Row = [
  name: string,
  input: ConnectOptions | string | undefined,
  env: Record<string, string>,
  expected: Partial<
    Record<'origin' | 'user' | 'password' | 'token' | 'database' | 'timezone' | 'timeout', unknown>
  >,
];

describe('resolveOptions precedence: explicit > URL > environment > defaults', () => {
  const rows: Row[] = [
    [
      'defaults',
      undefined,
      {},
      {
        origin: 'http://localhost:6041',
        user: 'root',
        password: 'taosdata',
        token: undefined,
        database: undefined,
        timeout: 60000,
      },
    ],
    [
      'env only',
      undefined,
      {
        TDENGINE_URL: 'http://envhost:7000',
        TDENGINE_USER: 'eu',
        TDENGINE_PASSWORD: 'ep',
        TDENGINE_DATABASE: 'edb',
        TDENGINE_TIMEZONE: 'UTC',
        TDENGINE_TIMEOUT: '5',
      },
      {
        origin: 'http://envhost:7000',
        user: 'eu',
        password: 'ep',
        database: 'edb',
        timezone: 'UTC',
        timeout: 5,
      },
    ],
    [
      'URL beats env',
      'http://uu:up@urlhost:6041/udb?timezone=Asia%2FShanghai&timeout=7',
      { TDENGINE_USER: 'eu', TDENGINE_PASSWORD: 'ep', TDENGINE_DATABASE: 'edb', TDENGINE_TIMEZONE: 'UTC' },
      {
        origin: 'http://urlhost:6041',
        user: 'uu',
        password: 'up',
        database: 'udb',
        timezone: 'Asia/Shanghai',
        timeout: 7,
      },
    ],
    [
      'explicit beats URL',
      { url: 'http://uu:up@h:1/udb?timeout=7', user: 'xu', password: 'xp', database: 'xdb', timeout: 9 },
      {},
      { origin: 'http://h:1', user: 'xu', password: 'xp', database: 'xdb', timeout: 9 },
    ],
    [
      'explicit url beats env url',
      { url: 'https://a.example' },
      { TDENGINE_URL: 'http://b:1' },
      { origin: 'https://a.example:443' },
    ],
    [
      'env fills what the URL lacks',
      'http://h:2',
      { TDENGINE_USER: 'eu', TDENGINE_TOKEN: 'et' },
      { user: 'eu', token: 'et' },
    ],
    ['no scheme means http (as taospy)', 'myhost:6041', {}, { origin: 'http://myhost:6041' }],
    ['percent-encoded credentials', 'http://a%40b:p%3Aw%2Fd@h:1', {}, { user: 'a@b', password: 'p:w/d' }],
    [
      'token in URL',
      'https://cloud.example/db1?token=abc%2B1',
      {},
      { origin: 'https://cloud.example:443', token: 'abc+1', database: 'db1' },
    ],
    ['IPv6 host', 'http://[::1]:6041', {}, { origin: 'http://[::1]:6041' }],
    [
      'undefined explicit values fall through',
      { url: 'http://h:1', user: undefined },
      { TDENGINE_USER: 'eu' },
      { user: 'eu' },
    ],
  ];
  it.each(rows)('%s', (_name, input, env, expected) => {
    const o = resolveOptions(input, env);
    for (const [k, v] of Object.entries(expected)) expect([k, o[k as keyof typeof o]]).toStrictEqual([k, v]);
  });
});

describe('resolveOptions validation', () => {
  // The @ts-expect-error rows pass wrong types on purpose: JavaScript callers reach these checks.
  const invalid: [ConnectOptions | string, RegExp][] = [
    // @ts-expect-error unknown key
    [{ usr: 'x' }, /unknown option "usr"/],
    // @ts-expect-error unknown keys
    [{ usr: 'x', pasword: 'y' }, /unknown options "usr", "pasword"/],
    ['http://h:1?tz=UTC&foo=1', /unknown url parameters "tz", "foo"/],
    ['http://h:1/a/b', /database name/],
    ['ftp://h', /unsupported url scheme "ftp:"/],
    ['http://', /invalid url/],
    [{ timeout: -1 }, /"timeout" must be an integer/],
    [{ timeout: 1.5 }, /"timeout" must be an integer/],
    ['http://h?timeout=soon', /"timeout" must be an integer/],
    [{ timezone: 'Nowhere/City' }, /unknown time zone "Nowhere\/City"/],
    // @ts-expect-error not a TimestampMode
    [{ timestampMode: 'iso' }, /timestampMode/],
    ['http://h?int64Mode=number', /"int64Mode" must be one of bigint, string/],
    // @ts-expect-error not a boolean
    [{ compression: 'yes' }, /"compression" must be a boolean/],
    [{ user: '' }, /"user" must not be empty/],
    // @ts-expect-error not a string
    [{ user: 5 }, /"user" must be a string/],
    // @ts-expect-error unknown tls key (node's is `ca`)
    [{ tls: { cafile: 'x' } }, /unknown tls option "cafile"/],
  ];
  it.each(invalid)('%j → %s', (input, re) => {
    expect(() => resolveOptions(input, {})).toThrow(InterfaceError);
    expect(() => resolveOptions(input, {})).toThrow(re);
  });

  it('freezes the result and keeps secrets out of enumeration', () => {
    const o = resolveOptions('http://u:secret@h:1?token=tok', {});
    expect(Object.isFrozen(o)).toBe(true);
    expect(o.password).toBe('secret');
    expect(o.token).toBe('tok');
    expect(JSON.stringify(o)).not.toMatch(/secret|tok/);
    expect(Object.keys(o)).not.toContain('password');
  });

  it('recognises ws/wss', () => {
    const o = resolveOptions('ws://h', {});
    expect(o.origin).toBe('ws://h:6041');
    expect(isWsScheme(o)).toBe(true);
    expect(isWsScheme(resolveOptions('wss://h', {}))).toBe(true);
    expect(isWsScheme(resolveOptions('https://h', {}))).toBe(false);
    expect(resolveOptions('wss://h', {}).port).toBe(443);
  });

  it.each([
    [
      'ws://h1:1,h2:2/db',
      [
        ['h1', 1],
        ['h2', 2],
      ],
      'db',
    ],
    [
      'ws://u:p@h1,h2:7/',
      [
        ['h1', 6041],
        ['h2', 7],
      ],
      undefined,
    ],
    [
      'ws://[::1]:1,h2,h2?timezone=UTC',
      [
        ['::1', 1],
        ['h2', 6041],
      ],
      undefined,
    ],
    [
      'wss://a, b',
      [
        ['a', 443],
        ['b', 443],
      ],
      undefined,
    ],
  ])('several addresses: %s', (url, want, db) => {
    const o = resolveOptions(url, {});
    expect(o.addresses.map((a) => [a.host, a.port])).toStrictEqual(want);
    expect([o.host, o.port]).toStrictEqual(want[0]);
    expect(o.database).toBe(db);
  });

  it('several addresses need ws', () => {
    expect(() => resolveOptions('http://a,b', {})).toThrow(/need ws:\/\//);
    expect(() => resolveOptions('ws://a,b:x', {})).toThrow(InterfaceError);
  });

  it('WebSocket options from the URL and explicit', () => {
    const o = resolveOptions(
      'ws://h?retries=2&retryBackoffMs=5&pingInterval=0&perMessageDeflate=true&app=x',
      {},
    );
    expect([
      o.retries,
      o.retryBackoffMs,
      o.retryBackoffMaxMs,
      o.pingInterval,
      o.perMessageDeflate,
      o.app,
    ]).toStrictEqual([2, 5, 2000, 0, true, 'x']);
    expect(() => resolveOptions({ url: 'ws://h', retries: -1 }, {})).toThrow(/retries/);
  });

  it('redacts passwords in URLs', () => {
    expect(redactUrl('http://u:pw@h:1/db')).toBe('http://u:***@h:1/db');
  });
});

describe('compression default', () => {
  it.each([
    ['http://localhost:6041', false],
    ['http://127.0.0.1:6041', false],
    ['http://127.1.2.3', false],
    ['http://[::1]:6041', false],
    ['http://db.example.com:6041', true],
    ['https://10.0.0.5', true],
    ['http://localhost.example.com', true],
  ])('%s → %s', (url, want) => {
    expect(resolveOptions(url, {}).compression).toBe(want);
  });

  it('an explicit choice wins on loopback', () => {
    expect(resolveOptions({ url: 'http://127.0.0.1', compression: true }, {}).compression).toBe(true);
  });
});
