import { describe, expect, it } from 'vitest';
import { TypeCode } from '@taosts/protocol';
import type { QueryResult, Value } from '../engine/types.js';
import { encodeAffected, encodeColumnMeta, encodeError, encodeQuery } from './encode-result.js';

function result(columns: QueryResult['columns'], batches: (readonly Value[])[][]): QueryResult {
  let i = 0;
  return {
    kind: 'query',
    columns,
    precision: 'ms',
    next: async () => {
      const b = batches[i++];
      return b && { rowCount: b[0]!.length, columns: b };
    },
    close() {},
  };
}

async function encode(r: QueryResult, rowWithMeta = false, chunkBytes?: number): Promise<string[]> {
  const out: string[] = [];
  const first = await r.next();
  for await (const c of encodeQuery(r, first, {
    rowWithMeta,
    timezone: 'UTC',
    ...(chunkBytes && { chunkBytes }),
  }))
    out.push(c);
  return out;
}

describe('encode-result', () => {
  it('column_meta: names escaped, DECIMAL with (p,s), MEDIUMBLOB nameless', () => {
    expect(
      encodeColumnMeta([
        { name: 'a"b', type: TypeCode.NCHAR, length: 20 },
        { name: 'd', type: TypeCode.DECIMAL, length: 16, precision: 10, scale: 2 },
        { name: 'm', type: TypeCode.MEDIUMBLOB, length: 0 },
      ]),
    ).toBe('[["a\\"b","NCHAR",20],["d","DECIMAL(10,2)",16],["m","",0]]');
  });

  it('affected rows and errors', () => {
    expect(encodeAffected(0, false)).toBe(
      '{"code":0,"column_meta":[["affected_rows","INT",4]],"data":[[0]],"rows":1}',
    );
    expect(encodeAffected(2, true, 5n)).toBe(
      '{"code":0,"column_meta":[["affected_rows","INT",4]],"data":[{"affected_rows":2}],"rows":1,"timing":5}',
    );
    expect(encodeError(0x80002600, 'syntax error', 7n)).toBe(
      '{"code":9728,"desc":"syntax error","timing":7}',
    );
  });

  it('joins batches with commas and skips empty ones', async () => {
    const r = result([{ name: 'v', type: TypeCode.INT, length: 4 }], [[[1, 2]], [[]], [[3]]]);
    expect((await encode(r)).join('')).toBe(
      '{"code":0,"column_meta":[["v","INT",4]],"data":[[1],[2],[3]],"rows":3}',
    );
  });

  it('row_with_meta escapes keys', async () => {
    const r = result([{ name: 'we"ird', type: TypeCode.BOOL, length: 1 }], [[[true, null]]]);
    expect((await encode(r, true)).join('')).toBe(
      '{"code":0,"column_meta":[["we\\"ird","BOOL",1]],"data":[{"we\\"ird":true},{"we\\"ird":null}],"rows":2}',
    );
  });

  it('hands out bounded chunks that concatenate to valid JSON', async () => {
    const n = 10_000;
    const r = result(
      [{ name: 'v', type: TypeCode.BIGINT, length: 8 }],
      [[Array.from({ length: n }, (_, i) => BigInt(i))]],
    );
    const chunks = await encode(r, false, 1024);
    expect(chunks.length).toBeGreaterThan(50);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeLessThan(4096);
    const parsed = JSON.parse(chunks.join(''));
    expect(parsed.rows).toBe(n);
    expect(parsed.data.at(-1)).toEqual([n - 1]);
  });
});
