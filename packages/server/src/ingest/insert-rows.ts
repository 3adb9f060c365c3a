/**
 * Structured INSERT (stmt2 binds, schemaless points): typed column values for named tables,
 * planned into the same `PlannedRows` an `INSERT … VALUES` statement becomes, so they share its
 * validation, in-statement merging, auto-create and group-commit writer. Pure: nothing is
 * written until the whole request has passed.
 */
import { Code, TaosError, TypeCode } from '@taosts/protocol';
import type { TypedValues } from '@taosts/protocol';
import type { Catalog } from '../catalog/catalog.js';
import { isSystemDb } from '../catalog/catalog.js';
import { LIMITS, checkName } from '../catalog/column-defs.js';
import type { CatColumn, ChildEntry, DataOwner, NormalEntry, SuperEntry } from '../catalog/model.js';
import type { Value } from '../engine/types.js';
import type { AppendValue } from '../storage/storage.js';
import { boundConverter } from './bound-value.js';
import type { EvalContext } from './convert-value.js';
import { syntaxError } from './convert-value.js';
import type { PlanEnv, PlannedRows, Target } from './plan-insert.js';
import { tsBounds } from './plan-insert.js';
import { isTyped } from './row-batch.js';
import type { Column, Mask } from './row-batch.js';

/** Rows for one table, column-major. */
export interface TableRows {
  /** Target table: existing child/normal table, or the child to create with `using`. */
  readonly table: string;
  /** `USING stable TAGS (…)`: create the child when missing (tags ignored when it exists). */
  readonly using?: {
    readonly stable: string;
    /** Tag names the values are for (default: all tags in order). */
    readonly tagNames?: readonly string[];
    readonly tags: readonly Value[];
  };
  /** Column names `values` are for (default: all columns in order); must include the ts column. */
  readonly columns?: readonly string[];
  /**
   * `values[j][r]`: column `j`, row `r`. The arrays are handed over: planning converts them in
   * place and the writer may keep them.
   */
  readonly values: readonly (readonly Value[] | TypedValues)[];
  readonly rowCount: number;
}

export interface RowsInsert {
  /** Database of every table (default: the session's). */
  readonly db?: string;
  readonly tables: readonly TableRows[];
}

function tableNotExist(name: string): TaosError {
  return new TaosError(Code.TABLE_NOT_EXIST, `Table does not exist: ${name}`);
}

function columnPositions(
  owner: DataOwner,
  names: readonly string[] | undefined,
  width: number,
): { positions: number[]; mask: Mask } {
  const cols = owner.columns;
  if (names === undefined) {
    if (width !== cols.length) throw new TaosError(Code.INVALID_COLUMNS_NUM, 'Illegal number of columns');
    return { positions: cols.map((_, j) => j), mask: undefined };
  }
  if (names.length !== width) throw new TaosError(Code.INVALID_COLUMNS_NUM, 'Illegal number of columns');
  const mask = cols.map(() => false);
  const positions = names.map((name) => {
    const j = cols.findIndex((c) => c.name === name);
    if (j < 0) throw new TaosError(Code.INVALID_COLUMN, `Invalid column name: ${name}`);
    if (mask[j]) throw new TaosError(Code.DUPLICATED_COLUMN);
    mask[j] = true;
    return j;
  });
  if (!mask[0]) throw syntaxError(cols[0]!.name, 'primary timestamp column should be in the column list');
  return { positions, mask: mask.every(Boolean) ? undefined : mask };
}

function tagValues(st: SuperEntry, using: NonNullable<TableRows['using']>, ctx: EvalContext): AppendValue[] {
  const names = using.tagNames ?? st.tags.map((t) => t.name);
  if (names.length !== using.tags.length) throw new TaosError(Code.TAGS_NOT_MATCHED);
  const out: AppendValue[] = st.tags.map(() => null);
  const seen = new Set<string>();
  names.forEach((name, i) => {
    const idx = st.tags.findIndex((t) => t.name === name);
    if (idx < 0 || seen.has(name)) throw new TaosError(Code.INVALID_TAG_NAME, `Invalid tag name: ${name}`);
    seen.add(name);
    out[idx] = boundConverter(st.tags[idx]!, ctx)(using.tags[i] ?? null);
  });
  return out;
}

