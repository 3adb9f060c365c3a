import { Code, TaosError } from '../errors.js';
import { JsonScanner, scanJson } from '../util/json-scanner.js';

/**
 * Big-int-safe JSON for WS messages (protocol.md §4.2: `req_id`, `id`, `stmt_id`, `message_id`
 * are uint64). Integers outside ±2^53 decode as `bigint`, everything else as `JSON.parse` would;
 * `bigint` encodes as bare digits.
 *
 * @example parseWsJson('{"req_id":18446744073709551615}') // { req_id: 18446744073709551615n }
 */
export function parseWsJson(text: string): unknown {
  // Fast path: no run of 16+ digits outside strings means no integer can exceed 2^53.
  if (!hasLongNumber(text)) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new TaosError(Code.ADAPTER_GENERIC, `invalid JSON: ${(e as Error).message}`);
    }
  }
  return scanJson(new JsonScanner(text));
}

/**
 * JSON text for a WS message; `bigint` becomes bare digits, `undefined` members are omitted, and
 * non-finite numbers become `null` (as `JSON.stringify` does).
 *
 * @example stringifyWsJson({ action: 'fetch', args: { req_id: 2n ** 64n - 1n, id: 1 } })
 */
export function stringifyWsJson(value: unknown): string {
  return JSON.stringify(value, bigintReplacer)?.replace(BIGINT_MARK_RE, '$1') ?? 'null';
}

/**
 * True when a run of 16+ digits occurs outside string literals. One pass without a regex:
 * WS messages carry megabytes of schemaless text whose digits (ns timestamps) are in strings.
 */
function hasLongNumber(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++run >= 16) return true;
      continue;
    }
    run = 0;
    if (c === 34) {
      // Skip the string with indexOf; a quote after an odd run of backslashes is escaped.
      for (;;) {
        const q = text.indexOf('"', i + 1);
        if (q < 0) return false;
        let bs = 0;
        while (text.charCodeAt(q - 1 - bs) === 92) bs++;
        i = q;
        if ((bs & 1) === 0) break;
      }
    }
  }
  return false;
}
// Marks bigint values in JSON.stringify's output. A real string can only produce this text if it
// starts with U+0000 followed by the mark, which `bigintReplacer` refuses (values and keys).
const MARK = '\u0000bigint:';
const BIGINT_MARK_RE = /"\\u0000bigint:(-?\d+)"/g;

function bigintReplacer(key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return MARK + v.toString();
  if ((typeof v === 'string' && v.startsWith(MARK)) || key.startsWith(MARK)) {
    throw new TaosError(Code.INVALID_PARA, 'string value collides with the bigint marker');
  }
  return v;
}
