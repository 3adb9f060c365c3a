/**
 * Writing a `RowBatch` into its data relation (perf.md §5.4): rows newer than their table's
 * last timestamp are appended through the DataChunk appender; older or equal rows go through a
 * merge (stage, UPDATE existing keys honouring NONE columns, INSERT the rest). No PRIMARY KEY.
 *
 * `IngestState` keeps the per-table max ts in memory; callers hold the relation's mutex while
 * reading it, writing, and applying the new maxima after commit.
 */
import { colName, dataRelation, dataTableName, physTypeOf, quoteIdent } from '../catalog/model.js';
import type { DataOwner } from '../catalog/model.js';
import { sqlLiteral } from '../storage/sql-literal.js';
import type { AppendValue, PhysType, StorageConnection } from '../storage/storage.js';
import type { RowBatch } from './row-batch.js';

/** Told about committed writes and invalidations (the last-row cache, cache/last-row-cache.ts). */
export interface IngestListener {
  /** `w` has committed; called synchronously after COMMIT, before readers are woken. */
  committed(w: PreparedWrite): void;
  /** Rows of `owner` may have changed or gone outside the writer (DELETE, DROP, failed write). */
  invalidated(owner: DataOwner): void;
}

/**
 * Max ts per tid (normal tables use tid 0), per data relation; and which tables' rows are
 * stored in ts order.
 */
export class IngestState {
  #maxTs = new Map<string, Map<number, bigint>>();
  /**
   * Per relation whose whole history this process saw (created here, never invalidated): the
   * tids whose rows may be out of ts order in storage. Relations not here are unknown.
   */
  #disordered = new Map<string, Set<number>>();
  listener: IngestListener | undefined;

  static key(owner: DataOwner): string {
    return `${owner.db.schema}.${dataTableName(owner)}`;
  }

  /** A freshly created relation is empty: no need to scan it. */
  markEmpty(owner: DataOwner): void {
    const key = IngestState.key(owner);
    this.#maxTs.set(key, new Map());
    this.#disordered.set(key, new Set());
  }

  /**
   * Forget what we know (after DELETE, DROP, or a failed write); max ts reloads on next use.
   * `keepOrder` (DELETE: the rows left keep their places) keeps what is known of ts order.
   */
  invalidate(owner: DataOwner, opts: { readonly keepOrder?: boolean } = {}): void {
    const key = IngestState.key(owner);
    this.#maxTs.delete(key);
    if (!opts.keepOrder) this.#disordered.delete(key);
    this.listener?.invalidated(owner);
  }

  /**
   * True when table `tid`'s rows are known to be stored in ts order: every write since the
   * relation was created appended them after the table's last row, in order (DuckDB keeps
   * insertion order, so a scan returns them sorted).
   */
  timeOrdered(owner: DataOwner, tid: number): boolean {
    const d = this.#disordered.get(IngestState.key(owner));
    return d !== undefined && !d.has(tid);
  }

  /** The maxima of `owner` when already known. */
  cached(owner: DataOwner): Map<number, bigint> | undefined {
    return this.#maxTs.get(IngestState.key(owner));
  }

  /** The per-tid max ts of `owner`, loaded with one scan on first use. Hold the relation lock. */
  async maxTs(c: StorageConnection, owner: DataOwner): Promise<Map<number, bigint>> {
    const key = IngestState.key(owner);
    let m = this.#maxTs.get(key);
    if (m) return m;
    m = new Map();
    const ts = quoteIdent(colName(owner.columns[0]!.key));
    const sql =
      owner.kind === 'super'
        ? `SELECT tid, max(${ts}) FROM ${dataRelation(owner)} GROUP BY tid`
        : `SELECT 0, max(${ts}) FROM ${dataRelation(owner)}`;
    const { rows } = await c.query(sql);
    for (const [tid, max] of rows) if (max !== null) m.set(Number(tid), BigInt(max as bigint));
    this.#maxTs.set(key, m);
    return m;
  }

