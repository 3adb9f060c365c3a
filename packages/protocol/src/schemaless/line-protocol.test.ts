import { describe, expect, it } from 'vitest';
import { Code, TaosError } from '../errors.js';
import { TypeCode } from '../types.js';
import { parseLineProtocol, parseLineProtocolInto } from './line-protocol.js';
import { parseSmlValue } from './sml-value.js';
import type { SmlField, SmlPoint, SmlTag } from './sml-types.js';

const now = () => 42n;
const one = (line: string, precision?: 'ns' | 'ms' | 's' | 'u' | 'm' | 'h') =>
  parseLineProtocol(line, { now, ...(precision ? { precision } : {}) })[0];
const f = (type: TypeCode, value: SmlField['value']): SmlField => ({ type, value });

describe('line protocol: the documented example', () => {
  it('parses measurement, NCHAR tags, typed fields and a ms timestamp', () => {
    const p = one('meters,location=SF current=10.3,voltage=219i32 1648432611249', 'ms');
    expect(p.measurement).toBe('meters');
    expect(p.tags).toEqual(new Map([['location', 'SF']]));
    expect(p.fields).toEqual(
      new Map([
        ['current', f(TypeCode.DOUBLE, 10.3)],
        ['voltage', f(TypeCode.INT, 219)],
      ]),
    );
    expect(p.ts).toBe(1648432611249000000n);
    expect(p.tsPrecision).toBe('ms');
  });
});

describe('line protocol: field values (TDengine smlParseValue)', () => {
  it.each([
    ['1', f(TypeCode.DOUBLE, 1)],
    ['-1.5e3', f(TypeCode.DOUBLE, -1500)],
    ['2f64', f(TypeCode.DOUBLE, 2)],
    ['0.1f32', f(TypeCode.FLOAT, Math.fround(0.1))],
    ['-128i8', f(TypeCode.TINYINT, -128)],
    ['32767i16', f(TypeCode.SMALLINT, 32767)],
    ['7I32', f(TypeCode.INT, 7)],
    ['9223372036854775807i', f(TypeCode.BIGINT, 9223372036854775807n)],
    ['-9223372036854775808i64', f(TypeCode.BIGINT, -9223372036854775808n)],
    ['255u8', f(TypeCode.UTINYINT, 255)],
    ['65535u16', f(TypeCode.USMALLINT, 65535)],
    ['4294967295u32', f(TypeCode.UINT, 4294967295)],
    ['18446744073709551615u', f(TypeCode.UBIGINT, 18446744073709551615n)],
    ['1u64', f(TypeCode.UBIGINT, 1n)],
    ...['t', 'T', 'true', 'True', 'TRUE'].map((v) => [v, f(TypeCode.BOOL, true)] as [string, SmlField]),
    ...['f', 'F', 'false', 'False', 'FALSE'].map((v) => [v, f(TypeCode.BOOL, false)] as [string, SmlField]),
    ['"passit"', f(TypeCode.VARCHAR, 'passit')],
    ['"a \\"q\\" \\\\ b, c=d"', f(TypeCode.VARCHAR, 'a "q" \\ b, c=d')],
    ['"keep \\n"', f(TypeCode.VARCHAR, 'keep \\n')],
    ['L"报错信息"', f(TypeCode.NCHAR, '报错信息')],
    ['l""', f(TypeCode.NCHAR, '')],
    ['G"POINT(4.343 89.342)"', f(TypeCode.GEOMETRY, 'POINT(4.343 89.342)')],
    ['B"\\x98f46e"', f(TypeCode.VARBINARY, new Uint8Array([0x98, 0xf4, 0x6e]))],
    ['b"hello"', f(TypeCode.VARBINARY, new TextEncoder().encode('hello'))],
  ])('%s', (value, want) => {
    expect(one(`m,t=1 c=${value} 1`).fields.get('c')).toEqual(want);
  });

  it.each([
    ['128i8', /value out of range/],
    ['-1u8', /value out of range/],
    ['-1u', /unsigned big int out of range/],
    ['9223372036854775808i', /big int out of range/],
    ['1.5i', /invalid value/],
    ['1e3i32', /invalid value/],
    ['3.5e38f32', /float value out of range/],
    ['abc', /invalid value/],
    ['tru', /invalid value/],
    ['1x', /invalid value/],
    ['"open', /unbalanced quotes/],
    ['"a"b', /unbalanced quotes/],
    ['B"\\xZZ"', /invalid varbinary hex/],
    ['', /invalid value/],
  ])('rejects %s', (value, msg) => {
    expect(() => one(`m,t=1 c=${value} 1`)).toThrow(msg);
  });
});

