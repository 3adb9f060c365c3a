/**
 * FROM-clause resolution: which relation a query reads and how each column, tag and
 * pseudo-column of it is spelled in DuckDB (storage layout in schema.ts).
 */
import { Code, TypeCode, type Precision } from '@taosts/protocol';
import type { FromItem, TableName } from '../ast/index.js';
import type { ResultColumn, TableSchema } from '../schema.js';
import { fail, unsupported } from './errors.js';
import { quoteIdent, quoteString } from './literal.js';
import type { TType } from './sql-type.js';
import type { TranslateContext } from './types.js';

export interface Typed {
  readonly sql: string;
  readonly type: TType;
}

/** A column `*` expands to: its display name and how to reference it. */
export interface StarColumn {
  readonly name: string;
  readonly isTag: boolean;
  /** The qualifier that picks this column in a join (join.ts). */
  readonly qualifier?: string;
}

export type SourceKind = 'super' | 'child' | 'normal' | 'system' | 'subquery' | 'join' | 'none';

/** The relation a SELECT reads. Mutable only in `usesTags`, set while expressions resolve. */
export interface Source {
  readonly kind: SourceKind;
  readonly precision: Precision;
  readonly table?: TableSchema;
  /** Names usable as `q.col` qualifiers (table name and alias). */
  readonly qualifiers: readonly string[];
  /** Primary timestamp (undefined for system tables and subqueries without a TIMESTAMP column). */
  readonly ts?: Typed;
  /** Row order inside one table: `d.tid` for super tables. */
  readonly tid?: string;
  /** Ordinal of a subquery's rows (its own result order). */
  readonly ordinal?: string;
  readonly systemTables: readonly string[];
  /**
   * Resolve a column, tag or `tbname`; undefined when the name is unknown. `qualifier` (already
   * checked by `checkQualifier`) matters only for joins.
   */
  column(name: string, qualifier?: string): Typed | undefined;
  /** `*` columns: data columns, then tags on a super table (sql.md §4.2); `q.*` in a join. */
  star(withTags: boolean, qualifier?: string): readonly StarColumn[];
  /** A join whose timeline may repeat a timestamp (time-series functions check it like super tables). */
  readonly duplicateTs?: boolean;
  /** Default row order when it is not ts/tid/ordinal based (joins). */
  readonly rowOrder?: readonly string[];
  /** Alias of the row relation (`d`, `s`): derived columns are `<alias>.__w`, `<alias>.__p0`…. */
  readonly alias: string;
  /**
   * The FROM clause body; tags are joined only when a tag or tbname was resolved. With `derive`,
   * the filtered rows (WHERE moves inside; `where` is emptied) get extra columns computed over
   * them — window ids, SLIDING window starts.
   */
  from(where: string[], derive?: Derive): string;
  /** True when only the tag relation is read (SELECT TAGS, DISTINCT over tags). */
  readonly tagsOnly: boolean;
  /**
   * Normal and child tables: true while `from` (without `derive`) reads one table's rows alone,
   * with no tag join — its result order is then the storage order of those rows.
   */
  plainScan?(): boolean;
}

/**
 * A derived row relation: `base` = `SELECT <alias>.*, <columns> FROM <source> WHERE <where>`;
 * `wrap(base)` is a query over `(base) AS <alias>` returning the same columns plus `__w`.
 */
export interface Derive {
  readonly columns: readonly string[];
  wrap(base: string): string;
}