  /**
   * Before a write runs: the tables whose rows it may put out of ts order; returns those not
   * marked before (the write records them durably in its transaction). Marked ahead of the
   * commit (and kept if it fails) so that a reader that checks after opening its snapshot sees
   * every write that snapshot contains: fresh rows of an increasing batch go after their
   * table's last row, in order; anything else (rows merged into the past, a batch not in
   * order) may land out of place.
   */
  beforeWrite(w: PreparedWrite): number[] {
    const d = this.#disordered.get(IngestState.key(w.owner));
    const added: number[] = [];
    if (!d) return added;
    const tids = w.batch.tids;
    const mark = (tid: number): void => {
      if (d.has(tid)) return;
      d.add(tid);
      added.push(tid);
    };
    for (const i of w.older) mark(tids[i]!);
    if (!w.batch.increasing()) {
      // Fresh rows go after their table's last row in batch order: in order unless a table's
      // fresh rows come in the batch out of order.
      const ts = w.batch.cols[0]!;
      const last = new Map<number, bigint>();
      for (const i of w.fresh) {
        const tid = tids[i]!;
        const t = ts[i] as bigint;
        const prev = last.get(tid);
        if (prev !== undefined && t <= prev) mark(tid);
        last.set(tid, t);
      }
    }
    return added;
  }

  /** What the durable catalog says of a relation tracked since its creation (engine start). */
  restore(owner: DataOwner, disordered: ReadonlySet<number>): void {
    this.#disordered.set(IngestState.key(owner), new Set(disordered));
  }

  /** Record maxima after a successful commit. */
  apply(owner: DataOwner, updates: ReadonlyMap<number, bigint>): void {
    const m = this.#maxTs.get(IngestState.key(owner));
    if (!m) return;
    for (const [tid, ts] of updates) {
      const cur = m.get(tid);
      if (cur === undefined || ts > cur) m.set(tid, ts);
    }
  }
}

/** A batch split into rows to append and rows to merge; computed before any I/O. */
export interface PreparedWrite {
  readonly owner: DataOwner;
  readonly batch: RowBatch;
  readonly fresh: readonly number[];
  readonly older: readonly number[];
  /** Rows written (after in-statement merging) — the statement's affected rows. */
  readonly written: number;
  /** New per-tid maxima to apply once the write has committed. */
  readonly maxima: Map<number, bigint>;
}