describe('line protocol: escapes and structure', () => {
  it('unescapes measurement, tag keys/values and field keys', () => {
    const p = one('my\\ meas\\,x,ta\\ g\\=k=v\\,1\\ 2\\=3 fi\\,eld\\ k\\=="s" 5');
    expect(p.measurement).toBe('my meas,x');
    expect([...p.tags]).toEqual([['ta g=k', 'v,1 2=3']]);
    expect([...p.fields.keys()]).toEqual(['fi,eld k=']);
  });

  it('keeps backslashes that escape nothing, and \\= in a measurement', () => {
    const p = one('a\\=b,t=x\\y c="p\\q" 1');
    expect([p.measurement, p.tags.get('t'), p.fields.get('c')?.value]).toEqual(['a\\=b', 'x\\y', 'p\\q']);
  });

  it('allows no tags, several fields, quoted spaces and commas', () => {
    const p = one('m c1=1i,c2="a b,c",c3=t 10');
    expect(p.tags.size).toBe(0);
    expect([...p.fields.keys()]).toEqual(['c1', 'c2', 'c3']);
    expect(p.fields.get('c2')?.value).toBe('a b,c');
  });

  it.each([
    ['ns', '1626006833639000000', 1626006833639000000n],
    ['u', '1626006833639000', 1626006833639000000n],
    ['ms', '1626006833639', 1626006833639000000n],
    ['s', '1626006833', 1626006833000000000n],
    ['m', '27100113', 27100113n * 60_000_000_000n],
    ['h', '451668', 451668n * 3_600_000_000_000n],
  ] as const)('timestamps in %s', (precision, text, ns) => {
    expect(one(`m c=1 ${text}`, precision).ts).toBe(ns);
  });

  it('uses the clock for a missing or 0 timestamp', () => {
    expect(one('m c=1').ts).toBe(42n);
    expect(one('m c=1 0').ts).toBe(42n);
    expect(one('m c=1   ').ts).toBe(42n);
  });

  it('shares the tags Map between lines of one series', () => {
    const [a, b, c] = parseLineProtocol('m,t=1 c=1 1\nm,t=1 c=2 2\nm,t=2 c=3 3', { now });
    expect(a.tags).toBe(b.tags);
    expect(c.tags).not.toBe(a.tags);
    expect(c.tags.get('t')).toBe('2');
  });

  it('treats a backslash before an escaped space like TDengine (prev-char rule)', () => {
    // text: m,t=a\\ b — the first backslash escapes nothing, the second escapes the space
    expect(one('m,t=a\\\\ b c=1 1').tags.get('t')).toBe('a\\ b');
  });

  it('skips blank lines and # comments, handles CRLF, and numbers lines from 1', () => {
    const pts = parseLineProtocol('# header\r\n\nm c=1 1\r\n   \nm c=2 2\n', { now });
    expect(pts.map((p) => p.ts)).toEqual([1n, 2n]);
    expect(() => parseLineProtocol('m c=1 1\n\n# x\nbad', { now })).toThrow(/^line 4: /);
  });

  it.each([
    ['m', /cols is empty/],
    ['m,t=1', /cols is empty/],
    [',t=1 c=1', /invalid data/],
    ['m,t c=1', /invalid data/],
    ['m,t= c=1', /invalid value/],
    ['m,t=a=b c=1', /invalid data/],
    ['m c', /invalid data/],
    ['m =1', /invalid key/],
    ['m c=1 abc', /invalid timestamp/],
    ['m c=1 -5', /invalid timestamp/],
    ['m c=1 1 extra', /unexpected data after timestamp/],
    [`m c=1,${'k'.repeat(65)}=2 1`, /too long than 64/],
    [`${'m'.repeat(193)} c=1`, /too large than 192/],
  ])('rejects %j', (line, msg) => {
    let err: unknown;
    try {
      parseLineProtocol(line, { now });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TaosError);
    expect((err as TaosError).code).toBe(Code.SML_INVALID_DATA);
    expect((err as TaosError).message).toMatch(msg);
  });

  it('reports duplicate keys as DUPLICATED_COLUMN', () => {
    expect(() => one('m,t=1,t=2 c=1')).toThrow(expect.objectContaining({ code: Code.DUPLICATED_COLUMN }));
    expect(() => one('m c=1,c=2')).toThrow(expect.objectContaining({ code: Code.DUPLICATED_COLUMN }));
  });
});

