import { TypeCode } from '../types.js';
import { encodeUtf8 } from '../util/utf8.js';
import type { SmlField } from './sml-types.js';

/**
 * Type a field value as TDengine's `smlParseValue` does (protocol.md §7.2): `"…"` VARCHAR,
 * `L"…"` NCHAR, `G"…"` GEOMETRY (WKT), `B"…"` VARBINARY (`B"\x98f4"` is hex), `t/true/f/false`
 * in any case BOOL, numbers by suffix (none or `f64` DOUBLE, `f32` FLOAT, `i8/i16/i32`, `i`/`i64`
 * BIGINT, `u8/u16/u32`, `u`/`u64` BIGINT UNSIGNED). Returns an error message instead of throwing,
 * so callers add the line number. `raw` is the token as written (quotes and escapes included).
 */
export function parseSmlValue(raw: string): SmlField | string {
  const n = raw.length;
  if (n === 0) return 'invalid value: empty';
  const c0 = raw.charCodeAt(0);
  if (c0 === 34 /* " */) {
    if (n < 2 || raw.charCodeAt(n - 1) !== 34) return `invalid string value ${raw}`;
    return { type: TypeCode.VARCHAR, value: unescapeString(raw, 1, n - 1) };
  }
  const lower = c0 | 0x20;
  if (
    n >= 2 &&
    raw.charCodeAt(1) === 34 &&
    (lower === 0x6c /* l */ || lower === 0x67 /* g */ || lower === 0x62) /* b */
  ) {
    if (n < 3 || raw.charCodeAt(n - 1) !== 34) return `invalid string value ${raw}`;
    const text = unescapeString(raw, 2, n - 1);
    if (lower === 0x6c) return { type: TypeCode.NCHAR, value: text };
    if (lower === 0x67) return { type: TypeCode.GEOMETRY, value: text };
    return varbinary(text);
  }
  if (lower === 0x74 /* t */) {
    if (n === 1 || raw.toLowerCase() === 'true') return { type: TypeCode.BOOL, value: true };
    return `invalid value ${raw}`;
  }
  if (lower === 0x66 /* f */) {
    if (n === 1 || raw.toLowerCase() === 'false') return { type: TypeCode.BOOL, value: false };
    return `invalid value ${raw}`;
  }
  return parseSmlNumber(raw);
}

/** `\"` → `"` and `\\` → `\` inside a quoted value; other backslashes stay (TDengine rule). */
function unescapeString(raw: string, start: number, end: number): string {
  const bs = raw.indexOf('\\', start);
  if (bs === -1 || bs >= end) return raw.slice(start, end);
  let out = '';
  let from = start;
  for (let i = bs; i < end - 1; i++) {
    if (raw.charCodeAt(i) !== 92) continue;
    const next = raw.charCodeAt(i + 1);
    if (next === 34 || next === 92) {
      out += raw.slice(from, i);
      from = i + 1;
      i++;
    }
  }
  return out + raw.slice(from, end);
}

