import { TaosError, TypeCode, precisionOf } from '@taosts/protocol';
import type { BindValue as WireValue, Stmt2Field, Stmt2TableBind, TypedValues } from '@taosts/protocol';
import { fieldRoles } from '@taosts/protocol';
import type { BindScalar } from '../bind.js';
import { DataError, ProgrammingError, errorFromCode } from '../errors.js';
import { TDTimestamp } from '../timestamp.js';
import type { Zone } from '../zone.js';

/** A value a statement binds: what `?` accepts, plus JSON objects for JSON tags. */
export type StmtValue = BindScalar | { readonly [key: string]: unknown };

/** Column data: values per row, or a typed array (numbers; `BigInt64Array` ticks for TIMESTAMP). */
export type StmtColumn = readonly StmtValue[] | TypedValues;

/**
 * One table's rows for an INSERT statement: `table` when the statement has `INSERT INTO ?`,
 * `tags` when it has `USING … TAGS (?, …)`, and the rows either column-wise (`columns`, one
 * array per `?` column) or row-wise (`rows`).
 */
export interface TableBind {
  readonly table?: string;
  readonly tags?: readonly StmtValue[];
  readonly columns?: readonly StmtColumn[];
  readonly rows?: readonly (readonly StmtValue[])[];
}

/** Check one `TableBind` against the prepared fields and turn it into the codec's form. */
export function wireTable(
  b: TableBind,
  fields: readonly Stmt2Field[],
  zone: Zone | undefined,
  index: number,
): Stmt2TableBind {
  const roles = fieldRoles(fields);
  const where = `table ${index}${b.table !== undefined ? ` (${b.table})` : ''}`;
  if (roles.tbname && (typeof b.table !== 'string' || b.table === ''))
    throw new ProgrammingError(`${where}: the statement has INSERT INTO ?, so each bind needs a table name`);
  if (!roles.tbname && b.table !== undefined)
    throw new ProgrammingError(`${where}: the statement names its table; do not pass "table"`);
  const tags = b.tags ?? [];
  if (tags.length !== roles.tags.length)
    throw new ProgrammingError(`${where}: ${roles.tags.length} tag value(s) expected, got ${tags.length}`);
  if ((b.columns === undefined) === (b.rows === undefined))
    throw new ProgrammingError(`${where}: pass exactly one of "columns" and "rows"`);
  const cols = roles.columns;
  let columns: readonly StmtColumn[];
  if (b.rows !== undefined) {
    columns = cols.map((_, c) =>
      b.rows!.map((row, r) => {
        if (row.length !== cols.length)
          throw new ProgrammingError(
            `${where} row ${r}: ${cols.length} value(s) expected, got ${row.length}`,
          );
        return row[c];
      }),
    );
  } else columns = b.columns!;
  if (columns.length !== cols.length)
    throw new ProgrammingError(`${where}: ${cols.length} column(s) expected, got ${columns.length}`);
  const n = columns[0]?.length ?? 0;
  if (n === 0) throw new ProgrammingError(`${where}: no rows`);
  columns.forEach((c, j) => {
    if (c.length !== n)
      throw new ProgrammingError(`${where}: column ${j} has ${c.length} rows, column 0 has ${n}`);
  });
  return {
    ...(roles.tbname ? { tableName: b.table as string } : {}),
    ...(tags.length > 0 ? { tags: tags.map((v, j) => wireValue(v, roles.tags[j] as Stmt2Field, zone)) } : {}),
    columns: columns.map((c, j) => wireColumn(c, cols[j] as Stmt2Field, zone)),
  };
}

function wireColumn(c: StmtColumn, f: Stmt2Field, zone: Zone | undefined): ArrayLike<WireValue> {
  // Typed arrays are already what the codec writes (numbers, or bigint ticks).
  if (ArrayBuffer.isView(c)) return c;
  const out = new Array<WireValue>(c.length);
  for (let r = 0; r < c.length; r++) out[r] = wireValue(c[r], f, zone);
  return out;
}

/** One value for a prepared INSERT field: time in the field's precision, JSON as text. */
export function wireValue(v: StmtValue, f: Stmt2Field, zone: Zone | undefined): WireValue {
  if (v === null || v === undefined) return null;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (f.field_type === TypeCode.TIMESTAMP) {
    const p = precisionOf(f.precision);
    if (v instanceof TDTimestamp) return v.to(p).epoch;
    if (typeof v === 'string') return TDTimestamp.parse(v, zone ? { zone } : {}).to(p).epoch;
    if (v instanceof Date) return TDTimestamp.fromDate(v).to(p).epoch;
    return v as WireValue;
  }
  if (v instanceof TDTimestamp || v instanceof Date)
    throw new DataError(`field ${f.name}: a time value cannot be bound to a ${f.field_type} field`);
  if (f.field_type === TypeCode.JSON && typeof v === 'object' && !(v instanceof Uint8Array))
    return JSON.stringify(v);
  return v as WireValue;
}

/**
 * A query `?` value: the server types it from the value (protocol.md §6.1), so times travel as
 * RFC 3339 text with every digit — exact at any database precision, as in client-side binding.
 */
export function queryParam(v: StmtValue, i: number): WireValue {
  if (v === null || v === undefined) return null;
  if (v instanceof TDTimestamp) return v.toISOString();
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new DataError(`parameter ${i}: invalid Date`);
    return TDTimestamp.fromDate(v).toISOString();
  }
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (typeof v === 'number' && !Number.isFinite(v)) throw new DataError(`parameter ${i}: cannot bind ${v}`);
  if (typeof v === 'object' && !(v instanceof Uint8Array)) return JSON.stringify(v);
  return v as WireValue;
}

/** Codec errors (`TaosError`) as this package's error classes. */
export function codecError(e: unknown): unknown {
  return e instanceof TaosError ? errorFromCode(e.code, e.message) : e;
}
