/**
 * Decoding the `Authorization` header as taosAdapter's `CheckAuth` does (protocol.md §2.2).
 * Decoding only: whether the credentials are right is the engine's call, made per request.
 */
import { Code } from '@taosts/protocol';
import { decodeTaosdToken } from './taosd-token.js';

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

/** An HTTP-level auth failure: 401 with one of TDengine's 0x11xx codes. */
export interface AuthFailure {
  readonly code: number;
  readonly desc: string;
}

const NO_AUTH: AuthFailure = { code: Code.HTTP_NO_AUTH_INFO, desc: 'no auth info input' };
const BAD_TYPE: AuthFailure = { code: Code.HTTP_INVALID_AUTH_TYPE, desc: 'invalid type of Authorization' };
const BAD_BASIC: AuthFailure = { code: Code.HTTP_INVALID_BASIC_AUTH, desc: 'invalid basic Authorization' };
const BAD_TAOSD: AuthFailure = { code: Code.HTTP_INVALID_TAOSD_AUTH, desc: 'invalid taosd Authorization' };

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBasic(value: string): Credentials | AuthFailure {
  if (!BASE64.test(value)) return BAD_BASIC;
  const text = Buffer.from(value, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return BAD_BASIC;
  const user = text.slice(0, colon);
  const password = text.slice(colon + 1);
  if (user.length === 0 || password.length === 0) return BAD_BASIC;
  return { user, password };
}

/**
 * Credentials from an `Authorization` header value, or the failure taosAdapter reports. `Basic`
 * splits at the first `:`; `Taosd` is a `/rest/login` token. (`Bearer` user tokens, 3.4.0.0+,
 * are not supported and answer like an unknown type.)
 */
export function parseAuthorization(header: string | undefined): Credentials | AuthFailure {
  if (header === undefined || header.length === 0) return NO_AUTH;
  const auth = header.trim();
  if (auth.startsWith('Basic') && auth.length > 6) return decodeBasic(auth.slice(6));
  if (auth.startsWith('Taosd') && auth.length > 6) {
    const creds = decodeTaosdToken(auth.slice(6));
    if (!creds || creds.user.length === 0 || creds.password.length === 0) return BAD_TAOSD;
    return creds;
  }
  return BAD_TYPE;
}

export function isAuthFailure(x: Credentials | AuthFailure): x is AuthFailure {
  return 'code' in x;
}
