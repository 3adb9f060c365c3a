/**
 * Rows bound for one data relation, column-major. Each row carries the mask of columns it
 * supplied: TDengine tells NONE (not supplied — keep the old value) from NULL (overwrite).
 */
import type { TypedValues } from '@taosts/protocol';
import type { AppendValue } from '../storage/storage.js';

/** `mask[j]` true when column j was supplied; `undefined` = all supplied. */
export type Mask = readonly boolean[] | undefined;

/**
 * A column's values: an array, or — numeric columns without NULLs, e.g. from stmt2 binds — a
 * typed array of the column's element type (TIMESTAMP/BIGINT as `BigInt64Array` ticks), kept as
 * it is from the decoder to the appender.
 */
export type Column = AppendValue[] | TypedValues;

/** Whether `c` is a typed array (then it holds no NULLs). */
export function isTyped(c: ArrayLike<unknown>): c is TypedValues {
  return ArrayBuffer.isView(c);
}

/** Rows of one table as pushed: column arrays of at least `n` values each. */
interface Segment {
  readonly tid: number;
  readonly cols: readonly Column[];
  readonly n: number;
  readonly mask: Mask;
  /** Set when the segment is the copied rows of a batch: their own tids and masks. */
  readonly rows?: RowBatch;
}

export class RowBatch {
  /** Data columns (ts first) of the owning relation. */
  readonly width: number;
  #tids: Int32Array;
  #cols: Column[];
  #masks: Mask[];
  /** Rows pushed with `pushColumns` and not yet copied into the columns: copied once, lazily. */
  #segments: Segment[] = [];
  #pending = 0;
  /** Cached `increasing()`; rows pushed reset it. */
  #inc: boolean | undefined;

  constructor(width: number) {
    this.width = width;
    this.#tids = new Int32Array(0);
    this.#masks = [];
    this.#cols = Array.from({ length: width }, () => []);
  }

  get length(): number {
    return this.#tids.length + this.#pending;
  }

  /** `tid` per row (super tables) — 0 for normal tables. */
  get tids(): Int32Array {
    this.#flush();
    return this.#tids;
  }

  /** Column-major values; `cols[0]` holds the ts (bigint). */
  get cols(): Column[] {
    this.#flush();
    return this.#cols;
  }

  /** The mask of columns each row supplied. */
  get masks(): Mask[] {
    this.#flush();
    return this.#masks;
  }

  /** Append a row; `values[j]` for supplied columns, ignored where `mask[j]` is false. */
  push(tid: number, values: readonly AppendValue[], mask: Mask): void {
    const cols: AppendValue[][] = [];
    for (let j = 0; j < this.width; j++) cols.push([mask === undefined || mask[j] ? values[j]! : null]);
    this.pushColumns(tid, cols, 1, mask);
  }

  /** Append `n` rows of one table given column-major (the arrays are kept, not copied yet). */
  pushColumns(tid: number, cols: readonly Column[], n: number, mask: Mask): void {
    if (n === 0) return;
    this.#inc = undefined;
    this.#segments.push({ tid, cols, n, mask });
    this.#pending += n;
  }

