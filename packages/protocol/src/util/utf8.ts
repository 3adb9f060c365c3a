/**
 * UTF-8 helpers tuned for the short strings that fill TDengine blocks (tag values, device names).
 * Pure: `TextEncoder`/`TextDecoder` only, so the package runs wherever they exist.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** Exact UTF-8 byte length of `s` (lone surrogates count 3, as `TextEncoder` writes U+FFFD). */
export function utf8Length(s: string): number {
  const n = s.length;
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 2; // surrogate pair: 2 units → 4 bytes
        i++;
      } else bytes += 2;
    } else bytes += 2;
  }
  return bytes;
}

/**
 * Write `s` as UTF-8 at `out[pos]`; returns the number of bytes written. The caller guarantees
 * `out.length - pos >= 3 * s.length` (the UTF-8 worst case per UTF-16 unit).
 */
export function writeUtf8(s: string, out: Uint8Array, pos: number): number {
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) break;
    out[pos + i] = c;
  }
  if (i === n) return n;
  const r = encoder.encodeInto(s.substring(i), out.subarray(pos + i));
  return i + r.written;
}

/** UTF-8 bytes of `s` as a new array. */
export function encodeUtf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Decode `bytes[start, end)` as UTF-8 (invalid sequences become U+FFFD, as TextDecoder does). */
export function readUtf8(bytes: Uint8Array, start: number, end: number): string {
  // Measured: a TextDecoder call beats JS char loops even for 16-byte strings.
  return decoder.decode(bytes.subarray(start, end));
}

/**
 * Decode a whole area at once. When the result has one UTF-16 unit per byte (ASCII, the common
 * case) every entry can then be cut out with `substring` at its byte offsets, which is several
 * times faster than decoding entries one by one. Returns null when that 1:1 mapping does not hold.
 */
export function decodeAreaOneToOne(bytes: Uint8Array): string | null {
  const s = decoder.decode(bytes);
  // UTF-8 never yields more units than bytes; equal length means every byte became one unit
  // (ASCII, or a lone invalid byte that per-entry decoding would also turn into U+FFFD).
  return s.length === bytes.length ? s : null;
}
