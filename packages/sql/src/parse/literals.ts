/** Literal node construction shared by the expression and INSERT parsers. */
import type { DurationLit, DurationUnit, NullLit } from '../ast/index.js';

/** The one NULL node; INSERT rows full of NULLs share it. */
export const NULL_LIT: NullLit = Object.freeze({ kind: 'Null' });

/**
 * The value of a quoted string token `sql[start, end)` (quotes included), following TDengine's
 * `trimString` (parUtil.c): a doubled quote is one quote; `\n \r \t \\ \' \"` are escapes;
 * `\%`, `\_` and `\x` keep their backslash (LIKE escapes, VARBINARY hex); any other `\c` is `c`.
 */
export function stringValue(sql: string, start: number, end: number): string {
  const body = sql.slice(start + 1, end - 1);
  const quote = sql.charCodeAt(start);
  if (body.indexOf('\\') < 0 && body.indexOf(quote === 39 ? "'" : '"') < 0) return body;
  let out = '';
  for (let k = 0; k < body.length; k++) {
    const c = body.charCodeAt(k);
    if (c === quote && body.charCodeAt(k + 1) === quote) {
      out += body[k];
      k++;
    } else if (c === 92 && k + 1 < body.length) {
      const n = body[++k];
      switch (n) {
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case '%':
        case '_':
        case 'x':
          out += '\\' + n;
          break;
        default:
          out += n;
      }
    } else {
      out += body[k];
    }
  }
  return out;
}

/** `10s` → DurationLit (text lower-cased like the rest of TDengine's SQL). */
export function durationLit(text: string): DurationLit {
  const lower = text.toLowerCase();
  const unit = lower[lower.length - 1] as DurationUnit;
  return { kind: 'Duration', value: BigInt(lower.slice(0, -1)), unit, text: lower };
}

/** Whether `text` is digits followed by one duration unit letter. */
export function isDurationText(text: string): boolean {
  return /^\d+[buasmhdwny]$/i.test(text);
}