function resolveTarget(
  catalog: Catalog,
  dbName: string,
  t: TableRows,
  ctx: EvalContext,
): { owner: DataOwner; target: Target } {
  const db = catalog.getDb(dbName);
  const entry = db.tables.get(t.table);
  if (t.using) {
    const st = db.tables.get(t.using.stable);
    if (!st) throw tableNotExist(t.using.stable);
    if (st.kind !== 'super') throw new TaosError(Code.STB_NOT_EXIST, `STable not exist: ${t.using.stable}`);
    const tags = tagValues(st, t.using, ctx);
    if (entry) {
      if (entry.kind === 'child' && entry.stable === st)
        return { owner: st, target: { kind: 'existing', entry } };
      throw new TaosError(Code.TABLE_ALREADY_EXIST, `Table already exists in other stables: ${t.table}`);
    }
    checkName(t.table, LIMITS.tableName);
    return { owner: st, target: { kind: 'create', stable: st, name: t.table, tags } };
  }
  if (!entry) throw tableNotExist(t.table);
  if (entry.kind === 'super') throw new TaosError(Code.TBNAME_NOT_SET);
  const e = entry as ChildEntry | NormalEntry;
  return { owner: e.kind === 'child' ? e.stable : e, target: { kind: 'existing', entry: e } };
}

/** Typed arrays that are the stored values of a column of `type` as they are. */
const TYPED_FOR: Partial<Record<TypeCode, new (n: number) => TypedValues>> = {
  [TypeCode.TINYINT]: Int8Array,
  [TypeCode.SMALLINT]: Int16Array,
  [TypeCode.INT]: Int32Array,
  [TypeCode.BIGINT]: BigInt64Array,
  [TypeCode.TIMESTAMP]: BigInt64Array,
  [TypeCode.UTINYINT]: Uint8Array,
  [TypeCode.USMALLINT]: Uint16Array,
  [TypeCode.UINT]: Uint32Array,
  [TypeCode.UBIGINT]: BigUint64Array,
  [TypeCode.FLOAT]: Float32Array,
  [TypeCode.DOUBLE]: Float64Array,
};

/**
 * True when `src` can be stored without conversion: its element type is the column's, and for
 * FLOAT/DOUBLE every value is finite (anything else takes the converter, which rejects it).
 */
function typedFits(type: TypeCode, src: TypedValues, n: number): boolean {
  const Ctor = TYPED_FOR[type];
  if (Ctor === undefined || src.constructor !== Ctor) return false;
  if (src instanceof Float32Array || src instanceof Float64Array) {
    for (let r = 0; r < n; r++) if (!Number.isFinite(src[r]!)) return false;
  }
  return true;
}

/** Resolve, convert and validate every row; throws on the first bad value. */
export function planRows(req: RowsInsert, env: PlanEnv): PlannedRows[] {
  const { catalog } = env;
  const dbName = catalog.dbName(req.db, env.sessionDb);
  if (isSystemDb(dbName)) throw new TaosError(Code.SYSTABLE_NOT_ALLOWED);
  const db = catalog.getDb(dbName);
  const ctx: EvalContext = { precision: db.options.precision, timezone: env.timezone, now: env.now };
  const [lo, hi] = tsBounds(db, env.now);
  const out: PlannedRows[] = [];
  for (const t of req.tables) {
    const { owner, target } = resolveTarget(catalog, dbName, t, ctx);
    const { positions, mask } = columnPositions(owner, t.columns, t.values.length);
    const cols: readonly CatColumn[] = owner.columns;
    const n = t.rowCount;
    const colsOut: Column[] = new Array<Column>(cols.length);
    for (let k = 0; k < positions.length; k++) {
      const j = positions[k]!;
      const src = t.values[k]!;
      if (src.length < n)
        throw new TaosError(Code.INVALID_PARA, `column ${cols[j]!.name}: ${src.length} values for ${n} rows`);
      if (isTyped(src) && typedFits(cols[j]!.type, src, n)) {
        colsOut[j] = src.length === n ? src : src.subarray(0, n);
        continue;
      }
      const conv = boundConverter(cols[j]!, ctx);
      // Converted in place: the request's arrays are handed over (see `TableRows.values`).
      const dst: AppendValue[] = isTyped(src)
        ? Array.from(src.subarray(0, n) as ArrayLike<AppendValue>)
        : src.length === n
          ? (src as AppendValue[])
          : src.slice(0, n);
      for (let r = 0; r < n; r++) {
        const v = dst[r];
        const c = conv(v === undefined ? null : v);
        if (c !== v) dst[r] = c;
      }
      colsOut[j] = dst;
    }
    for (let j = 0; j < cols.length; j++) colsOut[j] ??= new Array<AppendValue>(n).fill(null);
    const tsCol = colsOut[0]!;
    for (let r = 0; r < n; r++) {
      const ts = tsCol[r];
      if (ts === null) throw syntaxError(cols[0]!.name, 'primary timestamp should not be null');
      if ((ts as bigint) < lo || (ts as bigint) >= hi) throw new TaosError(Code.TIMESTAMP_OUT_OF_RANGE);
    }
    out.push({ owner, target, cols: colsOut, count: n, mask });
  }
  return out;
}
