/**
 * Float rendering as taosAdapter does it (`tools/jsonbuilder/stream_float.go`): Go's
 * `strconv.AppendFloat(v, fmt, -1, bits)`, i.e. the shortest digits that round-trip, in plain
 * decimal for 1e-6 ≤ |v| < 1e21 and exponent form (`1e-07`, `1.5e+21`, at least two exponent
 * digits) outside it. NaN and ±Inf have no JSON form and are written as `null`.
 *
 * JS `String(number)` already picks the shortest round-trip digits and switches to exponent
 * form at exactly those thresholds; only the exponent width differs from Go.
 */

/** `1e-7` → `1e-07`; JS always writes the exponent sign. */
function goExponent(s: string): string {
  const e = s.indexOf('e');
  if (e < 0 || s.length - e - 2 >= 2) return s;
  return s.slice(0, e + 2) + '0' + s.slice(e + 2);
}

/** Shortest decimal that reads back as the same float64. */
export function formatFloat64(v: number): string {
  if (v !== v || v === Infinity || v === -Infinity) return 'null';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  return goExponent(String(v));
}

const POW10 = Array.from({ length: 13 }, (_, i) => 10 ** i);
const ZEROS = POW10.map((_, i) => '0'.repeat(i));

/**
 * Shortest decimal that reads back as the same float32 (`v` is rounded to float32 first).
 * Known gap: at exact powers of two, where the rounding interval is lopsided, Go may find a
 * shorter non-nearest candidate; we emit the nearest one (one more digit, same value).
 */
export function formatFloat32(v: number): string {
  if (v !== v || v === Infinity || v === -Infinity) return 'null';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const f = Math.fround(v);
  const a = f < 0 ? -f : f;
  // Fast path, exact arithmetic only: below 2^23 a float32 has ≤ 24 significant bits, so
  // a·10^k (k ≤ 12, 5^12 < 2^29) is an exact double, Math.round gives toPrecision's digits, and
  // m / 10^k is the correctly rounded double of that decimal. Search the smallest scale k whose
  // nearest decimal round-trips (monotone: more digits are never farther away).
  if (a < 8388608 && a >= 1e-6) {
    let lo = 0;
    let hi = 12;
    let n = -1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const p = POW10[mid]!;
      const m = Math.round(a * p);
      if (Math.fround(m / p) === a) {
        n = m;
        k = mid;
        hi = mid - 1;
      } else {
        lo = mid + 1;
      }
    }
    if (k >= 0) {
      let s = String(n);
      if (k > 0) {
        const intLen = s.length - k;
        s = intLen > 0 ? s.slice(0, intLen) + '.' + s.slice(intLen) : '0.' + ZEROS[-intLen] + s;
      }
      return f < 0 ? '-' + s : s;
    }
  }
  return formatFloat32Slow(f);
}

/** Same result through `toPrecision`, for magnitudes outside the fast path. */
function formatFloat32Slow(f: number): string {
  let lo = 1;
  let hi = 9;
  let best = '';
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = f.toPrecision(mid);
    if (Math.fround(Number(s)) === f) {
      best = s;
      hi = mid - 1;
    } else {
      lo = mid + 1;
    }
  }
  // `Number(best)` has at most 9 significant digits, so its shortest double form is exactly
  // those digits, and it falls on the same side of 1e-6 / 1e21 as Go's float32 comparison.
  return goExponent(String(Number(best)));
}
