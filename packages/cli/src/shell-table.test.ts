import { describe, expect, it } from 'vitest';
import { renderTable } from './shell-table.js';

describe('renderTable', () => {
  it('aligns columns and renders NULL, bigint, bytes and wide characters', () => {
    const out = renderTable(
      [{ name: 'ts' }, { name: 'v' }, { name: 'name' }, { name: 'b' }],
      [
        [
          { toISOString: () => '2021-01-01T00:00:00.000Z' },
          18446744073709551615n,
          '中文',
          new Uint8Array([1, 255]),
        ],
        [null, 1, 'ab', null],
      ],
    );
    expect(out.split('\n')).toEqual([
      ' ts                       | v                    | name | b    |',
      '================================================================',
      ' 2021-01-01T00:00:00.000Z | 18446744073709551615 | 中文 | 01ff |',
      ' NULL                     | 1                    | ab   | NULL |',
    ]);
  });
});
