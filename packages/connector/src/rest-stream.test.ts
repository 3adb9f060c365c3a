import { describe, expect, it } from 'vitest';
import { decodeRestBody } from './rest-decode.js';
import { RestStreamDecoder } from './rest-stream.js';
import type { ValueContext } from './values.js';

const ctx: ValueContext = { timestampMode: 'timestamp', zone: undefined };

const BODIES = [
  '{"code":0,"column_meta":[["ts","TIMESTAMP",8],["v","BIGINT",8],["s","NCHAR",10],["b","VARBINARY",4],["f","DOUBLE",8],["j","JSON",4095]],' +
    '"data":[["2024-01-01T00:00:00.123456789Z",9223372036854775807,"a\\"b数🚀",null,-1.5e-7,{"k":[1,"]"]}],' +
    '["2024-01-01T08:00:00.000000001+08:00",-9223372036854775808,"",  "0aff",12345678901234567890,null]],"rows":2,"timing":123}',
  '{"code":0,"column_meta":[["affected_rows","INT",4]],"data":[[1]],"rows":1}',
  '{"code":0,"column_meta":[["a","INT",4]],"data":[],"rows":0}',
  '{"code":0,"column_meta":[["a","BIGINT",8]],"data":[{"a":18446744073709551615}],"rows":1}',
  '{"code":9731,"desc":"Table does not exist","timing":5}',
  '"memory exceeds threshold"',
  ' { "code" : 0 , "column_meta" : [ [ "a" , "VARCHAR" , 4 ] ] , "data" : [ [ "x" ] , [ "y\\\\" ] ] , "rows" : 2 } ',
];

/** Comparable form (bigint and class instances made plain). */
const plain = (v: unknown): unknown =>
  JSON.parse(
    JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x instanceof Uint8Array ? [...x] : x)),
  );

describe('RestStreamDecoder', () => {
  it.each(BODIES.map((b, k) => [k, b]))(
    'body %i split at every offset decodes like the whole',
    (_k, body) => {
      const whole = plain(decodeRestBody(body as string, ctx));
      for (let cut = 0; cut <= (body as string).length; cut++) {
        const d = new RestStreamDecoder(ctx);
        d.push((body as string).slice(0, cut));
        d.push((body as string).slice(cut));
        expect([cut, plain(d.end())]).toStrictEqual([cut, whole]);
      }
    },
  );

  it('decodes one character at a time', () => {
    const body = BODIES[0] as string;
    const d = new RestStreamDecoder(ctx);
    for (const ch of body) d.push(ch);
    expect(plain(d.end())).toStrictEqual(plain(decodeRestBody(body, ctx)));
  });

  it('reports malformed or truncated input at the end', () => {
    for (const body of [
      '{"code":0,"column_meta":[["a","INT",4]],"data":[[1],[2',
      '{"code":0,"column_meta":[["a","INT",4]],"data":[[x]],"rows":1}',
      '{"code":0',
      '',
    ]) {
      const d = new RestStreamDecoder(ctx);
      d.push(body);
      expect(() => d.end()).toThrow();
    }
  });
});
