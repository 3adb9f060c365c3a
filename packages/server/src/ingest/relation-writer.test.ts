import { describe, expect, it } from 'vitest';
import type { DataOwner } from '../catalog/model.js';
import { prepareWrite } from './relation-writer.js';
import { RowBatch } from './row-batch.js';

const owner = {} as DataOwner;

/** A batch of (tid, ts…) runs, one value column. */
function batch(runs: [number, number[]][]): RowBatch {
  const b = new RowBatch(2);
  for (const [tid, ts] of runs)
    b.pushColumns(tid, [new BigInt64Array(ts.map(BigInt)), ts.map((t) => t * 10)], ts.length, undefined);
  return b;
}

describe('prepareWrite', () => {
  it.each([
    [
      'all new',
      [
        [1, [5, 6]],
        [2, [1]],
      ],
      new Map(),
      [0, 1, 2],
      [],
    ],
    ['split inside a run', [[1, [3, 4, 5, 6]]], new Map([[1, 4n]]), [2, 3], [0, 1]],
    [
      'table seen twice',
      [
        [1, [1, 2]],
        [2, [9]],
        [1, [3]],
      ],
      new Map([[2, 9n]]),
      [0, 1, 3],
      [2],
    ],
    [
      'repeated key merges first',
      [
        [1, [2, 1]],
        [1, [2]],
      ],
      new Map([[1, 1n]]),
      [0],
      [1],
    ],
  ] as [string, [number, number[]][], Map<number, bigint>, number[], number[]][])(
    '%s',
    (_, runs, max, fresh, older) => {
      const w = prepareWrite(owner, batch(runs), max);
      expect([w.fresh, w.older]).toEqual([fresh, older]);
      const all = runs.flatMap(([tid, ts]) => ts.map((t) => [tid, t] as const));
      const maxima = new Map<number, bigint>();
      for (const [tid, t] of all) if ((maxima.get(tid) ?? -1n) < BigInt(t)) maxima.set(tid, BigInt(t));
      expect(w.maxima).toEqual(maxima);
    },
  );

  it('typed and array segments concatenate into one column', () => {
    const b = RowBatch.concat([batch([[1, [1, 2]]]), batch([[1, [3]]])]);
    expect(b.cols[0]).toEqual(new BigInt64Array([1n, 2n, 3n]));
    expect(b.cols[1]).toEqual([10, 20, 30]);
    const mixed = new RowBatch(2);
    mixed.pushColumns(1, [new BigInt64Array([1n]), [1]], 1, undefined);
    mixed.pushColumns(1, [[2n], [2]], 1, undefined);
    expect(mixed.cols[0]).toEqual([1n, 2n]);
  });
});
