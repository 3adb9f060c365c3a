/**
 * Rows bound for one data relation, column-major. Each row carries the mask of columns it
 * supplied: TDengine tells NONE (not supplied — keep the old value) from NULL (overwrite).
 */
import type { AppendValue } from '../storage/storage.js';

/** `mask[j]` true when column j was supplied; `undefined` = all supplied. */
export type Mask = readonly boolean[] | undefined;

export class RowBatch {
  /** Data columns (ts first) of the owning relation. */
  readonly width: number;
  /** `tid` per row (super tables) — 0 for normal tables. */
  readonly tids: number[];
  /** Column-major values; `cols[0]` holds the ts (bigint). */
  cols: AppendValue[][];
  readonly masks: Mask[];

  constructor(width: number, tids: number[] = [], masks: Mask[] = []) {
    this.width = width;
    this.tids = tids;
    this.masks = masks;
    this.cols = Array.from({ length: width }, () => []);
  }

  get length(): number {
    return this.tids.length;
  }

  /** Append a row; `values[j]` for supplied columns, ignored where `mask[j]` is false. */
  push(tid: number, values: readonly AppendValue[], mask: Mask): void {
    this.tids.push(tid);
    for (let j = 0; j < this.width; j++)
      this.cols[j]!.push(mask === undefined || mask[j] ? values[j]! : null);
    this.masks.push(mask);
  }

  /** One batch holding `batches`' rows in order (the first batch itself when alone). */
  static concat(batches: readonly RowBatch[]): RowBatch {
    if (batches.length === 1) return batches[0]!;
    // Array.prototype.concat, never push(...spread): a group can hold millions of rows.
    const first = batches[0]!;
    const rest = batches.slice(1);
    const out = new RowBatch(
      first.width,
      first.tids.concat(...rest.map((b) => b.tids)),
      first.masks.concat(...rest.map((b) => b.masks)),
    );
    for (let j = 0; j < out.width; j++) out.cols[j] = first.cols[j]!.concat(...rest.map((b) => b.cols[j]!));
    return out;
  }

  /** Rows after merging equal (tid, ts) keys — the statement's affected rows. */
  distinctKeys(): number {
    if (this.#increasing()) return this.length;
    const seen = new Set<string>();
    for (let i = 0; i < this.length; i++) seen.add(`${this.tids[i]}:${this.ts(i)}`);
    return seen.size;
  }

  /** Per tid, ts strictly increasing in arrival order: then no key repeats. */
  #increasing(): boolean {
    const tids = this.tids;
    const ts = this.cols[0]! as bigint[];
    const last = new Map<number, bigint>();
    let i = 0;
    while (i < tids.length) {
      // Rows come in runs of one table: compare neighbours, consult the map only between runs.
      const tid = tids[i]!;
      const prev = last.get(tid);
      if (prev !== undefined && ts[i]! <= prev) return false;
      let j = i + 1;
      while (j < tids.length && tids[j] === tid) {
        if (ts[j]! <= ts[j - 1]!) return false;
        j++;
      }
      last.set(tid, ts[j - 1]!);
      i = j;
    }
    return true;
  }

  /** Append `n` rows given column-major; adopts the arrays when the batch is empty. */
  pushColumns(tid: number, cols: readonly AppendValue[][], n: number, mask: Mask): void {
    if (this.tids.length === 0) {
      for (let j = 0; j < this.width; j++) this.cols[j] = cols[j]!;
    } else {
      for (let j = 0; j < this.width; j++) {
        const dst = this.cols[j]!;
        const src = cols[j]!;
        for (let i = 0; i < n; i++) dst.push(src[i]!);
      }
    }
    for (let i = 0; i < n; i++) {
      this.tids.push(tid);
      this.masks.push(mask);
    }
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
    if (this.#increasing()) return Array.from({ length: n }, (_, i) => i);
    const seen = new Map<string, number>();
    const keep: number[] = [];
    for (let i = 0; i < n; i++) {
      const key = `${this.tids[i]}:${this.ts(i)}`;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, i);
        keep.push(i);
        continue;
      }
      const later = this.masks[i];
      const earlier = this.masks[first];
      const merged: boolean[] = [];
      for (let j = 0; j < this.width; j++) {
        const supplied = later === undefined || later[j]!;
        if (supplied) this.cols[j]![first] = this.cols[j]![i]!;
        merged.push(supplied || earlier === undefined || earlier[j]!);
      }
      this.masks[first] = merged.every(Boolean) ? undefined : merged;
    }
    return keep;
  }
}