  /** One batch holding `batches`' rows in order (the first batch itself when alone). */
  static concat(batches: readonly RowBatch[]): RowBatch {
    if (batches.length === 1) return batches[0]!;
    const out = new RowBatch(batches[0]!.width);
    for (const b of batches) {
      if (b.#tids.length > 0)
        out.#segments.push({ tid: 0, cols: b.#cols, n: b.#tids.length, mask: undefined, rows: b });
      for (const s of b.#segments) out.#segments.push(s);
      out.#pending += b.length;
    }
    return out;
  }

  /** Copy the pending segments into the columns, each column in one pass. */
  #flush(): void {
    const segs = this.#segments;
    if (segs.length === 0) return;
    const have = this.#tids.length;
    const total = have + this.#pending;
    const tids = new Int32Array(total);
    tids.set(this.#tids);
    const masks = this.#masks;
    let at = have;
    let allSupplied = true;
    for (const s of segs) {
      if (s.rows) {
        tids.set(s.rows.#tids.subarray(0, s.n), at);
        if (s.rows.#masks.some((m) => m !== undefined)) allSupplied = false;
      } else {
        tids.fill(s.tid, at, at + s.n);
        if (s.mask !== undefined) allSupplied = false;
      }
      at += s.n;
    }
    if (allSupplied && masks.every((m) => m === undefined)) {
      masks.length = total;
      masks.fill(undefined, have);
    } else
      for (const s of segs) {
        if (s.rows) for (let i = 0; i < s.n; i++) masks.push(s.rows.#masks[i]);
        else for (let i = 0; i < s.n; i++) masks.push(s.mask);
      }
    for (let j = 0; j < this.width; j++) {
      const parts: Column[] = have > 0 ? [this.#cols[j]!] : [];
      for (const s of segs) {
        const src = s.cols[j]!;
        parts.push(src.length === s.n ? src : isTyped(src) ? src.subarray(0, s.n) : src.slice(0, s.n));
      }
      this.#cols[j] = concatAll(parts);
    }
    this.#tids = tids;
    this.#segments = [];
    this.#pending = 0;
  }

  /** Rows after merging equal (tid, ts) keys — the statement's affected rows. */
  distinctKeys(): number {
    if (this.increasing()) return this.length;
    const seen = new Set<string>();
    const tids = this.tids;
    const ts = this.cols[0]!;
    for (let i = 0; i < this.length; i++) seen.add(`${tids[i]}:${ts[i]}`);
    return seen.size;
  }

  /** Per tid, ts strictly increasing in arrival order: then no key repeats (and no merging). */
  increasing(): boolean {
    return (this.#inc ??= this.#increasing());
  }

  #increasing(): boolean {
    if (this.#tids.length > 0 || this.#segments.some((s) => s.rows)) this.#flush();
    const last = new Map<number, bigint>();
    // Rows come in runs of one table: compare neighbours, consult the map only between runs.
    const run = (tid: number, ts: ArrayLike<AppendValue>, from: number, to: number): boolean => {
      const prev = last.get(tid);
      if (prev !== undefined && (ts[from] as bigint) <= prev) return false;
      for (let k = from + 1; k < to; k++) if ((ts[k] as bigint) <= (ts[k - 1] as bigint)) return false;
      last.set(tid, ts[to - 1] as bigint);
      return true;
    };
    if (this.#segments.length > 0) {
      for (const s of this.#segments) if (!run(s.tid, s.cols[0]!, 0, s.n)) return false;
      return true;
    }
    const tids = this.#tids;
    const ts = this.#cols[0]!;
    let i = 0;
    while (i < tids.length) {
      const tid = tids[i]!;
      let j = i + 1;
      while (j < tids.length && tids[j] === tid) j++;
      if (!run(tid, ts, i, j)) return false;
      i = j;
    }
    return true;
  }

  ts(i: number): bigint {
    return this.cols[0]![i] as bigint;
  }

  /**
   * Merge rows with the same (tid, ts) in statement order: later supplied columns win, columns
   * a later row leaves NONE keep the earlier value (sql.md §1.6). Returns the surviving row
   * indexes in first-seen order.
   */
  dedupe(): number[] {
    const n = this.length;
    const tids = this.tids;
    const cols = this.cols;
    const masks = this.masks;
    if (this.increasing()) {
      const all = new Array<number>(n);
      for (let i = 0; i < n; i++) all[i] = i;
      return all;
    }
    const seen = new Map<string, number>();
    const keep: number[] = [];
    for (let i = 0; i < n; i++) {
      const key = `${tids[i]}:${cols[0]![i]}`;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, i);
        keep.push(i);
        continue;
      }
      const later = masks[i];
      const earlier = masks[first];
      const merged: boolean[] = [];
      for (let j = 0; j < this.width; j++) {
        const supplied = later === undefined || later[j]!;
        // Same column, so the value fits a typed array's element type.
        if (supplied) (cols[j] as AppendValue[])[first] = cols[j]![i]!;
        merged.push(supplied || earlier === undefined || earlier[j]!);
      }
      masks[first] = merged.every(Boolean) ? undefined : merged;
    }
    return keep;
  }
}

/**
 * One column of `parts` in order (the part itself when alone): a typed array when every part
 * is one of the same kind, else an array. Never `push(...spread)`: parts can be millions of rows.
 */
function concatAll(parts: readonly Column[]): Column {
  if (parts.length === 1) return parts[0]!;
  const first = parts[0]!;
  if (isTyped(first) && parts.every((p) => p.constructor === first.constructor)) {
    let total = 0;
    for (const p of parts) total += p.length;
    const Ctor = first.constructor as new (n: number) => TypedValues;
    const out = new Ctor(total);
    let at = 0;
    for (const p of parts) {
      (out as Float64Array).set(p as Float64Array, at);
      at += p.length;
    }
    return out;
  }
  const arrays = parts.map((p) => (isTyped(p) ? Array.from(p as ArrayLike<AppendValue>) : p));
  const ARGS = 4096;
  let out = arrays[0]!.concat(...arrays.slice(1, ARGS));
  for (let k = ARGS; k < arrays.length; k += ARGS) out = out.concat(...arrays.slice(k, k + ARGS));
  return out;
}
