/**
 * INSERT planning (sql.md §3): resolve every clause's target, convert and validate every value.
 * Pure — nothing is written until the whole statement has passed.
 */
import { Code, TaosError } from '@taosts/protocol';
import type { Expr, Insert, InsertClause } from '@taosts/sql';
import { durationTicks, nsToTicks } from '@taosts/sql';
import type { Catalog } from '../catalog/catalog.js';
import { isSystemDb } from '../catalog/catalog.js';
import { LIMITS, checkName } from '../catalog/column-defs.js';
import type { ChildEntry, DataOwner, DbEntry, NormalEntry, SuperEntry } from '../catalog/model.js';
import type { AppendValue } from '../storage/storage.js';
import { converterFor, convertValue, exprText, syntaxError } from './convert-value.js';
import type { Converter, EvalContext } from './convert-value.js';
import type { Column, Mask } from './row-batch.js';

export type Target =
  | { readonly kind: 'existing'; readonly entry: ChildEntry | NormalEntry }
  | {
      readonly kind: 'create';
      readonly stable: SuperEntry;
      readonly name: string;
      readonly tags: readonly AppendValue[];
    };

/** Rows for one target table, column-major: `cols[j][i]` is row i's value of `owner.columns[j]`. */
export interface PlannedRows {
  readonly owner: DataOwner;
  readonly target: Target;
  readonly cols: Column[];
  count: number;
  readonly mask: Mask;
}

export interface PlanEnv {
  readonly catalog: Catalog;
  readonly sessionDb: string | undefined;
  readonly timezone: string;
  /** Statement time, ns. */
  readonly now: bigint;
}

const UPPER_MS: Record<'ms' | 'us' | 'ns', bigint> = {
  ms: BigInt(Date.UTC(2970, 0, 1)),
  us: BigInt(Date.UTC(2970, 0, 1)) * 1000n,
  ns: BigInt(Date.UTC(2262, 0, 1)) * 1_000_000n,
};

/** Valid ts range [now − KEEP, upper bound) of a database, in its ticks (sql.md §1.9). */
export function tsBounds(db: DbEntry, now: bigint): readonly [bigint, bigint] {
  const p = db.options.precision;
  const nowTicks = nsToTicks(now, p);
  const keep = durationTicks(BigInt(db.options.keep[2]), 'm', p);
  return [nowTicks - keep, UPPER_MS[p]];
}

function tableNotExist(name: string): TaosError {
  return new TaosError(Code.TABLE_NOT_EXIST, `Table does not exist: ${name}`);
}

function invalidColumn(name: string): TaosError {
  return new TaosError(Code.INVALID_COLUMN, `Invalid column name: ${name}`);
}

type CreateTarget = Extract<Target, { kind: 'create' }>;

/**
 * Child tables an INSERT creates, by `db.table`: later clauses of the same statement write to
 * them as if they existed (TDengine keeps them in the statement's table cache), while nothing
 * is created before the whole statement has passed.
 */
export type Created = Map<string, CreateTarget>;

function createdKey(db: DbEntry, name: string): string {
  return `${db.name}.${name}`;
}

/**
 * A row's value count against the bound columns (parInsertSql.c `parseOneRow`): hitting `)`
 * early is 0x263F, a value beyond the last bound column is `) expected`.
 */
export function checkRowWidth(row: readonly Expr[], width: number): void {
  if (row.length < width) throw new TaosError(Code.INVALID_COLUMNS_NUM, 'Illegal number of columns');
  if (row.length > width) throw syntaxError(exprText(row[width]!), ') expected');
}

export class ClauseContext {
  readonly ctx: EvalContext;
  readonly bounds: readonly [bigint, bigint];
  constructor(
    readonly db: DbEntry,
    env: PlanEnv,
  ) {
    this.ctx = { precision: db.options.precision, timezone: env.timezone, now: env.now };
    this.bounds = tsBounds(db, env.now);
  }

  checkTs(v: AppendValue, e: Expr): void {
    if (v === null) throw syntaxError(exprText(e), 'primary timestamp should not be null');
    const ts = v as bigint;
    if (ts < this.bounds[0] || ts >= this.bounds[1]) throw new TaosError(Code.TIMESTAMP_OUT_OF_RANGE);
  }
}

/** Tag values of a new child table in stable tag order (missing tags NULL). */
export function evalTags(
  stable: SuperEntry,
  tagNames: readonly string[] | undefined,
  values: readonly Expr[],
  ctx: EvalContext,
): AppendValue[] {
  const names = tagNames ?? stable.tags.map((t) => t.name);
  if (names.length !== values.length || (tagNames === undefined && values.length !== stable.tags.length)) {
    throw new TaosError(Code.TAGS_NOT_MATCHED);
  }
  const out: AppendValue[] = stable.tags.map(() => null);
  const seen = new Set<string>();
  names.forEach((name, i) => {
    const idx = stable.tags.findIndex((t) => t.name === name);
    if (idx < 0 || seen.has(name)) throw new TaosError(Code.INVALID_TAG_NAME, `Invalid tag name: ${name}`);
    seen.add(name);
    out[idx] = convertValue(values[i]!, stable.tags[idx]!, ctx);
  });
  return out;
}