describe('parseLineProtocolInto', () => {
  /** Points rebuilt from the sink calls. */
  function viaSink(text: string): SmlPoint[] {
    const out: SmlPoint[] = [];
    let cur: { measurement: string; tags: Map<string, SmlTag>; fields: Map<string, SmlField> } | undefined;
    const n = parseLineProtocolInto(
      text,
      { precision: 'ms', now: () => 1n },
      {
        begin: (measurement, tags) => (cur = { measurement, tags, fields: new Map() }),
        field: (k, type, value) => cur!.fields.set(k, { type, value }),
        end: (ts, unit) => out.push({ ...cur!, ts: BigInt(ts) * unit, tsPrecision: 'ms' }),
      },
    );
    expect(n).toBe(out.length);
    return out;
  }

  it.each([
    'm,t=1 a=1,b="x y",c=2i32 1700000000000\nm,t=1 a=2 1700000000001',
    '# comment\n\n  m\\ x,t\\,k=v\\=1 f\\=1=t,g=L"n" 0\r\nm,t=2 b=1u8',
    'm a=1,a=2 1',
    'm,t=1 a=1 x',
    'm a="unbalanced 1',
    'm,t=1 a=1 1 2',
  ])('agrees with parseLineProtocol: %j', (text) => {
    const opts = { precision: 'ms' as const, now: () => 1n };
    let want: SmlPoint[] | string;
    try {
      want = parseLineProtocol(text, opts);
    } catch (e) {
      want = String(e);
    }
    let got: SmlPoint[] | string;
    try {
      got = viaSink(text);
    } catch (e) {
      got = String(e);
    }
    expect(got).toEqual(want);
  });
});

describe('fast paths agree with the general parser', () => {
  // Values the in-place number reader takes (and its edges, which it hands to the general one).
  const tokens = [
    '1',
    '-1',
    '+1',
    '0',
    '-0',
    '007',
    '1.5',
    '-1.5',
    '.5',
    '5.',
    '10.3',
    '0.1',
    '0.30000000000000004',
    '123456789012345',
    '1234567890123456',
    '999999999999999.9',
    '0.000000000000001',
    '1.0000000000000002',
    '1e3',
    '1E-3',
    '1.2.3',
    '--1',
    '-',
    '.',
    '1x',
    '4.35f32',
    '4.35F32',
    '4.35f64',
    '3f16',
    '219i32',
    '-2147483648i32',
    '2147483648i32',
    '-32768i16',
    '32768i16',
    '65535u16',
    '65536u16',
    '4294967295u32',
    '4294967296u32',
    '-1u32',
    '-0i32',
    '1.5i32',
    '7I32',
    '7U16',
    '7i',
    '7u',
    '7i64',
    '7u64',
    '7i8',
    '7u8',
    '300u8',
    '7i3',
    '7i321',
  ];
  it.each(tokens)('%s', (token) => {
    const expected = parseSmlValue(token);
    let got: SmlField | string;
    try {
      got = one(`m v=${token},w=1 1`)!.fields.get('v')!;
    } catch (e) {
      got = (e as TaosError).message.replace(/^line 1: /, '').replace(/: m v=.*$/, '');
    }
    expect(got).toEqual(expected);
  });

  it('reuses a series and its keys across lines only when the text matches', () => {
    const text = [
      'm,t=1 a=1,b=2 1',
      'm,t=1 a=3,b=4 2', // same head and keys
      'm,t=1 b=5,a=6 3', // keys in another order
      'm,t=1 a=7 4', // fewer keys
      'm,t=1 a=8,b=9,c=10 5', // more keys
      'm,t=11 a=1 6', // a head that extends the previous one
      'm,t=1\\ x a=1 7', // an escaped space continues the head
      'm,t=1 a\\ b=1,a=2 8', // an escaped key, then a known one
      'm,t=1 a\\ b=3,a=4 9',
    ].join('\n');
    const points = parseLineProtocol(text, { now, precision: 'ns' });
    expect(
      points.map((p) => [p.tags.get('t'), [...p.fields].map(([k, v]) => `${k}:${String(v.value)}`)]),
    ).toEqual([
      ['1', ['a:1', 'b:2']],
      ['1', ['a:3', 'b:4']],
      ['1', ['b:5', 'a:6']],
      ['1', ['a:7']],
      ['1', ['a:8', 'b:9', 'c:10']],
      ['11', ['a:1']],
      ['1 x', ['a:1']],
      ['1', ['a b:1', 'a:2']],
      ['1', ['a b:3', 'a:4']],
    ]);
    expect(points[0]!.tags).toBe(points[4]!.tags); // one series, one tags Map
  });

  it.each([
    ['m a=1,b=2 1\nm a=1,a=2 2', 'duplicated field a'],
    ['m a=1,b=2 1\nm b=1,b=2 2', 'duplicated field b'],
    ['m a=1,b=2 1\nm a=1,b=2,a=3 2', 'duplicated field a'],
  ])('still finds duplicate keys after a known line: %j', (text, message) => {
    expect(() => parseLineProtocol(text, { now })).toThrow(
      expect.objectContaining({ code: Code.DUPLICATED_COLUMN, message: expect.stringContaining(message) }),
    );
  });
});
