import { Code, TaosError } from '../errors.js';

/**
 * Exact DECIMAL text ↔ unscaled integer. TDengine stores DECIMAL(p,s) as the integer
 * `value × 10^s` (int64 for DECIMAL64, int128 for DECIMAL), and every text form we produce is
 * the plain decimal notation taosAdapter prints (`-0.05`, `12.30`, no exponent).
 *
 * @example formatDecimal(-5n, 2) // '-0.05'
 */
export function formatDecimal(unscaled: bigint, scale: number): string {
  if (scale <= 0) return unscaled.toString();
  const neg = unscaled < 0n;
  let digits = (neg ? -unscaled : unscaled).toString();
  if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
  const cut = digits.length - scale;
  return (neg ? '-' : '') + digits.slice(0, cut) + '.' + digits.slice(cut);
}

/**
 * Parse decimal text (`[+-]digits[.digits][e[+-]digits]`) into the integer `value × 10^scale`,
 * rounding half away from zero when the text has more fraction digits than `scale`.
 *
 * @example parseDecimal('1.235', 2) // 124n
 */
export function parseDecimal(text: string, scale: number): bigint {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (m === null || (m[2] === '' && (m[3] ?? '') === '')) {
    throw new TaosError(Code.INVALID_PARA, `invalid decimal value '${text}'`);
  }
  const intPart = m[2];
  const fracPart = m[3] ?? '';
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  // digits × 10^(exp - fracLen) × 10^scale
  const shift = exp - fracPart.length + scale;
  let digits = BigInt((intPart + fracPart).replace(/^0+(?=\d)/, '') || '0');
  if (shift >= 0) {
    digits *= 10n ** BigInt(shift);
  } else {
    const div = 10n ** BigInt(-shift);
    const q = digits / div;
    digits = 2n * (digits % div) >= div ? q + 1n : q;
  }
  return m[1] === '-' ? -digits : digits;
}

/** Largest unscaled magnitude a DECIMAL(precision, ·) holds: 10^precision − 1. */
export function decimalLimit(precision: number): bigint {
  return 10n ** BigInt(precision) - 1n;
}
