/**
 * Bulk writer for appender DataChunks (perf.md §3a): numbers go straight into a vector's backing
 * typed array, and the validity mask is touched only for NULLs — `setItem` costs a call, range
 * checks and, once the vector has a mask, BigInt bit operations per value. Works on the shape
 * `@duckdb/node-api` numeric vectors have (typed-array `items`, a `validity` whose `data` is a
 * `BigUint64Array` or null); `duckdb-storage.ts` falls back to `setItem` for anything else.
 * Values were converted and range-checked by the ingest planner.
 */
import type { TypedValues } from '@taosts/protocol';
import type { AppendValue } from './storage.js';

type Items = TypedValues;

interface Validity {
  data: BigUint64Array | null;
  readonly offset: number;
  setItemValid(row: number, valid: boolean): void;
}

const ALL_VALID = 0xffff_ffff_ffff_ffffn;

/**
 * Write `values[start .. start + n)` into rows `0 .. n)` of a numeric vector. Returns false
 * (nothing written) when the vector does not have the expected shape.
 */
export function writeItems(
  vector: unknown,
  values: ArrayLike<AppendValue>,
  start: number,
  n: number,
): boolean {
  const { items, validity } = vector as { items?: unknown; validity?: Validity };
  if (!ArrayBuffer.isView(items) || items instanceof DataView || !validity || validity.offset !== 0)
    return false;
  const data = validity.data;
  if (data !== null && !(data instanceof BigUint64Array)) return false;
  const out = items as Items;
  if (out.length < n) return false;
  // A chunk is reused: rows a previous chunk left NULL must become valid again.
  if (data !== null) data.fill(ALL_VALID);
  if (ArrayBuffer.isView(values) && values.constructor === out.constructor) {
    (out as Float64Array).set((values as unknown as Float64Array).subarray(start, start + n));
    return true;
  }
  let nulls = false;
  const dst = out as unknown as AppendValue[];
  for (let r = 0; r < n; r++) {
    const v = values[start + r];
    if (v === null || v === undefined) nulls = true;
    else dst[r] = v;
  }
  if (nulls) {
    for (let r = 0; r < n; r++) {
      const v = values[start + r];
      if (v === null || v === undefined) validity.setItemValid(r, false);
    }
  }
  return true;
}
