const POW10 = Array.from({ length: 13 }, (_, i) => 10 ** i);

/**
 * The double nearest to the shortest decimal that reads back as the float32 `f` — what REST
 * prints for a FLOAT (taosAdapter: Go `strconv.AppendFloat(v, 'g', -1, 32)`), so a FLOAT has the
 * same `number` over both transports (`10.3`, not `10.300000190734863`). Lossless:
 * `Math.fround(shortestFloat32(f)) === f` for every float32.
 *
 * @example shortestFloat32(Math.fround(10.3)) // 10.3
 */
export function shortestFloat32(f: number): number {
  if (f !== f || f === 0 || f === Infinity || f === -Infinity) return f;
  const a = f < 0 ? -f : f;
  // Exact arithmetic only: below 2^23 a float32 has ≤ 24 significant bits, so a·10^k (k ≤ 12,
  // 5^12 < 2^29) is an exact double and m / 10^k is the correctly rounded double of the decimal.
  if (a < 8388608 && a >= 1e-6) {
    for (let k = 0; k <= 12; k++) {
      const p = POW10[k] as number;
      const m = Math.round(a * p);
      const v = m / p;
      if (Math.fround(v) === a) return f < 0 ? -v : v;
    }
  }
  for (let digits = 1; digits <= 9; digits++) {
    const v = Number(a.toPrecision(digits));
    if (Math.fround(v) === a) return f < 0 ? -v : v;
  }
  return f;
}
