import { parseLineProtocol } from '@taosts/protocol';
import { describe, expect, it } from 'vitest';
import { SmlBatch } from './sml-batch.js';

const LINES = [
  'm,t=1 a=1,b="x" 1700000000000',
  'm,t=2 b="longer",a=2 1700000000001',
  'm,t=1 a=3 1700000000002',
  'm,t=1 c=t,a=4 1700000000003',
  'n,u=x v=1i32 1700000000004',
].join('\n');

function shape(b: SmlBatch): unknown {
  return {
    points: b.points,
    error: b.error === undefined ? undefined : String(b.error),
    needs: [...b.needs.values()].map((n) => [n.name, [...n.columns.values()], [...n.tags.values()]]),
    children: [...b.children].map(([name, c]) => [
      name,
      c.stable,
      [...c.tags],
      c.ts,
      [...c.fields].map(([k, f]) => [k, f.values]),
    ]),
  };
}

describe('SmlBatch', () => {
  it('from lines equals from parsed points', () => {
    const a = SmlBatch.fromLines(LINES, 'ms');
    const b = SmlBatch.fromPoints(parseLineProtocol(LINES, { precision: 'ms' }));
    expect(shape(a)).toEqual(shape(b));
    const m = [...a.children.values()].find((c) => c.tags.get('t') === '1')!;
    expect([...m.fields].map(([k, f]) => [k, f.values])).toEqual([
      ['a', [1, 3, 4]],
      ['b', ['x', null, null]],
      ['c', [null, null, true]],
    ]);
  });

  it.each([
    ['type change', 'm,t=1 a=1 1\nm,t=2 a="s" 2', /same type/i],
    ['field named like a tag', 'm,t=1 a=1 1\nm,t=1 t=2 2', /Duplicated column/],
  ])('keeps the first schema conflict (%s) for the writer', (_, text, re) => {
    const b = SmlBatch.fromLines(text, 'ms');
    expect(String(b.error)).toMatch(re);
    expect(b.points).toBe(2);
  });

  it('a syntax error after a schema conflict still throws', () => {
    expect(() => SmlBatch.fromLines('m,t=1 a=1 1\nm,t=2 a="s" 2\nm a= 3', 'ms')).toThrow(/invalid/);
  });
});
