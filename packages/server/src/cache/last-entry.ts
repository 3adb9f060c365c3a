/**
 * What the last-row cache knows about one table (one `tid` of a data relation): its last row
 * and, per column, the last non-NULL value with its ts (TDengine's `last_row` / `last_value`
 * cache models). Values are in appender form (`AppendValue`: DECIMAL as a scaled bigint).
 */
import type { PreparedWrite } from '../ingest/relation-writer.js';
import type { AppendValue } from '../storage/storage.js';

export interface LastEntry {
  /** ts of the last row. */
  ts: bigint;
  /** The last row, ts first, NULLs kept. */
  row: AppendValue[];
  /** Per column (index 0 unused): ts of its last non-NULL value, undefined if none. */
  readonly nnTs: (bigint | undefined)[];
  readonly nnVal: AppendValue[];
}

export function emptyEntry(width: number): LastEntry {
  return {
    ts: -(2n ** 63n),
    row: [],
    nnTs: new Array(width).fill(undefined),
    nnVal: new Array(width).fill(null),
  };
}

/** Make row `i` of `cols` the entry's last row (its ts is newer than everything known). */
function setRow(e: LastEntry, cols: readonly ArrayLike<AppendValue>[], i: number, ts: bigint): void {
  e.ts = ts;
  const row = new Array<AppendValue>(cols.length);
  for (let k = 0; k < cols.length; k++) {
    const v = cols[k]![i]!;
    row[k] = v;
    if (k > 0 && v !== null) {
      e.nnTs[k] = ts;
      e.nnVal[k] = v;
    }
  }
  e.row = row;
}

/** Fold row `i` into the entry, whatever its ts. */
function foldRow(e: LastEntry, cols: readonly ArrayLike<AppendValue>[], i: number, ts: bigint): void {
  if (ts > e.ts) return setRow(e, cols, i, ts);
  for (let k = 1; k < cols.length; k++) {
    const v = cols[k]![i]!;
    const seen = e.nnTs[k];
    if (v !== null && (seen === undefined || ts > seen)) {
      e.nnTs[k] = ts;
      e.nnVal[k] = v;
    }
  }
}

const hasNull = (row: readonly AppendValue[]): boolean => row.some((v) => v === null);

/**
 * Fold the appended (fresh) rows of a committed write into `entries`; the tids whose entry
 * changed go to `touched`, tids with merged (older) rows to `stale` — an UPDATE may have
 * turned their last values to NULL, so they are reloaded from the data relation.
 *
 * Rows come in runs of one table. A run ending with the table's newest row of the write whose
 * values are all non-NULL settles that table in O(1): nothing older can change its entry.
 */
export function applyWrite(
  entries: Map<number, LastEntry>,
  w: PreparedWrite,
  touched: Set<number>,
  stale: Set<number>,
): void {
  const { batch, fresh, older, maxima } = w;
  const tids = batch.tids;
  const cols = batch.cols;
  const ts = cols[0]! as bigint[];
  const settled = new Set<number>();
  let i = fresh.length - 1;
  while (i >= 0) {
    const tid = tids[fresh[i]!]!;
    let j = i;
    while (j > 0 && tids[fresh[j - 1]!] === tid) j--;
    if (!settled.has(tid)) {
      touched.add(tid);
      let e = entries.get(tid);
      if (!e) entries.set(tid, (e = emptyEntry(cols.length)));
      const last = fresh[i]!;
      if (ts[last] === maxima.get(tid) && ts[last]! > e.ts) {
        setRow(e, cols, last, ts[last]!);
        if (!hasNull(e.row)) settled.add(tid);
      }
      if (!settled.has(tid)) for (let r = j; r <= i; r++) foldRow(e, cols, fresh[r]!, ts[fresh[r]!]!);
    }
    i = j - 1;
  }
  for (const r of older) {
    stale.add(tids[r]!);
    touched.add(tids[r]!);
  }
}

/**
 * Rows of the cache relation for one entry: the last row (flag true) and, for columns whose
 * last non-NULL value is older, one row per such ts holding just those values (flag false).
 */
export function entryRows(e: LastEntry): { ts: bigint; values: AppendValue[]; last: boolean }[] {
  const out = [{ ts: e.ts, values: e.row, last: true }];
  const width = e.row.length;
  let extra: Map<bigint, AppendValue[]> | undefined;
  for (let k = 1; k < width; k++) {
    const t = e.nnTs[k];
    if (t === undefined || t === e.ts) continue;
    extra ??= new Map();
    let values = extra.get(t);
    if (!values) {
      values = new Array<AppendValue>(width).fill(null);
      values[0] = t;
      extra.set(t, values);
    }
    values[k] = e.nnVal[k]!;
  }
  if (extra) for (const [t, values] of extra) out.push({ ts: t, values, last: false });
  return out;
}