/** Map a column list onto the owner's columns: positions and a mask (undefined = all). */
function mapColumns(
  owner: DataOwner,
  names: readonly string[] | undefined,
): { positions: number[]; mask: Mask } {
  const cols = owner.columns;
  if (names === undefined) return { positions: cols.map((_, j) => j), mask: undefined };
  const positions: number[] = [];
  const mask = cols.map(() => false);
  for (const name of names) {
    const j = cols.findIndex((c) => c.name === name);
    if (j < 0) throw invalidColumn(name);
    if (mask[j]) throw new TaosError(Code.DUPLICATED_COLUMN);
    mask[j] = true;
    positions.push(j);
  }
  if (!mask[0]) throw syntaxError(cols[0]!.name, 'primary timestamp column should be in the column list');
  return { positions, mask: mask.every(Boolean) ? undefined : mask };
}

/** Convert a clause's rows into column arrays (NULL columns not in the list). */
function convertRows(
  cc: ClauseContext,
  owner: DataOwner,
  clause: InsertClause,
  positions: readonly number[],
): AppendValue[][] {
  const n = clause.rows.length;
  const converters: Converter[] = positions.map((j) => converterFor(owner.columns[j]!, cc.ctx));
  const out: AppendValue[][] = owner.columns.map(() => new Array<AppendValue>(n).fill(null));
  const dst = positions.map((j) => out[j]!);
  const tsPos = positions.indexOf(0);
  const width = positions.length;
  for (let r = 0; r < n; r++) {
    const src = clause.rows[r]!;
    checkRowWidth(src, width);
    for (let k = 0; k < width; k++) dst[k]![r] = converters[k]!(src[k]!);
    cc.checkTs(out[0]![r]!, src[tsPos]!);
  }
  return out;
}

function resolveUsing(
  catalog: Catalog,
  clause: ClauseHead,
  dbName: string,
  cc: ClauseContext,
  entry: ReturnType<Catalog['find']>,
  pending: CreateTarget | undefined,
): PlannedRows['target'] {
  const using = clause.using!;
  const stDb = using.stable.db ?? dbName;
  const st = catalog.find(stDb, using.stable.name);
  if (!st) throw tableNotExist(using.stable.name);
  if (st.kind !== 'super') throw new TaosError(Code.STB_NOT_EXIST, `STable not exist: ${using.stable.name}`);
  const tags = evalTags(st, using.tagNames, using.tags, cc.ctx);
  if (entry || pending) {
    // An existing (or earlier-created) child keeps its tags; TAGS are only checked.
    if (entry?.kind === 'child' && entry.stable === st) return { kind: 'existing', entry };
    if (pending?.stable === st) return pending;
    throw new TaosError(
      Code.TABLE_ALREADY_EXIST,
      `Table already exists in other stables: ${clause.table.name}`,
    );
  }
  if (stDb !== dbName)
    throw new TaosError(
      Code.TSC_INVALID_OPERATION,
      'child table and super table must be in the same database',
    );
  checkName(clause.table.name, LIMITS.tableName);
  return { kind: 'create', stable: st, name: clause.table.name, tags };
}

