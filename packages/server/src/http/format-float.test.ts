import { describe, expect, it } from 'vitest';
import { formatFloat32, formatFloat64 } from './format-float.js';

// Expected values are Go's strconv.AppendFloat(v, 'f'|'e', -1, 32|64) as taosAdapter picks them.
describe('formatFloat32', () => {
  const rows: [number, string][] = [
    [10.3, '10.3'],
    [16.014572, '16.014572'],
    [0.31, '0.31'],
    [219, '219'],
    [-2.5, '-2.5'],
    [0, '0'],
    [-0, '-0'],
    [123456789, '123456790'],
    [16777217, '16777216'],
    [3.4028234663852886e38, '3.4028235e+38'],
    [1.401298464324817e-45, '1e-45'],
    [1e-7, '1e-07'],
    [9.999999e-7, '9.999999e-07'],
    [1e-6, '0.000001'],
    [0.00012345679, '0.00012345679'],
    [1e20, '100000000000000000000'],
    [1e21, '1e+21'],
    [1.5e22, '1.5e+22'],
    [0.1, '0.1'],
    [NaN, 'null'],
    [Infinity, 'null'],
    [-Infinity, 'null'],
  ];
  it.each(rows)('%s → %s', (v, want) => {
    expect(formatFloat32(v)).toBe(want);
  });

  it('round-trips and agrees with the toPrecision search on random values of every magnitude', () => {
    for (let i = 0; i < 20000; i++) {
      const f = Math.fround((Math.random() - 0.5) * 10 ** (Math.random() * 50 - 25));
      const s = formatFloat32(f);
      expect(Math.fround(Number(s))).toBe(f);
      let p = 1;
      while (Math.fround(Number(f.toPrecision(p))) !== f) p++;
      const digits = s
        .replace(/^-/, '')
        .replace(/e.*$/, '')
        .replace('.', '')
        .replace(/^0+/, '')
        .replace(/0+$/, '');
      expect(digits.length).toBeLessThanOrEqual(p);
    }
  });
});

describe('formatFloat64', () => {
  const rows: [number, string][] = [
    [10.3, '10.3'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e-7, '1e-07'],
    [1.2345e-10, '1.2345e-10'],
    [1e-6, '0.000001'],
    [1e21, '1e+21'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [5e-324, '5e-324'],
    [123456789012345680, '123456789012345680'],
    [-0, '-0'],
    [NaN, 'null'],
    [-Infinity, 'null'],
  ];
  it.each(rows)('%s → %s', (v, want) => {
    expect(formatFloat64(v)).toBe(want);
  });
});