export function derived(alias: string, from: string, where: string[], derive: Derive): string {
  const cols = [`${alias}.*`, ...derive.columns].join(', ');
  const base = `SELECT ${cols} FROM ${from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
  where.length = 0;
  return `(${derive.wrap(base)}) AS ${alias}`;
}

export const TBNAME_TYPE: TType = { code: TypeCode.VARCHAR, length: 192 };

export const colType = (c: {
  type: TypeCode;
  length: number;
  precision?: number;
  scale?: number;
}): TType => ({
  code: c.type,
  length: c.length,
  precision: c.precision,
  scale: c.scale,
});

/** Look a table up by TDengine name rules (current db, DB_NOT_EXIST, TABLE_NOT_EXIST). */
export function lookupTable(name: TableName, ctx: TranslateContext): TableSchema {
  const db = name.db ?? ctx.db;
  if (db === undefined) fail(Code.DB_NOT_SPECIFIED);
  if (!ctx.schema.database(db)) fail(Code.DB_NOT_EXIST);
  const table = ctx.schema.table(db, name.name);
  if (!table) fail(Code.TABLE_NOT_EXIST, name.name);
  return table;
}

export function precisionOf(table: TableSchema, ctx: TranslateContext): Precision {
  return ctx.schema.database(table.db)?.precision ?? 'ms';
}

/** Source over a catalog table; `tagsOnly` reads just the tag relation (one row per child table). */
export function tableSource(
  table: TableSchema,
  alias: string | undefined,
  ctx: TranslateContext,
  tagsOnly = false,
): Source {
  const precision = precisionOf(table, ctx);
  const qualifiers = alias ? [alias, table.name] : [table.name];
  const tagged = table.kind === 'super' || table.kind === 'child';
  let usesTags = tagsOnly;
  const data = (phys: string): string => {
    if (tagsOnly) fail(Code.INVALID_COLUMN, 'only tags and tbname can be selected here');
    return `d.${phys}`;
  };
  const column = (name: string): Typed | undefined => {
    const c = table.columns.find((x) => x.name === name);
    if (c) return { sql: table.kind === 'system' ? `d.${c.phys}` : data(c.phys), type: colType(c) };
    if (tagged) {
      const t = table.tags.find((x) => x.name === name);
      if (t) {
        usesTags = true;
        return { sql: `g.${t.phys}`, type: colType(t) };
      }
    }
    if (name === 'tbname' && table.kind !== 'system') {
      if (tagged) {
        usesTags = true;
        return { sql: 'g.tbname', type: TBNAME_TYPE };
      }
      return { sql: quoteString(table.name), type: TBNAME_TYPE };
    }
    return undefined;
  };
  const tsCol = table.kind === 'system' || tagsOnly ? undefined : table.columns[0];
  return {
    kind: table.kind,
    precision,
    table,
    qualifiers,
    ts: tsCol ? { sql: `d.${tsCol.phys}`, type: { code: TypeCode.TIMESTAMP, length: 8 } } : undefined,
    tid: tagged ? (tagsOnly ? 'g.tid' : 'd.tid') : undefined,
    systemTables: table.kind === 'system' ? [`${table.db}.${table.name}`] : [],
    tagsOnly,
    column,
    star: (withTags) => [
      ...table.columns.map((c) => ({ name: c.name, isTag: false })),
      ...(withTags && table.kind === 'super' ? table.tags.map((t) => ({ name: t.name, isTag: true })) : []),
    ],
    alias: tagsOnly ? 'g' : 'd',
    plainScan: () => !tagsOnly && !usesTags && (table.kind === 'normal' || table.kind === 'child'),
    from(where, derive) {
      if (tagsOnly) {
        if (table.kind === 'child') where.unshift(`g.tid = ${table.tid}`);
        return `${table.tagRelation} AS g`;
      }
      if (table.kind === 'child') where.unshift(`d.tid = ${table.tid}`);
      const join = tagged && usesTags ? ` JOIN ${table.tagRelation} AS g ON g.tid = d.tid` : '';
      const data = `${table.dataRelation} AS d`;
      return derive ? `${derived('d', data + join, where, derive)}${join}` : data + join;
    },
  };
}

/** Source over a translated subquery whose result columns are `c0…cN` plus `__ord`. */
export function subquerySource(
  sql: string,
  columns: readonly ResultColumn[],
  precision: Precision,
  alias: string | undefined,
  systemTables: readonly string[],
): Source {
  const typed = columns.map((c, k): Typed => ({ sql: `s.${quoteIdent(`c${k}`)}`, type: colType(c) }));
  const tsIdx = columns.findIndex((c) => c.type === TypeCode.TIMESTAMP);
  return {
    kind: 'subquery',
    precision,
    qualifiers: alias ? [alias] : [],
    ts: tsIdx >= 0 ? typed[tsIdx] : undefined,
    ordinal: 's.__ord',
    systemTables,
    tagsOnly: false,
    column: (name) => {
      const k = columns.findIndex((c) => c.name === name);
      return k >= 0 ? typed[k] : undefined;
    },
    star: () => columns.map((c) => ({ name: c.name, isTag: false })),
    alias: 's',
    from: (where, derive) => (derive ? derived('s', `(${sql}) AS s`, where, derive) : `(${sql}) AS s`),
  };
}

/** `SELECT` without FROM. */
export function emptySource(precision: Precision = 'ms'): Source {
  return {
    kind: 'none',
    precision,
    qualifiers: [],
    systemTables: [],
    tagsOnly: false,
    column: () => undefined,
    star: () => [],
    alias: '',
    from: () => '',
  };
}

export function checkQualifier(src: Source, qualifier: string | undefined, db?: string): void {
  if (qualifier === undefined) return;
  if (!src.qualifiers.includes(qualifier)) fail(Code.TABLE_NOT_EXIST, qualifier);
  if (db !== undefined && src.table && src.table.db !== db) fail(Code.TABLE_NOT_EXIST, `${db}.${qualifier}`);
}

export function rejectJoin(from: FromItem): void {
  if (from.kind === 'Join') unsupported('JOIN');
}
