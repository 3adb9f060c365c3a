import { describe, expect, it } from 'vitest';
import type { AppendValue } from '../storage/storage.js';
import { RowBatch } from './row-batch.js';
import type { Mask } from './row-batch.js';

/** Rows as [tid, ts, a, b] with a mask over (ts, a, b); undefined mask = all supplied. */
type Row = [number, number, AppendValue, AppendValue, Mask?];

function batch(rows: Row[]): RowBatch {
  const b = new RowBatch(3);
  for (const [tid, ts, a, bb, mask] of rows) b.push(tid, [BigInt(ts), a, bb], mask);
  return b;
}

function merged(b: RowBatch): unknown[][] {
  return b.dedupe().map((i) => [b.tids[i], Number(b.ts(i)), b.cols[1]![i], b.cols[2]![i], b.masks[i]]);
}

const NONE_B: Mask = [true, true, false];
const NONE_A: Mask = [true, false, true];

/** (name, rows, distinct keys, merged rows). */
const cases: [string, Row[], number, unknown[][]][] = [
  [
    'in order: untouched',
    [
      [1, 1, 'a', 'b'],
      [1, 2, 'c', 'd'],
      [2, 1, 'e', 'f'],
    ],
    3,
    [
      [1, 1, 'a', 'b', undefined],
      [1, 2, 'c', 'd', undefined],
      [2, 1, 'e', 'f', undefined],
    ],
  ],
  [
    'same ts, other table: kept apart',
    [
      [1, 5, 'a', 'b'],
      [2, 5, 'c', 'd'],
    ],
    2,
    [
      [1, 5, 'a', 'b', undefined],
      [2, 5, 'c', 'd', undefined],
    ],
  ],
  [
    'later row wins',
    [
      [1, 1, 'a', 'b'],
      [1, 1, 'c', 'd'],
    ],
    1,
    [[1, 1, 'c', 'd', undefined]],
  ],
  [
    'NONE keeps the earlier value, NULL overwrites',
    [
      [1, 1, 'a', 'b'],
      [1, 1, 'c', null, NONE_B],
      [1, 1, null, 'z', NONE_A],
    ],
    1,
    [[1, 1, 'c', 'z', undefined]],
  ],
  [
    'two partial rows merge their masks',
    [
      [1, 1, 'a', null, NONE_B],
      [1, 1, null, 'b', NONE_A],
    ],
    1,
    [[1, 1, 'a', 'b', undefined]],
  ],
  [
    'partial rows stay partial',
    [
      [1, 1, 'a', null, NONE_B],
      [1, 1, 'c', null, NONE_B],
    ],
    1,
    [[1, 1, 'c', null, NONE_B]],
  ],
  [
    'out of order, no repeats',
    [
      [1, 3, 'a', 'b'],
      [1, 1, 'c', 'd'],
      [1, 2, 'e', 'f'],
    ],
    3,
    [
      [1, 3, 'a', 'b', undefined],
      [1, 1, 'c', 'd', undefined],
      [1, 2, 'e', 'f', undefined],
    ],
  ],
  [
    'runs interleaved across tables',
    [
      [1, 1, 'a', 'b'],
      [2, 1, 'c', 'd'],
      [1, 1, 'e', 'f'],
    ],
    2,
    [
      [1, 1, 'e', 'f', undefined],
      [2, 1, 'c', 'd', undefined],
    ],
  ],
];

describe('RowBatch', () => {
  for (const [name, rows, distinct, out] of cases) {
    it(name, () => {
      expect(batch(rows).distinctKeys()).toBe(distinct);
      expect(merged(batch(rows))).toEqual(out);
    });
  }

  it('concat keeps statement order so later statements win', () => {
    const c = RowBatch.concat([batch([[1, 1, 'a', 'b']]), batch([[1, 1, 'x', null, NONE_B]])]);
    expect(merged(c)).toEqual([[1, 1, 'x', 'b', undefined]]);
  });

  it('pushColumns adopts column arrays and then appends', () => {
    const b = new RowBatch(2);
    b.pushColumns(
      7,
      [
        [1n, 2n],
        ['a', 'b'],
      ],
      2,
      undefined,
    );
    b.pushColumns(8, [[1n], ['c']], 1, [true, false]);
    expect(Array.from(b.tids)).toEqual([7, 7, 8]);
    expect(b.cols).toEqual([
      [1n, 2n, 1n],
      ['a', 'b', 'c'],
    ]);
    expect(b.masks).toEqual([undefined, undefined, [true, false]]);
  });
});
