import { describe, expect, it } from 'vitest';
import { TypeCode } from '../types.js';
import { decodeRawBlock } from './decode-raw-block.js';
import { encodeRawBlock } from './encode-raw-block.js';
import { VarEntriesBuilder } from './var-entries.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Build entries from strings (null = NULL), adding rows in the given order. */
function entries(values: (string | null)[], order = values.map((_, i) => i)) {
  const b = new VarEntriesBuilder(values.length, 4);
  for (const r of order) {
    const v = values[r]!;
    if (v === null) b.setNull(r);
    else {
      // Each value sits inside a larger buffer, as it does in a DuckDB string heap.
      const bytes = utf8(`xx${v}yy`);
      b.add(r, bytes, 2, bytes.length - 4);
    }
  }
  return b.finish();
}

describe('VarEntriesBuilder', () => {
  const cases: { name: string; values: (string | null)[]; order?: number[] }[] = [
    { name: 'distinct', values: ['a', 'bc', 'def'] },
    { name: 'repeats and NULLs', values: ['x', null, 'x', 'yy', null, 'yy', 'x'] },
    { name: 'empty strings', values: ['', 'a', '', null] },
    { name: 'multi-byte UTF-8', values: ['温度', 'température', '温度', '🌡️'] },
    { name: 'rows added out of order', values: ['p', 'q', 'p', null], order: [3, 1, 0, 2] },
    { name: 'long values (bulk copy)', values: ['k'.repeat(100), 'k'.repeat(100), 'm'.repeat(33)] },
    {
      name: 'mostly distinct (sharing switches off)',
      values: Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? 'same' : `v${i}`)),
    },
  ];
  it.each(cases)('round-trips through a raw block: $name', ({ values, order }) => {
    const e = entries(values, order);
    const block = encodeRawBlock([{ type: TypeCode.VARCHAR, length: 400, values: e }], values.length);
    const [col] = decodeRawBlock(block).columns;
    expect(col!.data).toEqual(values);
    expect(col!.bytes).toBe(402);
  });

  it('writes a repeated value once', () => {
    const e = entries(['abc', 'abc', 'abc', 'z', 'abc']);
    expect(e.data.length).toBe(2 + 3 + 2 + 1);
    expect([...e.offsets]).toEqual([0, 0, 0, 5, 0]);
    expect(e.maxLength).toBe(3);
  });

  it('encodes the same bytes as the string encoder without sharing when values are distinct', () => {
    const values = ['a', null, 'bb', 'ccc'];
    const fromStrings = encodeRawBlock([{ type: TypeCode.VARCHAR, length: 8, values }], 4);
    const fromEntries = encodeRawBlock([{ type: TypeCode.VARCHAR, length: 8, values: entries(values) }], 4);
    expect(Buffer.from(fromEntries).toString('hex')).toBe(Buffer.from(fromStrings).toString('hex'));
  });

  it('defaults the declared length to the longest entry', () => {
    const block = encodeRawBlock([{ type: TypeCode.VARBINARY, values: entries(['abcd', 'ef']) }], 2);
    expect(decodeRawBlock(block).columns[0]!.bytes).toBe(6);
  });

  it.each([
    ['NCHAR (UCS-4 on the wire)', TypeCode.NCHAR, 1],
    ['a fixed-width type', TypeCode.INT, 1],
    ['a row count that does not match', TypeCode.VARCHAR, 2],
  ])('rejects %s', (_, type, rows) => {
    expect(() => encodeRawBlock([{ type, values: entries(['a']) }], rows)).toThrow(/column 0/);
  });

  it('rejects a value too long for a uint16 length', () => {
    const b = new VarEntriesBuilder(1);
    expect(() => b.add(0, new Uint8Array(0x10000), 0, 0x10000)).toThrow(/too long/);
  });
});

describe('VarEntriesBuilder sharing', () => {
  it('keeps sharing when the first rows repeat, however many distinct values follow', () => {
    // 50 values repeated, then 300 new ones, then the 50 again: every repeat is shared.
    const values = Array.from({ length: 2000 }, (_, i) =>
      i >= 1000 && i < 1300 ? `new-${i}` : `value-${i % 50}`,
    );
    const e = entries(values);
    const distinct = [...new Set(values)];
    expect(e.data.length).toBe(distinct.reduce((n, v) => n + 2 + v.length, 0));
  });

  it('stops sharing when the first rows are mostly distinct', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i < 300 ? `d${i}` : 'same'));
    const e = entries(values);
    expect(new Set(e.offsets).size).toBeGreaterThan(300 + 1); // 'same' written many times
  });
});
