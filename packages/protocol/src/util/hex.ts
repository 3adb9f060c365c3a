import { Code, TaosError } from '../errors.js';

const HEX = '0123456789abcdef';

/** Lowercase hex of bytes (how REST renders VARBINARY/GEOMETRY/BLOB). @example toHex(new Uint8Array([0xab])) // 'ab' */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i] >>> 4] + HEX[bytes[i] & 15];
  return s;
}

/**
 * Bytes from hex text; whitespace and `|` separators are ignored (so fixtures can be laid out
 * like protocol.md's tables). @example fromHex('01 00 | ff') // Uint8Array [1, 0, 255]
 */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/[\s|]+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) {
    throw new TaosError(Code.INVALID_PARA, `invalid hex string '${text.slice(0, 40)}'`);
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(2 * i, 2), 16);
  return out;
}