function varbinary(text: string): SmlField | string {
  // `\x…` (either case) is hex, as TDengine's isHex/isValidateHex decide.
  if (text.length >= 2 && text.charCodeAt(0) === 92 && (text.charCodeAt(1) | 0x20) === 0x78) {
    const hex = text.slice(2);
    if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return `invalid varbinary hex value ${text}`;
    const out = new Uint8Array(hex.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
    return { type: TypeCode.VARBINARY, value: out };
  }
  return { type: TypeCode.VARBINARY, value: encodeUtf8(text) };
}

const FLT_MAX = 3.4028234663852886e38;
const INT_RANGES = new Map<string, [TypeCode, number, number]>([
  ['i8', [TypeCode.TINYINT, -128, 127]],
  ['i16', [TypeCode.SMALLINT, -32768, 32767]],
  ['i32', [TypeCode.INT, -2147483648, 2147483647]],
  ['u8', [TypeCode.UTINYINT, 0, 255]],
  ['u16', [TypeCode.USMALLINT, 0, 65535]],
  ['u32', [TypeCode.UINT, 0, 4294967295]],
]);
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;

/** A number with an optional type suffix; integer suffixes need an integer literal. */
export function parseSmlNumber(raw: string): SmlField | string {
  const n = raw.length;
  let i = 0;
  let c = raw.charCodeAt(0);
  if (c === 43 || c === 45) c = raw.charCodeAt(++i); // + -
  const digitsStart = i;
  while (c >= 48 && c <= 57) c = raw.charCodeAt(++i);
  let integer = true;
  let mantissaDigits = i - digitsStart;
  if (c === 46 /* . */) {
    integer = false;
    const f = ++i;
    c = raw.charCodeAt(i);
    while (c >= 48 && c <= 57) c = raw.charCodeAt(++i);
    mantissaDigits += i - f;
  }
  if (mantissaDigits === 0) return `invalid value ${raw}`;
  if ((c | 0x20) === 0x65 /* e */) {
    let j = i + 1;
    let d = raw.charCodeAt(j);
    if (d === 43 || d === 45) d = raw.charCodeAt(++j);
    const expStart = j;
    while (d >= 48 && d <= 57) d = raw.charCodeAt(++j);
    if (j > expStart) {
      integer = false;
      i = j;
    }
  }
  if (i === n) return { type: TypeCode.DOUBLE, value: Number(raw) };
  const num = raw.slice(0, i);
  const kind = suffixKind(raw, i);
  switch (kind) {
    case 'f64':
      return { type: TypeCode.DOUBLE, value: Number(num) };
    case 'f32': {
      const v = Number(num);
      if (Math.abs(v) > FLT_MAX) return `float value out of range ${raw}`;
      return { type: TypeCode.FLOAT, value: Math.fround(v) };
    }
    case undefined:
      return `invalid value ${raw}`;
  }
  if (!integer) return `invalid value ${raw}`;
  if (kind === 'i64' || kind === 'u64') {
    const v = BigInt(num);
    if (kind === 'i64' && (v < I64_MIN || v > I64_MAX)) return `big int out of range ${raw}`;
    if (kind === 'u64' && (v < 0n || v > U64_MAX)) return `unsigned big int out of range ${raw}`;
    return { type: kind === 'i64' ? TypeCode.BIGINT : TypeCode.UBIGINT, value: v };
  }
  const range = INT_RANGES.get(kind)!;
  const v = Number(num);
  if (v < range[1] || v > range[2]) return `value out of range ${raw}`;
  return { type: range[0], value: v };
}

type Suffix = 'f64' | 'f32' | 'i8' | 'i16' | 'i32' | 'i64' | 'u8' | 'u16' | 'u32' | 'u64';

/** The type suffix starting at `i`, read by char code (`i`/`u` alone mean 64-bit); any case. */
function suffixKind(raw: string, i: number): Suffix | undefined {
  const len = raw.length - i;
  const c = raw.charCodeAt(i) | 0x20;
  const isI = c === 0x69;
  if (!isI && c !== 0x75 /* u */ && c !== 0x66 /* f */) return undefined;
  if (len === 1) return c === 0x66 ? undefined : isI ? 'i64' : 'u64';
  const d1 = raw.charCodeAt(i + 1);
  if (len === 2) return d1 === 56 /* 8 */ && c !== 0x66 ? (isI ? 'i8' : 'u8') : undefined;
  if (len !== 3) return undefined;
  const d2 = raw.charCodeAt(i + 2);
  const bits = d1 === 54 && d2 === 52 ? 64 : d1 === 51 && d2 === 50 ? 32 : d1 === 49 && d2 === 54 ? 16 : 0;
  if (bits === 0 || (c === 0x66 && bits === 16)) return undefined;
  if (c === 0x66) return bits === 64 ? 'f64' : 'f32';
  if (isI) return bits === 64 ? 'i64' : bits === 32 ? 'i32' : 'i16';
  return bits === 64 ? 'u64' : bits === 32 ? 'u32' : 'u16';
}
