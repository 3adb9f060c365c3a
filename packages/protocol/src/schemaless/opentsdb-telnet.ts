import { Code } from '../errors.js';
import { utf8Length } from '../util/utf8.js';
import { SML_VALUE_COLUMN, defaultNow, smlError } from './sml-types.js';
import type { SmlOptions, SmlPoint, SmlPrecision, SmlTag } from './sml-types.js';
import { parseSmlValue } from './sml-value.js';

/**
 * Parse OpenTSDB telnet lines `[put ]metric timestamp value tagk=tagv …` (protocol.md §7.2,
 * §7.4). The timestamp is seconds (10 digits) or milliseconds (13 digits), `0` means now; the
 * value is typed like a line-protocol field (plain numbers are DOUBLE) into `_value`; tags are
 * NCHAR. Blank lines are skipped. Throws `TaosError(SML_INVALID_DATA)` naming the line.
 *
 * @example parseOpenTsdbTelnet('meters.current 1648432611 10.3 location=SF groupid=2')
 */
export function parseOpenTsdbTelnet(text: string, opts: SmlOptions = {}): SmlPoint[] {
  const now = opts.now ?? defaultNow;
  const out: SmlPoint[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    let l = lines[n];
    if (l.endsWith('\r')) l = l.slice(0, -1);
    const words = l.split(' ').filter((w) => w.length > 0);
    if (words.length === 0) continue;
    if (words[0] === 'put') words.shift();
    out.push(parseTelnetWords(words, n + 1, now));
  }
  return out;
}

function parseTelnetWords(words: string[], line: number, now: () => bigint): SmlPoint {
  const fail = (msg: string, code?: number): never => {
    throw smlError(line, msg, code);
  };
  if (words.length < 3) fail(`expected 'metric timestamp value tag=v …', got ${words.length} items`);
  const [measurement, tsText, valueText] = words;
  if (utf8Length(measurement) > 192) fail('metric is empty or too large than 192');
  const { ts, precision } =
    telnetTimestamp(tsText, now) ??
    fail(`timestamp precision can only be seconds(10 digits) or milli seconds(13 digits): ${tsText}`);
  const value = parseSmlValue(valueText);
  if (typeof value === 'string') fail(value);
  const tags = new Map<string, SmlTag>();
  for (let i = 3; i < words.length; i++) {
    const w = words[i];
    const eq = w.indexOf('=');
    if (eq <= 0) fail(`invalid tag ${w}`);
    const key = w.slice(0, eq);
    const val = w.slice(eq + 1);
    if (utf8Length(key) > 64) fail('invalid key or key is too long than 64');
    if (val.length === 0 || val.includes('=')) fail(`invalid tag value ${w}`);
    if (tags.has(key)) fail(`duplicated tag ${key}`, Code.DUPLICATED_COLUMN);
    tags.set(key, val);
  }
  return {
    measurement,
    tags,
    fields: new Map([[SML_VALUE_COLUMN, value as Exclude<typeof value, string>]]),
    ts,
    tsPrecision: precision,
  };
}

/** OpenTSDB timestamps: 10 digits = s, 13 digits = ms, `0` = now (TDengine `smlParseOpenTsdbTime`). */
export function telnetTimestamp(
  t: string,
  now: () => bigint,
): { ts: bigint; precision: SmlPrecision } | null {
  if (t === '0') return { ts: now(), precision: 'ns' };
  if ((t.length !== 10 && t.length !== 13) || !/^\d+$/.test(t)) return null;
  return t.length === 10
    ? { ts: BigInt(t) * 1_000_000_000n, precision: 's' }
    : { ts: BigInt(t) * 1_000_000n, precision: 'ms' };
}
