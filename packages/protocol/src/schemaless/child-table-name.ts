import { TypeCode, isVarType } from '../types.js';
import { md5Hex } from '../util/md5.js';
import { encodeUtf8, utf8Length } from '../util/utf8.js';
import type { SmlPoint, SmlTag } from './sml-types.js';

export interface ChildTableNameOptions {
  /**
   * Tag whose value names the child table (WS `table_name_key`, taos.cfg `smlChildTableName`);
   * that tag is then not stored as a tag. Case-sensitive.
   */
  readonly tableNameKey?: string;
  /** taos.cfg `smlAutoChildTableNameDelimiter`: join the tag values with it (ignored with `tableNameKey`). */
  readonly autoDelimiter?: string;
  /** taos.cfg `smlDot2Underline` (default true): `.` becomes `_` in generated names. */
  readonly dot2Underline?: boolean;
}

const MAX_NAME = 192;

/**
 * The child table a point goes to, by TDengine's rules (TDengine `smlParseTableName`,
 * `buildChildTableName`): `tableNameKey`'s value, else tag values joined by `autoDelimiter`,
 * else `t_` + MD5 of `stable,k1=v1,k2=v2…` with tags sorted case-insensitively by key. Returns
 * the tags to store (without the naming tag).
 *
 * @example smlChildTableName(point).name // 't_9bd0e1a1…'
 */
export function smlChildTableName(
  point: Pick<SmlPoint, 'measurement' | 'tags'>,
  opts: ChildTableNameOptions = {},
): { name: string; tags: Map<string, SmlTag> } {
  const dots = opts.dot2Underline ?? true;
  const fix = (s: string): string => (dots ? s.replaceAll('.', '_') : s);
  const tags = point.tags;
  if (opts.tableNameKey === undefined && opts.autoDelimiter) {
    const values = [...tags.values()].map(tagText);
    const total =
      values.reduce((n, v) => n + utf8Length(v), 0) + utf8Length(opts.autoDelimiter) * (values.length - 1);
    if (total <= MAX_NAME) return { name: fix(values.join(opts.autoDelimiter)), tags };
  }
  if (opts.tableNameKey !== undefined && opts.tableNameKey !== '') {
    const v = tags.get(opts.tableNameKey);
    if (v !== undefined) {
      const rest = new Map(tags);
      rest.delete(opts.tableNameKey);
      return { name: fix(truncateUtf8(tagText(v), MAX_NAME)), tags: rest };
    }
  }
  return { name: 't_' + md5Hex(nameSource(fix(point.measurement), tags)), tags };
}

/** `stable,k1=v1,…` as bytes, tags sorted like TDengine's `compareKv`. */
function nameSource(stable: string, tags: Map<string, SmlTag>): Uint8Array {
  const entries = [...tags].map(([k, v]) => ({ key: encodeUtf8(k), value: tagBytes(v) }));
  entries.sort((a, b) => compareKeys(a.key, b.key));
  const parts: Uint8Array[] = [encodeUtf8(stable)];
  for (const e of entries) parts.push(COMMA, e.key, EQUAL, e.value);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const COMMA = new Uint8Array([44]);
const EQUAL = new Uint8Array([61]);

/** `strncasecmp` over the shorter key, then the shorter key first. */
function compareKeys(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = lower(a[i]);
    const y = lower(b[i]);
    if (x !== y) return x - y;
  }
  return a.length - b.length;
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function tagText(v: SmlTag): string {
  if (typeof v === 'string') return v;
  return typeof v.value === 'string'
    ? v.value
    : v.value instanceof Uint8Array
      ? new TextDecoder().decode(v.value)
      : String(v.value);
}

/** Var tags hash their bytes; fixed-width tags hash their little-endian value bytes. */
function tagBytes(v: SmlTag): Uint8Array {
  if (typeof v === 'string') return encodeUtf8(v);
  if (isVarType(v.type)) return typeof v.value === 'string' ? encodeUtf8(v.value) : (v.value as Uint8Array);
  const dv = new DataView(new ArrayBuffer(8));
  const x = v.value;
  switch (v.type) {
    case TypeCode.BOOL:
      dv.setUint8(0, x ? 1 : 0);
      return new Uint8Array(dv.buffer, 0, 1);
    case TypeCode.TINYINT:
    case TypeCode.UTINYINT:
      dv.setUint8(0, Number(x) & 0xff);
      return new Uint8Array(dv.buffer, 0, 1);
    case TypeCode.SMALLINT:
    case TypeCode.USMALLINT:
      dv.setUint16(0, Number(x) & 0xffff, true);
      return new Uint8Array(dv.buffer, 0, 2);
    case TypeCode.INT:
    case TypeCode.UINT:
      dv.setUint32(0, Number(x) >>> 0, true);
      return new Uint8Array(dv.buffer, 0, 4);
    case TypeCode.FLOAT:
      dv.setFloat32(0, Number(x), true);
      return new Uint8Array(dv.buffer, 0, 4);
    case TypeCode.DOUBLE:
      dv.setFloat64(0, Number(x), true);
      return new Uint8Array(dv.buffer);
    default:
      dv.setBigUint64(0, BigInt.asUintN(64, BigInt(x as bigint)), true);
      return new Uint8Array(dv.buffer);
  }
}

function truncateUtf8(s: string, max: number): string {
  if (utf8Length(s) <= max) return s;
  const bytes = encodeUtf8(s).subarray(0, max);
  return new TextDecoder().decode(bytes).replace(/\uFFFD$/, '');
}
