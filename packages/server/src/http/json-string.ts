/**
 * JSON string literals exactly as taosAdapter's jsonbuilder writes them (`tools/jsonbuilder/stream_str.go`):
 * only `"`, `\` and bytes < 0x20 are escaped; `\n`, `\r`, `\t` get short forms, every other control
 * character (including 0x08 and 0x0c, which `JSON.stringify` writes as `\b`/`\f`) is `\u00XX`.
 */

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;
const HEX = '0123456789abcdef';

/** `s` as a quoted JSON string literal. */
export function jsonString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue;
    if (start < i) out += s.slice(start, i);
    start = i + 1;
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += '\\\\';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      default:
        out += '\\u00' + HEX[c >> 4] + HEX[c & 0xf];
    }
  }
  if (start < s.length) out += s.slice(start);
  return out + '"';
}
