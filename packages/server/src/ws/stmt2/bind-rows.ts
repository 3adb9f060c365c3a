/**
 * Decoded stmt2 binds → the engine's structured insert (`TableRows`). Row-format binds
 * (`stmt2_bind`, id 9) come per table; column-format binds (`stmt2_bind_exec`, id 11) come as
 * one column per prepared field, split into tables at each change of `tbname`.
 */
import { BindType, Code, TaosError } from '@taosts/protocol';
import type { Stmt2BindData, Stmt2Column, Stmt2ColumnBindData, TypedValues } from '@taosts/protocol';
import type { Value } from '../../engine/types.js';
import type { TableRows } from '../../ingest/insert-rows.js';
import type { InsertPlan, Slot } from './stmt2-plan.js';

function invalid(msg: string): TaosError {
  return new TaosError(Code.INVALID_PARA, msg);
}

function counts(plan: InsertPlan): { tags: number; cols: number; tbname: boolean } {
  let tags = 0;
  let cols = 0;
  let tbname = false;
  for (const f of plan.fields) {
    if (f.bind_type === BindType.TAG) tags++;
    else if (f.bind_type === BindType.COLUMN) cols++;
    else if (f.bind_type === BindType.TBNAME) tbname = true;
  }
  return { tags, cols, tbname };
}

/** One table's rows from its bound tag values (one per tag field, or null) and column arrays. */
export function tableRows(
  plan: InsertPlan,
  name: string,
  tagValues: readonly Value[] | null,
  colValues: readonly (readonly Value[] | TypedValues)[],
  rowCount: number,
): TableRows {
  const values = plan.columns.map((s: Slot) =>
    'field' in s ? colValues[s.field]! : new Array<Value>(rowCount).fill(s.constant),
  );
  const using =
    plan.stable !== undefined && (tagValues !== null || plan.tags.every((s) => !('field' in s)))
      ? {
          stable: plan.stable,
          tagNames: plan.tags.map((s) => s.name),
          tags: plan.tags.map((s) => ('field' in s ? tagValues![s.field]! : s.constant)),
        }
      : undefined;
  return {
    table: name,
    ...(using && { using }),
    columns: plan.columns.map((s) => s.name),
    values,
    rowCount,
  };
}

/** Turns a bound table name (`tb`, `db.tb`) into the table (`boundTable` with the statement's db). */
export type TableOf = (bound: string) => string;

/** Tables of a `stmt2_bind` (id 9) payload. */
export function bindDataTables(plan: InsertPlan, data: Stmt2BindData, tableOf: TableOf): TableRows[] {
  const want = counts(plan);
  if (data.colCount !== want.cols || !data.columns)
    throw invalid(`col count not match, data count:${data.colCount}, type count:${want.cols}`);
  if (data.tags && data.tagCount !== want.tags)
    throw invalid(`tag count not match, data count:${data.tagCount}, type count:${want.tags}`);
  if (want.tbname && !data.tableNames) throw invalid('table name is not bound');
  const out: TableRows[] = [];
  for (let i = 0; i < data.count; i++) {
    const bound = plan.table === undefined ? data.tableNames?.[i] : undefined;
    if (plan.table === undefined && (bound === undefined || bound === ''))
      throw invalid(`table name is empty, tableIndex: ${i}`);
    const name = plan.table ?? tableOf(bound!);
    const cols = data.columns[i]!;
    const first = cols[0];
    const rows = first ? (first.typed ?? first.values).length : 0;
    if (rows === 0) continue;
    const tags = data.tags ? data.tags[i]!.map((e: Stmt2Column) => e.values[0] ?? null) : null;
    out.push(
      tableRows(
        plan,
        name,
        tags,
        // Numeric columns without NULLs stay typed arrays down to the appender.
        cols.map((e) => e.typed ?? e.values),
        rows,
      ),
    );
  }
  return out;
}

/** Tables of a `stmt2_bind_exec` (id 11) payload: one column per field, split on tbname runs. */
export function columnBindTables(plan: InsertPlan, data: Stmt2ColumnBindData, tableOf: TableOf): TableRows[] {
  if (data.fields.length !== plan.fields.length)
    throw invalid(
      `field count not match, data count:${data.fields.length}, field count:${plan.fields.length}`,
    );
  const tb = plan.fields.findIndex((f) => f.bind_type === BindType.TBNAME);
  const tagIdx: number[] = [];
  const colIdx: number[] = [];
  plan.fields.forEach((f, i) =>
    (f.bind_type === BindType.TAG ? tagIdx : f.bind_type === BindType.COLUMN ? colIdx : []).push(i),
  );
  const n = data.rowCount;
  const names = tb >= 0 ? data.fields[tb]!.values : null;
  const out: TableRows[] = [];
  for (let start = 0; start < n;) {
    let end = start + 1;
    const name = names ? names[start] : plan.table;
    if (typeof name !== 'string' || name === '') throw invalid(`invalid tbname at row ${start}`);
    if (names) while (end < n && names[end] === name) end++;
    else end = n;
    const tags = tagIdx.map((i) => {
      const f = data.fields[i]!;
      return (f.typed ?? f.values)[start] ?? null;
    });
    const cols = colIdx.map((i) => {
      const f = data.fields[i]!;
      return f.typed ? f.typed.subarray(start, end) : f.values.slice(start, end);
    });
    const table = names ? tableOf(name) : name;
    out.push(tableRows(plan, table, tagIdx.length > 0 ? tags : null, cols, end - start));
    start = end;
  }
  return out;
}
