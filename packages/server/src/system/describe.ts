/** DESCRIBE and SHOW CREATE TABLE/STABLE text (sql.md §6.2–6.3). */
import { TypeCode } from '@taosts/protocol';
import type { ColumnSchema, TableSchema } from '@taosts/sql';
import { typeLabel, typeText } from '../catalog/column-defs.js';
import type { CatColumn, ChildEntry, NormalEntry, SuperEntry } from '../catalog/model.js';
import { column, rowsResult } from '../engine/results.js';
import type { QueryResult, Value } from '../engine/types.js';

/** Default ENCODE / COMPRESS per type in 3.3.x (sql.md §6.3); LEVEL defaults to medium. */
export function defaultCompression(type: TypeCode): readonly [string, string] {
  switch (type) {
    case TypeCode.TIMESTAMP:
    case TypeCode.BIGINT:
    case TypeCode.UBIGINT:
      return ['delta-i', 'lz4'];
    case TypeCode.INT:
    case TypeCode.UINT:
      return ['simple8b', 'lz4'];
    case TypeCode.TINYINT:
    case TypeCode.SMALLINT:
    case TypeCode.UTINYINT:
    case TypeCode.USMALLINT:
      return ['simple8b', 'zlib'];
    case TypeCode.FLOAT:
    case TypeCode.DOUBLE:
      return ['delta-d', 'lz4'];
    case TypeCode.BOOL:
      return ['bit-packing', 'zstd'];
    default:
      return ['disabled', 'zstd'];
  }
}

function compression(
  c: ColumnSchema & Partial<Pick<CatColumn, 'encode' | 'compress' | 'level'>>,
): [string, string, string] {
  const [enc, comp] = defaultCompression(c.type);
  return [c.encode ?? enc, c.compress ?? comp, c.level ?? 'medium'];
}

const DESCRIBE_COLUMNS = [
  column('field', TypeCode.VARCHAR, 64),
  column('type', TypeCode.VARCHAR, 20),
  column('length', TypeCode.INT),
  column('note', TypeCode.VARCHAR, 16),
  column('encode', TypeCode.VARCHAR, 8),
  column('compress', TypeCode.VARCHAR, 8),
  column('level', TypeCode.VARCHAR, 8),
];

export function describe(t: TableSchema): QueryResult {
  const rows: Value[][] = [];
  for (const c of t.columns) {
    const [enc, comp, level] = t.kind === 'system' ? ['', '', ''] : compression(c);
    rows.push([
      c.name,
      typeLabel(c),
      c.length,
      (c as CatColumn).primaryKey ? 'PRIMARY KEY' : '',
      enc,
      comp,
      level,
    ]);
  }
  for (const c of t.tags)
    rows.push([c.name, typeLabel(c), c.length, 'TAG', 'disabled', 'disabled', 'disabled']);
  return rowsResult(DESCRIBE_COLUMNS, rows);
}

function columnDdl(c: CatColumn, withCompression: boolean): string {
  const base = `\`${c.name}\` ${typeText(c)}`;
  if (!withCompression) return base;
  const [enc, comp, level] = compression(c);
  return `${base} ENCODE '${enc}' COMPRESS '${comp}' LEVEL '${level}'${c.primaryKey ? ' PRIMARY KEY' : ''}`;
}

function tableOptionsText(t: SuperEntry | NormalEntry): string {
  const parts: string[] = [];
  if (t.options.comment !== undefined) parts.push(`COMMENT '${t.options.comment.replace(/'/g, "\\'")}'`);
  if (t.kind === 'normal' && t.options.ttl !== undefined) parts.push(`TTL ${t.options.ttl}`);
  return parts.length ? ' ' + parts.join(' ') : '';
}

export function showCreateSuper(st: SuperEntry): string {
  return (
    `CREATE STABLE \`${st.name}\` (${st.columns.map((c) => columnDdl(c, true)).join(', ')}) ` +
    `TAGS (${st.tags.map((c) => columnDdl(c, false)).join(', ')})${tableOptionsText(st)}`
  );
}

export function showCreateNormal(t: NormalEntry): string {
  return `CREATE TABLE \`${t.name}\` (${t.columns.map((c) => columnDdl(c, true)).join(', ')})${tableOptionsText(t)}`;
}

/** A tag value as SHOW CREATE TABLE prints it: strings double-quoted, NULL, numbers. */
export function tagLiteral(v: Value, tag: CatColumn): string {
  if (v === null) return 'NULL';
  if (v instanceof Uint8Array) return `"\\x${Buffer.from(v).toString('hex').toUpperCase()}"`;
  if (typeof v === 'string') return tag.type === TypeCode.JSON ? `'${v}'` : `"${v.replace(/"/g, '\\"')}"`;
  return String(v);
}

export function showCreateChild(ch: ChildEntry, tagValues: readonly Value[]): string {
  const st = ch.stable;
  return (
    `CREATE TABLE \`${ch.name}\` USING \`${st.name}\` (${st.tags.map((t) => `\`${t.name}\``).join(', ')}) ` +
    `TAGS (${st.tags.map((t, i) => tagLiteral(tagValues[i] ?? null, t)).join(', ')})`
  );
}
