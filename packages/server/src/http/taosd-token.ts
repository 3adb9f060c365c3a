/**
 * `Taosd` tokens (protocol.md §2.2, taosAdapter `controller/rest/auth.go`): base64 of DES-ECB
 * (key 0x40B67A305673FD44, no padding) over user NUL-padded to 24 bytes ‖ password NUL-padded to
 * 24 bytes (or to `24 + len` rounded up to 8 when longer). OpenSSL 3 ships no single DES, but
 * two-key 3DES-EDE with K1 = K2 = K computes E_K(D_K(E_K(x))) = E_K(x), which is single DES.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

const KEY = Buffer.from('40b67a305673fd4440b67a305673fd44', 'hex');
const CIPHER = 'des-ede-ecb';

/** The token `GET /rest/login/{user}/{password}` hands out; throws when the user is over 24 bytes. */
export function encodeTaosdToken(user: string, password: string): string {
  const u = Buffer.from(user, 'utf8');
  const p = Buffer.from(password, 'utf8');
  if (u.length > 24) throw new RangeError('wrong user length');
  const total = p.length > 24 ? Math.ceil((24 + p.length) / 8) * 8 : 48;
  const plain = Buffer.alloc(total);
  u.copy(plain, 0);
  p.copy(plain, 24);
  const cipher = createCipheriv(CIPHER, KEY, null).setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/** Base64 as Go's `StdEncoding` accepts it: canonical alphabet, padded. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function untilNul(b: Buffer): string {
  const end = b.indexOf(0);
  return b.subarray(0, end < 0 ? b.length : end).toString('utf8');
}

/** User and password from a token, or undefined when it is not one. */
export function decodeTaosdToken(token: string): { user: string; password: string } | undefined {
  if (!BASE64.test(token)) return undefined;
  const data = Buffer.from(token, 'base64');
  if (data.length < 48 || data.length % 8 !== 0) return undefined;
  const decipher = createDecipheriv(CIPHER, KEY, null).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data), decipher.final()]);
  return { user: untilNul(plain.subarray(0, 24)), password: untilNul(plain.subarray(24)) };
}