function pick<T>(values: ArrayLike<T>, idx: readonly number[]): T[] {
  const out = new Array<T>(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = values[idx[i]!]!;
  return out;
}

/** Dedupe `batch` and split it against the known maxima. */
export function prepareWrite(
  owner: DataOwner,
  batch: RowBatch,
  maxTs: ReadonlyMap<number, bigint>,
): PreparedWrite {
  if (batch.increasing()) return prepareRuns(owner, batch, maxTs);
  const keep = batch.dedupe();
  const fresh: number[] = [];
  const older: number[] = [];
  const maxima = new Map<number, bigint>();
  const tids = batch.tids;
  const tsCol = batch.cols[0]!;
  for (const i of keep) {
    const tid = tids[i]!;
    const ts = tsCol[i] as bigint;
    const cur = maxTs.get(tid);
    if (cur === undefined || ts > cur) fresh.push(i);
    else older.push(i);
    const m = maxima.get(tid);
    if (m === undefined || ts > m) maxima.set(tid, ts);
  }
  return { owner, batch, fresh, older, written: keep.length, maxima };
}

/**
 * `prepareWrite` for a batch with no repeated key: rows come in runs of one table with ts
 * increasing, so each run is compared with its table's max ts once and split at one point.
 */
function prepareRuns(owner: DataOwner, batch: RowBatch, maxTs: ReadonlyMap<number, bigint>): PreparedWrite {
  const n = batch.length;
  const tids = batch.tids;
  const ts = batch.cols[0]! as ArrayLike<bigint>;
  const fresh: number[] = [];
  const older: number[] = [];
  const maxima = new Map<number, bigint>();
  let i = 0;
  while (i < n) {
    const tid = tids[i]!;
    let j = i + 1;
    while (j < n && tids[j] === tid) j++;
    const cur = maxTs.get(tid);
    let k = i;
    if (cur !== undefined) while (k < j && ts[k]! <= cur) older.push(k++);
    for (; k < j; k++) fresh.push(k);
    const last = ts[j - 1]!;
    const m = maxima.get(tid);
    if (m === undefined || last > m) maxima.set(tid, last);
    i = j;
  }
  return { owner, batch, fresh, older, written: n, maxima };
}

/** Perform a prepared write on `c` (inside the caller's transaction when it merges). */
export async function applyWrite(c: StorageConnection, w: PreparedWrite): Promise<void> {
  const { owner, batch, fresh, older } = w;
  const isSuper = owner.kind === 'super';
  const types: PhysType[] = owner.columns.map(physTypeOf);
  if (fresh.length > 0) {
    const all = fresh.length === batch.length;
    const cols: ArrayLike<AppendValue>[] = all
      ? batch.cols.slice()
      : batch.cols.map((col) => pick(col, fresh));
    if (isSuper) cols.unshift(all ? batch.tids : pick(batch.tids, fresh));
    await c.append(
      { schema: owner.db.schema, table: dataTableName(owner) },
      isSuper ? ['INTEGER', ...types] : types,
      cols,
      fresh.length,
    );
  }
  if (older.length > 0) await merge(c, owner, batch, older, types);
}

/** Below this many rows a merge ships its rows as SQL literals instead of a staged table. */
const LITERAL_MERGE_ROWS = 64;

/** Upsert rows whose key may exist: column-wise merge, NONE columns untouched. */
async function merge(
  c: StorageConnection,
  owner: DataOwner,
  batch: RowBatch,
  rows: readonly number[],
  types: readonly PhysType[],
): Promise<void> {
  const names = owner.columns.map((col) => quoteIdent(colName(col.key)));
  const width = owner.columns.length;
  const masks = names.slice(1).map((_, j) => `m${j + 1}`);
  const columnNames = ['tid', ...names, ...masks];
  let lo = batch.ts(rows[0]!);
  let hi = lo;
  for (const i of rows) {
    const ts = batch.ts(i);
    if (ts < lo) lo = ts;
    if (ts > hi) hi = ts;
  }
  const supplied = (i: number, j: number) => batch.masks[i] === undefined || batch.masks[i]![j]!;
  let source: string;
  let cleanup = '';
  if (rows.length <= LITERAL_MERGE_ROWS) {
    const tuples = rows.map((i) => {
      const vals = [String(batch.tids[i]!)];
      for (let j = 0; j < width; j++) vals.push(sqlLiteral(batch.cols[j]![i]!, types[j]!));
      for (let j = 1; j < width; j++) vals.push(supplied(i, j) ? 'TRUE' : 'FALSE');
      return `(${vals.join(', ')})`;
    });
    source = `(VALUES ${tuples.join(', ')}) AS s(${columnNames.join(', ')})`;
  } else {
    const stage = `stg_${dataTableName(owner)}`;
    const defs = [
      `tid INTEGER`,
      ...names.map((n, j) => `${n} ${types[j]}`),
      ...masks.map((m) => `${m} BOOLEAN`),
    ];
    await c.run(`CREATE OR REPLACE TEMP TABLE ${stage} (${defs.join(', ')})`);
    const cols: ArrayLike<AppendValue>[] = [pick(batch.tids, rows)];
    for (let j = 0; j < width; j++) cols.push(pick(batch.cols[j]!, rows));
    for (let j = 1; j < width; j++) cols.push(rows.map((i) => supplied(i, j)));
    await c.append(
      { catalog: 'temp', schema: 'main', table: stage },
      ['INTEGER', ...types, ...masks.map((): PhysType => 'BOOLEAN')],
      cols,
      rows.length,
    );
    source = `temp.main.${stage} AS s`;
    cleanup = `DROP TABLE temp.main.${stage}`;
  }
  const rel = dataRelation(owner);
  const ts = names[0]!;
  const isSuper = owner.kind === 'super';
  // The ts range lets DuckDB skip row groups by zone map instead of scanning the relation.
  const keyMatch = `${isSuper ? 'd.tid = s.tid AND ' : ''}d.${ts} = s.${ts} AND d.${ts} BETWEEN ${lo} AND ${hi}`;
  const sets = names.slice(1).map((n, j) => `${n} = CASE WHEN s.m${j + 1} THEN s.${n} ELSE d.${n} END`);
  const sql: string[] = [];
  if (sets.length > 0) sql.push(`UPDATE ${rel} AS d SET ${sets.join(', ')} FROM ${source} WHERE ${keyMatch}`);
  const select = [...(isSuper ? ['s.tid'] : []), ...names.map((n) => `s.${n}`)].join(', ');
  sql.push(
    `INSERT INTO ${rel} SELECT ${select} FROM ${source} WHERE NOT EXISTS (SELECT 1 FROM ${rel} AS d WHERE ${keyMatch})`,
  );
  if (cleanup) sql.push(cleanup);
  await c.run(sql.join(';\n'));
}
