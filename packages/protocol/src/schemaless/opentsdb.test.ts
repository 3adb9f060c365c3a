import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Code } from '../errors.js';
import { TypeCode } from '../types.js';
import { smlChildTableName } from './child-table-name.js';
import { parseLineProtocol } from './line-protocol.js';
import { parseOpenTsdbJson } from './opentsdb-json.js';
import { parseOpenTsdbTelnet } from './opentsdb-telnet.js';
import { smlPrecisionOf } from './sml-types.js';

const now = () => 7n;

describe('OpenTSDB telnet', () => {
  it('parses the documented example, with and without "put"', () => {
    const [a, b] = parseOpenTsdbTelnet(
      'meters.current 1648432611249 10.3 location=California.SanFrancisco groupid=2\nput meters.voltage 1648432611 219 groupid=2',
    );
    expect(a).toEqual({
      measurement: 'meters.current',
      tags: new Map([
        ['location', 'California.SanFrancisco'],
        ['groupid', '2'],
      ]),
      fields: new Map([['_value', { type: TypeCode.DOUBLE, value: 10.3 }]]),
      ts: 1648432611249000000n,
      tsPrecision: 'ms',
    });
    expect([b.measurement, b.ts, b.tsPrecision]).toEqual(['meters.voltage', 1648432611000000000n, 's']);
  });

  it('types suffixed values like line protocol and skips blank lines', () => {
    const pts = parseOpenTsdbTelnet('\nm 0 5i32 t=1\r\n\n', { now });
    expect(pts).toHaveLength(1);
    expect(pts[0].fields.get('_value')).toEqual({ type: TypeCode.INT, value: 5 });
    expect(pts[0].ts).toBe(7n);
  });

  it.each([
    ['m 1648432611', /expected 'metric timestamp value/],
    ['m 16484326 1 t=1', /seconds\(10 digits\) or milli seconds\(13 digits\)/],
    ['m 1648432611 x t=1', /invalid value x/],
    ['m 1648432611 1 t', /invalid tag t/],
    ['m 1648432611 1 t=', /invalid tag value/],
  ])('rejects %j', (text, msg) => {
    expect(() => parseOpenTsdbTelnet(text)).toThrow(msg);
    expect(() => parseOpenTsdbTelnet(text)).toThrow(expect.objectContaining({ code: Code.SML_INVALID_DATA }));
  });
});

describe('OpenTSDB JSON', () => {
  it('parses an object and an array with typed values and tags', () => {
    const one = parseOpenTsdbJson(
      '{"metric":"sys.cpu","timestamp":1648432611,"value":18,"tags":{"host":"web01","dc":1,"up":true}}',
    );
    expect(one[0]).toEqual({
      measurement: 'sys.cpu',
      tags: new Map<string, unknown>([
        ['host', { type: TypeCode.VARCHAR, value: 'web01' }],
        ['dc', { type: TypeCode.DOUBLE, value: 1 }],
        ['up', { type: TypeCode.BOOL, value: true }],
      ]),
      fields: new Map([['_value', { type: TypeCode.DOUBLE, value: 18 }]]),
      ts: 1648432611000000000n,
      tsPrecision: 's',
    });
    const many = parseOpenTsdbJson(
      [
        {
          metric: 'm',
          timestamp: { value: 1648432611249123, type: 'us' },
          value: { value: 7, type: 'i8' },
          tags: { t: { value: 'x', type: 'nchar' } },
        },
        { Metric: 'm', TIMESTAMP: 0, Value: 'txt', Tags: { t: 'y' } },
      ],
      { now },
    );
    expect(many[0].ts).toBe(1648432611249123000n);
    expect(many[0].fields.get('_value')).toEqual({ type: TypeCode.TINYINT, value: 7 });
    expect(many[0].tags.get('t')).toEqual({ type: TypeCode.NCHAR, value: 'x' });
    expect([many[1].ts, many[1].fields.get('_value')]).toEqual([
      7n,
      { type: TypeCode.VARCHAR, value: 'txt' },
    ]);
  });

  it.each([
    ['{"metric":"m","timestamp":1,"value":1,"tags":{"t":1}}', /10 digits/],
    ['{"metric":"m","timestamp":1648432611,"value":1}', /missing "tags"/],
    ['{"metric":"m","timestamp":1648432611,"value":1,"tags":{}}', /tags should not be empty/],
    ['{"metric":"m","timestamp":1648432611,"value":{"value":300,"type":"i8"},"tags":{"t":1}}', /cannot fit/],
    [
      '{"metric":"m","timestamp":1648432611,"value":{"value":1,"type":"nope"},"tags":{"t":1}}',
      /invalid type\(nope\)/,
    ],
    ['{"metric":"m","timestamp":1648432611,"value":[1],"tags":{"t":1}}', /invalid value/],
    ['[1]', /point 1: not a JSON object/],
    ['{', /invalid JSON/],
  ])('rejects %s', (text, msg) => {
    expect(() => parseOpenTsdbJson(text)).toThrow(msg);
    expect(() => parseOpenTsdbJson(text)).toThrow(expect.objectContaining({ code: Code.SML_INVALID_DATA }));
  });
});

const md5 = (s: string | Buffer) => createHash('md5').update(s).digest('hex');

describe('child table names (TDengine buildChildTableName)', () => {
  const [p] = parseLineProtocol('st.x,t2=4,T1=3,t3=t3 c1=3i64 1626006833639000000');

  it('is t_ + md5 of "stable,k=v…" with tags sorted case-insensitively and . → _', () => {
    expect(smlChildTableName(p).name).toBe('t_' + md5('st_x,T1=3,t2=4,t3=t3'));
    expect(smlChildTableName(p, { dot2Underline: false }).name).toBe('t_' + md5('st.x,T1=3,t2=4,t3=t3'));
  });

  it('sorts a key before its longer extensions', () => {
    const [q] = parseLineProtocol('m,ab=1,a=2,B=3 c=1 1');
    expect(smlChildTableName(q).name).toBe('t_' + md5('m,a=2,ab=1,B=3'));
  });

  it('hashes fixed-width JSON tags by their little-endian bytes', () => {
    const [j] = parseOpenTsdbJson({ metric: 'm', timestamp: 1648432611, value: 1, tags: { d: 1.5, s: 'x' } });
    const dbl = Buffer.alloc(8);
    dbl.writeDoubleLE(1.5);
    expect(smlChildTableName(j).name).toBe(
      't_' + md5(Buffer.concat([Buffer.from('m,d='), dbl, Buffer.from(',s=x')])),
    );
  });

  it('takes the table_name_key tag value and drops that tag', () => {
    const r = smlChildTableName(p, { tableNameKey: 't3' });
    expect(r.name).toBe('t3');
    expect([...r.tags.keys()]).toEqual(['t2', 'T1']);
    expect(smlChildTableName(p, { tableNameKey: 'missing' }).name).toMatch(/^t_[0-9a-f]{32}$/);
  });

  it('joins tag values with smlAutoChildTableNameDelimiter', () => {
    const [q] = parseLineProtocol('m,a=x.1,b=y c=1 1');
    expect(smlChildTableName(q, { autoDelimiter: '-' }).name).toBe('x_1-y');
  });
});

describe('smlPrecisionOf (taosAdapter precision argument)', () => {
  it.each([
    ['', 'ns'],
    ['h', 'h'],
    ['m', 'm'],
    ['s', 's'],
    ['ms', 'ms'],
    ['u', 'u'],
    ['μ', 'u'],
    ['ns', 'ns'],
    ['us', 'ns'],
  ])('%j → %s', (arg, p) => {
    expect(smlPrecisionOf(arg)).toBe(p);
  });
});
