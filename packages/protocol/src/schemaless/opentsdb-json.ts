import { Code, TaosError } from '../errors.js';
import { TypeCode } from '../types.js';
import { encodeUtf8, utf8Length } from '../util/utf8.js';
import { NS_PER, SML_VALUE_COLUMN, defaultNow } from './sml-types.js';
import type { SmlField, SmlOptions, SmlPoint, SmlPrecision, SmlTag } from './sml-types.js';

/**
 * Parse OpenTSDB JSON points — one object or an array — `{metric, timestamp, value, tags}`
 * (protocol.md §7.2). Timestamps: a number (10 digits s, 13 ms, 0 now) or `{value, type:
 * s|ms|us|ns}`. Values and tags: bool → BOOL, number → DOUBLE, string → VARCHAR, or
 * `{value, type}` with TDengine's type names (`i8`/`tinyint` … `f64`/`double`, `binary`,
 * `varbinary`, `nchar`, `bool`). Errors are `TaosError(SML_INVALID_DATA)` naming the point.
 *
 * @example parseOpenTsdbJson('{"metric":"sys.cpu","timestamp":1648432611,"value":18,"tags":{"host":"web01"}}')
 */
export function parseOpenTsdbJson(input: string | unknown, opts: SmlOptions = {}): SmlPoint[] {
  const now = opts.now ?? defaultNow;
  let doc = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (e) {
      throw new TaosError(Code.SML_INVALID_DATA, `invalid JSON: ${(e as Error).message}`);
    }
  }
  const items = Array.isArray(doc) ? doc : [doc];
  return items.map((item, i) => parsePoint(item, i + 1, now));
}

function parsePoint(item: unknown, n: number, now: () => bigint): SmlPoint {
  const fail = (msg: string): never => {
    throw new TaosError(Code.SML_INVALID_DATA, `point ${n}: ${msg}`);
  };
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return fail('not a JSON object');
  // TDengine looks the four keys up case-insensitively.
  const get = (name: string): unknown => {
    for (const [k, v] of Object.entries(item)) if (k.toLowerCase() === name) return v;
    return fail(`missing "${name}"`);
  };
  const metric = get('metric');
  if (typeof metric !== 'string' || metric.length === 0 || utf8Length(metric) > 192) {
    fail('metric is empty, not a string or too large than 192');
  }
  const { ts, precision } = jsonTimestamp(get('timestamp'), now, fail);
  const value = jsonValue(get('value'), fail);
  const tagsObj = get('tags');
  if (typeof tagsObj !== 'object' || tagsObj === null || Array.isArray(tagsObj))
    return fail('tags is not an object');
  const entries = Object.entries(tagsObj);
  if (entries.length === 0) fail('tags should not be empty');
  const tags = new Map<string, SmlTag>();
  for (const [k, v] of entries) {
    if (k.length === 0 || utf8Length(k) > 64) fail('tag key length is 0 or too large than 64');
    tags.set(k, jsonValue(v, fail));
  }
  return {
    measurement: metric as string,
    tags,
    fields: new Map([[SML_VALUE_COLUMN, value]]),
    ts,
    tsPrecision: precision,
  };
}

const TS_TYPES: Record<string, SmlPrecision> = { s: 's', ms: 'ms', us: 'u', ns: 'ns' };

function jsonTimestamp(
  v: unknown,
  now: () => bigint,
  fail: (m: string) => never,
): { ts: bigint; precision: SmlPrecision } {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0 || v >= 2 ** 63) fail(`invalid timestamp ${v}`);
    if (v === 0) return { ts: now(), precision: 'ns' };
    const digits = String(Math.trunc(v)).length;
    if (digits === 10) return { ts: BigInt(Math.trunc(v)) * NS_PER.s, precision: 's' };
    if (digits === 13) return { ts: BigInt(Math.trunc(v)) * NS_PER.ms, precision: 'ms' };
    return fail('timestamp precision can only be seconds(10 digits) or milli seconds(13 digits)');
  }
  if (typeof v === 'object' && v !== null && Object.keys(v).length === 2) {
    const o = v as { value?: unknown; type?: unknown };
    const p = typeof o.type === 'string' ? TS_TYPES[o.type.toLowerCase()] : undefined;
    if (typeof o.value === 'number' && Number.isFinite(o.value) && o.value >= 0 && p !== undefined) {
      return o.value === 0
        ? { ts: now(), precision: 'ns' }
        : { ts: BigInt(Math.trunc(o.value)) * NS_PER[p], precision: p };
    }
  }
  return fail('invalid timestamp');
}

const NUMBER_TYPES: Record<string, [TypeCode, number]> = {
  i8: [TypeCode.TINYINT, 127],
  tinyint: [TypeCode.TINYINT, 127],
  i16: [TypeCode.SMALLINT, 32767],
  smallint: [TypeCode.SMALLINT, 32767],
  i32: [TypeCode.INT, 2147483647],
  int: [TypeCode.INT, 2147483647],
  i64: [TypeCode.BIGINT, 0],
  bigint: [TypeCode.BIGINT, 0],
  f32: [TypeCode.FLOAT, 0],
  float: [TypeCode.FLOAT, 0],
  f64: [TypeCode.DOUBLE, 0],
  double: [TypeCode.DOUBLE, 0],
};
const I64_MAX = 2n ** 63n - 1n;

function jsonValue(v: unknown, fail: (m: string) => never): SmlField {
  if (typeof v === 'boolean') return { type: TypeCode.BOOL, value: v };
  if (typeof v === 'number' && Number.isFinite(v)) return { type: TypeCode.DOUBLE, value: v };
  if (typeof v === 'string') return { type: TypeCode.VARCHAR, value: v };
  if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.keys(v).length !== 2)
    return fail(`invalid value ${JSON.stringify(v)}`);
  const { value, type } = v as { value?: unknown; type?: unknown };
  if (typeof type !== 'string') return fail('value type is not a string');
  const t = type.toLowerCase();
  if (typeof value === 'boolean') {
    if (t !== 'bool') fail(`invalid type(${type}) for JSON Bool`);
    return { type: TypeCode.BOOL, value };
  }
  if (typeof value === 'string') {
    if (t === 'binary') return { type: TypeCode.VARCHAR, value };
    if (t === 'nchar') return { type: TypeCode.NCHAR, value };
    if (t === 'varbinary') return { type: TypeCode.VARBINARY, value: encodeUtf8(value) };
    return fail(`invalid type(${type}) for JSON String`);
  }
  if (typeof value !== 'number' || !Number.isFinite(value))
    return fail(`invalid value ${JSON.stringify(value)}`);
  const spec = Object.hasOwn(NUMBER_TYPES, t)
    ? NUMBER_TYPES[t]
    : fail(`invalid type(${type}) for JSON Number`);
  const [code, max] = spec;
  if (code === TypeCode.DOUBLE) return { type: code, value };
  if (code === TypeCode.FLOAT) {
    if (Math.abs(value) > 3.4028234663852886e38) fail(`JSON value(${value}) cannot fit in type(float)`);
    return { type: code, value: Math.fround(value) };
  }
  const int = Math.trunc(value);
  if (code === TypeCode.BIGINT) {
    // TDengine clamps to the int64 range.
    const b = BigInt(int);
    return { type: code, value: b > I64_MAX ? I64_MAX : b < -I64_MAX - 1n ? -I64_MAX - 1n : b };
  }
  if (int > max || int < -max - 1) fail(`JSON value(${value}) cannot fit in type(${t})`);
  return { type: code, value: int };
}