/** Super-table insert: `tbname` routes each row, tags create missing children (sql.md §1.3). */
function planStableInsert(
  cc: ClauseContext,
  st: SuperEntry,
  clause: InsertClause,
  out: PlannedRows[],
  created: Created,
): void {
  const names = clause.columns;
  if (!names || !names.includes('tbname')) throw new TaosError(Code.TBNAME_NOT_SET);
  let tbnamePos = -1;
  const tagSrc: { src: number; idx: number }[] = [];
  const dataSrc: number[] = [];
  const dataNames: string[] = [];
  names.forEach((name, k) => {
    if (name === 'tbname') {
      if (tbnamePos >= 0) throw new TaosError(Code.DUPLICATED_COLUMN);
      tbnamePos = k;
      return;
    }
    const ti = st.tags.findIndex((t) => t.name === name);
    if (ti >= 0) {
      if (tagSrc.some((t) => t.idx === ti)) throw new TaosError(Code.DUPLICATED_COLUMN);
      tagSrc.push({ src: k, idx: ti });
      return;
    }
    dataSrc.push(k);
    dataNames.push(name);
  });
  const { positions, mask } = mapColumns(st, dataNames);
  const converters = positions.map((j) => converterFor(st.columns[j]!, cc.ctx));
  const tsSrc = dataSrc[positions.indexOf(0)]!;
  const groups = new Map<string, PlannedRows & { readonly cols: AppendValue[][] }>();
  for (const src of clause.rows) {
    checkRowWidth(src, names.length);
    const tbExpr = src[tbnamePos]!;
    if (tbExpr.kind !== 'String' && tbExpr.kind !== 'Number') throw new TaosError(Code.TBNAME_NOT_SET);
    const tbname = tbExpr.kind === 'String' ? tbExpr.value : tbExpr.text;
    const row = new Array<AppendValue>(st.columns.length).fill(null);
    for (let i = 0; i < dataSrc.length; i++) row[positions[i]!] = converters[i]!(src[dataSrc[i]!]!);
    cc.checkTs(row[0]!, src[tsSrc]!);
    let group = groups.get(tbname);
    if (!group) {
      checkName(tbname, LIMITS.tableName);
      const tags: AppendValue[] = st.tags.map(() => null);
      for (const t of tagSrc) tags[t.idx] = convertValue(src[t.src]!, st.tags[t.idx]!, cc.ctx);
      const existing = cc.db.tables.get(tbname);
      const pending = existing ? undefined : created.get(createdKey(cc.db, tbname));
      let target: Target;
      if (existing) {
        if (existing.kind !== 'child' || existing.stable !== st)
          throw new TaosError(Code.TABLE_ALREADY_EXIST, `Table already exists in other stables: ${tbname}`);
        target = { kind: 'existing', entry: existing };
      } else if (pending) {
        if (pending.stable !== st)
          throw new TaosError(Code.TABLE_ALREADY_EXIST, `Table already exists in other stables: ${tbname}`);
        target = pending;
      } else {
        target = { kind: 'create', stable: st, name: tbname, tags };
        created.set(createdKey(cc.db, tbname), target);
      }
      group = { owner: st, target, cols: st.columns.map(() => []), count: 0, mask };
      groups.set(tbname, group);
      out.push(group);
    }
    for (let j = 0; j < row.length; j++) group.cols[j]!.push(row[j]!);
    group.count++;
  }
}

/** The head of a VALUES clause: what `resolveClause` needs (rows are read separately). */
export type ClauseHead = Pick<InsertClause, 'table' | 'using' | 'columns'>;

/** A VALUES clause resolved against the catalog, ready for its rows. */
export interface ResolvedClause {
  readonly cc: ClauseContext;
  readonly owner: DataOwner;
  readonly target: Target;
  /** Owner column index of each listed column. */
  readonly positions: readonly number[];
  readonly mask: Mask;
}

/**
 * Resolve a clause's target (registering a child it creates in `created`) and map its column
 * list; a super-table target without USING (rows routed by tbname) is `{ stable }`.
 */
export function resolveClause(
  clause: ClauseHead,
  env: PlanEnv,
  created: Created,
): ResolvedClause | { readonly stable: SuperEntry; readonly cc: ClauseContext } {
  const { catalog } = env;
  const dbName = catalog.dbName(clause.table.db, env.sessionDb);
  if (isSystemDb(dbName)) throw new TaosError(Code.SYSTABLE_NOT_ALLOWED);
  const db = catalog.getDb(dbName);
  const cc = new ClauseContext(db, env);
  const entry = db.tables.get(clause.table.name);
  if (entry?.kind === 'super' && !clause.using) return { stable: entry, cc };
  const pending = entry ? undefined : created.get(createdKey(db, clause.table.name));
  const target: Target = clause.using
    ? resolveUsing(catalog, clause, dbName, cc, entry, pending)
    : entry
      ? { kind: 'existing', entry: entry as ChildEntry | NormalEntry }
      : (pending ??
        (() => {
          throw tableNotExist(clause.table.name);
        })());
  if (target.kind === 'create') created.set(createdKey(db, clause.table.name), target);
  const owner: DataOwner =
    target.kind === 'create'
      ? target.stable
      : target.entry.kind === 'child'
        ? target.entry.stable
        : target.entry;
  const { positions, mask } = mapColumns(owner, clause.columns);
  return { cc, owner, target, positions, mask };
}

/** Resolve and convert a whole INSERT. */
export function planInsert(ins: Insert, env: PlanEnv): PlannedRows[] {
  const out: PlannedRows[] = [];
  const created: Created = new Map();
  for (const clause of ins.clauses) {
    if (clause.file !== undefined)
      throw new TaosError(
        Code.OPS_NOT_SUPPORT,
        'INSERT … FILE reads a client-side file; send the rows as VALUES',
      );
    const r = resolveClause(clause, env, created);
    if ('stable' in r) {
      planStableInsert(r.cc, r.stable, clause, out, created);
      continue;
    }
    const { cc, owner, target, positions, mask } = r;
    out.push({
      owner,
      target,
      cols: convertRows(cc, owner, clause, positions),
      count: clause.rows.length,
      mask,
    });
  }
  return out;
}
