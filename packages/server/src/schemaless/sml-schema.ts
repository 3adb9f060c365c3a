/**
 * What a schemaless batch needs from the catalog (protocol.md §7.2, TDengine `clientSml.c`):
 * the columns and tags of each super table with their types and widths, checked against each
 * other within the batch, then against the existing super table — giving the DDL to run
 * (CREATE STABLE, ADD COLUMN/TAG, MODIFY to a wider string) or TDengine's error.
 */
import { Code, TaosError, TypeCode, isVarType, utf8Length } from '@taosts/protocol';
import type { SmlField, SmlPoint, SmlTag } from '@taosts/protocol';
import type { ColumnDef, ColumnSchema, Statement, TableSchema } from '@taosts/sql';

/** `_tag_null`: the tag TDengine gives a super table whose points carry no tags (`smlTagName`). */
export const NULL_TAG = '_tag_null';
/** TSDB_CODE_TSC_INVALID_VALUE: a field or tag whose type differs from the existing column. */
const INVALID_VALUE = 0x0203;

export interface SmlColumn {
  readonly name: string;
  readonly type: TypeCode;
  /** Longest value: bytes (VARCHAR, VARBINARY, GEOMETRY as WKB) or characters (NCHAR). */
  length: number;
}

/** The schema one super table's points need, in order of first appearance. */
export interface SmlStableNeeds {
  readonly name: string;
  readonly columns: Map<string, SmlColumn>;
  readonly tags: Map<string, SmlColumn>;
}

/** TDengine's width for a new or widened string column: next power of two above the length. */
export function smlWidth(type: TypeCode, length: number): number {
  let w = 1;
  if (length >= 1024) w = length;
  else while (w <= length) w <<= 1;
  const max = type === TypeCode.NCHAR ? 16379 : 65517;
  return Math.min(w, max);
}

/** Characters for NCHAR, bytes otherwise. */
export function valueLength(type: TypeCode, v: unknown): number {
  if (typeof v === 'string') return type === TypeCode.NCHAR ? [...v].length : utf8Length(v);
  if (v instanceof Uint8Array) return v.length;
  return 0;
}

/** A tag as typed: plain strings (line protocol, telnet) and JSON strings are NCHAR. */
export function tagField(t: SmlTag): SmlField {
  if (typeof t === 'string') return { type: TypeCode.NCHAR, value: t };
  return t.type === TypeCode.VARCHAR ? { type: TypeCode.NCHAR, value: t.value } : t;
}

function note(map: Map<string, SmlColumn>, name: string, f: SmlField, length: number): void {
  const c = map.get(name);
  if (!c) map.set(name, { name, type: f.type, length });
  else if (c.type !== f.type)
    throw new TaosError(Code.SML_NOT_SAME_TYPE, `Not the same type like before: ${name}`);
  else if (length > c.length) c.length = length;
}

/** Collect a child table's tags into its super table's needs. */
export function addTagNeeds(needs: SmlStableNeeds, tags: ReadonlyMap<string, SmlTag>): void {
  for (const [k, t] of tags) {
    const f = tagField(t);
    note(needs.tags, k, f, valueLength(f.type, f.value));
  }
}

/**
 * Collect one point's fields into its super table's needs. `geometryLength` gives the WKB size
 * of a GEOMETRY value (its width in TDengine).
 */
export function addFieldNeeds(
  needs: SmlStableNeeds,
  p: SmlPoint,
  geometryLength: (wkt: string) => number,
): void {
  for (const [k, f] of p.fields) addFieldNeed(needs, p.tags, k, f, geometryLength);
}

/** {@link addFieldNeeds} for one field `k` of a point with `tags`. */
export function addFieldNeed(
  needs: SmlStableNeeds,
  tags: ReadonlyMap<string, unknown>,
  k: string,
  f: SmlField,
  geometryLength: (wkt: string) => number,
): void {
  if (tags.has(k)) throw new TaosError(Code.DUPLICATED_COLUMN, `Duplicated column names: ${k}`);
  const t = f.type;
  const len =
    t === TypeCode.GEOMETRY ? geometryLength(String(f.value)) : isVarType(t) ? valueLength(t, f.value) : 0;
  note(needs.columns, k, f, len);
}

function def(c: SmlColumn): ColumnDef {
  return {
    name: c.name,
    type: isVarType(c.type) ? { code: c.type, length: smlWidth(c.type, c.length) } : { code: c.type },
  };
}

function mismatch(name: string, existing: ColumnSchema, wanted: SmlColumn): TaosError {
  return new TaosError(
    INVALID_VALUE,
    `Invalid value in client: ${name} is ${existing.type}, not ${wanted.type}`,
  );
}

/**
 * DDL that makes `existing` (undefined: missing) hold `needs`; throws when a type conflicts.
 * `tsName` is the timestamp column for new super tables (`_ts`).
 */
export function schemaChanges(
  db: string,
  needs: SmlStableNeeds,
  existing: TableSchema | undefined,
  tsName: string,
): Statement[] {
  const table = { db, name: needs.name };
  if (!existing) {
    const tags =
      needs.tags.size > 0
        ? [...needs.tags.values()].map(def)
        : [{ name: NULL_TAG, type: { code: TypeCode.NCHAR, length: 1 } }];
    return [
      {
        kind: 'CreateSTable',
        table,
        ifNotExists: false,
        columns: [
          { name: tsName, type: { code: TypeCode.TIMESTAMP } },
          ...[...needs.columns.values()].map(def),
        ],
        tags,
        options: new Map(),
      },
    ];
  }
  if (existing.kind !== 'super')
    throw new TaosError(
      Code.TABLE_ALREADY_EXIST,
      `Table already exists and is not a super table: ${needs.name}`,
    );
  const out: Statement[] = [];
  const alter = (action: Extract<Statement, { kind: 'AlterTable' }>['action']): void => {
    out.push({ kind: 'AlterTable', stable: true, table, action });
  };
  const check = (
    wanted: SmlColumn,
    own: readonly ColumnSchema[],
    other: readonly ColumnSchema[],
    isTag: boolean,
  ): void => {
    const found = own.find((c) => c.name === wanted.name);
    if (!found) {
      if (other.some((c) => c.name === wanted.name) || existing.columns[0]?.name === wanted.name) {
        throw new TaosError(Code.DUPLICATED_COLUMN, `Duplicated column names: ${wanted.name}`);
      }
      alter(isTag ? { kind: 'AddTag', column: def(wanted) } : { kind: 'AddColumn', column: def(wanted) });
      return;
    }
    if (found.type !== wanted.type) throw mismatch(wanted.name, found, wanted);
    if (isVarType(found.type) && wanted.length > found.length) {
      const column = def(wanted);
      alter(isTag ? { kind: 'ModifyTag', column } : { kind: 'ModifyColumn', column });
    }
  };
  for (const c of needs.columns.values()) check(c, existing.columns.slice(1), existing.tags, false);
  for (const t of needs.tags.values()) check(t, existing.tags, existing.columns, true);
  return out;
}
