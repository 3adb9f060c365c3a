/**
 * Bulk readers for DuckDB result vectors: a whole vector becomes engine values in one loop, with
 * no per-value `getItem` wrapper objects. Works on the shape `@duckdb/node-api` vectors have
 * (typed-array `items`, a `DataView` of `duckdb_string_t`s, a `BigUint64Array` validity mask);
 * `duckdb-storage.ts` falls back to `getItem` for any vector that lacks it.
 *
 * VARCHAR is the expensive one (perf.md §3f): a string longer than 12 bytes lives behind a
 * pointer, and `getItem` copies each one out with its own native call. Within a chunk those
 * strings usually tile one contiguous range (an uncompressed segment's heap, a dictionary), so
 * we copy each run of back-to-back strings with one call and slice it.
 */
import type { TypedValues, VarEntriesBuilder } from '@taosts/protocol';
import { isAscii } from 'node:buffer';
import type { Value } from '../engine/types.js';

/** Copies `byteCount` bytes from the pointer stored at `pointerOffset` in `buffer`. */
export type PointerReader = (buffer: ArrayBuffer, pointerOffset: number, byteCount: number) => Uint8Array;

type Items = TypedValues;

/** Validity bits (1 = valid, LSB first) or null when every row is valid. */
export function validityBytes(vector: unknown): Uint8Array | null | undefined {
  const validity = (vector as { validity?: { data?: unknown; offset?: unknown } }).validity;
  if (!validity || validity.offset !== 0) return undefined;
  const data = validity.data;
  if (data === null) return null;
  if (!(data instanceof BigUint64Array)) return undefined;
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** The vector's typed-array values, when it has them. */
export function vectorItems(vector: unknown): Items | undefined {
  const items = (vector as { items?: unknown }).items;
  return ArrayBuffer.isView(items) && !(items instanceof DataView) ? (items as Items) : undefined;
}

/** Copy `n` values of a numeric vector into `out` from `at`. */
export function readItems(items: Items, valid: Uint8Array | null, n: number, out: Value[], at: number): void {
  if (valid === null) {
    for (let r = 0; r < n; r++) out[at + r] = items[r]!;
    return;
  }
  for (let r = 0; r < n; r++) out[at + r] = (valid[r >>> 3]! >>> (r & 7)) & 1 ? items[r]! : null;
}

const decoder = new TextDecoder();

/** Short strings are stored inline in the 16-byte `duckdb_string_t`. */
function inlineString(bytes: Uint8Array, start: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) {
    const b = bytes[start + i]!;
    if (b >= 0x80) return decoder.decode(bytes.subarray(start, start + len));
    s += String.fromCharCode(b);
  }
  return s;
}

/**
 * Read `n` strings of a VARCHAR vector (`dv` over its `duckdb_string_t`s) into `out` from `at`.
 */
export function readStrings(
  dv: DataView,
  valid: Uint8Array | null,
  n: number,
  out: Value[],
  at: number,
  fromPointer: PointerReader,
): void {
  const bytes = new Uint8Array(dv.buffer, dv.byteOffset, dv.byteLength);
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const rows = new Int32Array(n);
  let m = 0;
  for (let r = 0; r < n; r++) {
    if (valid !== null && !((valid[r >>> 3]! >>> (r & 7)) & 1)) {
      out[at + r] = null;
      continue;
    }
    const o = 16 * r;
    const len = dv.getUint32(o, true);
    if (len <= 12) {
      out[at + r] = inlineString(bytes, o + 4, len);
      continue;
    }
    // Placeholder keeps `out` densely filled in order (a hole would make it a slow sparse array).
    out[at + r] = null;
    // 64-bit little-endian pointer; user-space addresses fit a double exactly.
    const p = dv.getUint32(o + 8, true) + dv.getUint32(o + 12, true) * 4294967296;
    starts[m] = p;
    ends[m] = p + len;
    rows[m] = r;
    m++;
  }
  if (m === 0) return;
  // Runs of strings that sit back to back (or inside each other) in row order: one copy per run
  // reads only bytes of those strings. Scan results have a few runs per chunk (one per arena
  // block); a dictionary in random order has one per row and is better served by the cache below.
  let runs = 1;
  for (let j = 1, end = ends[0]!; j < m; j++) {
    const p = starts[j]!;
    if (p < starts[j - 1]! || p > end) {
      runs++;
      end = ends[j]!;
    } else if (ends[j]! > end) end = ends[j]!;
  }
  if (runs * 8 <= m) {
    for (let j0 = 0; j0 < m;) {
      const base = starts[j0]!;
      let end = ends[j0]!;
      let j1 = j0 + 1;
      for (; j1 < m; j1++) {
        const p = starts[j1]!;
        if (p < starts[j1 - 1]! || p > end) break;
        if (ends[j1]! > end) end = ends[j1]!;
      }
      const span = fromPointer(dv.buffer as ArrayBuffer, dv.byteOffset + 16 * rows[j0]! + 8, end - base);
      if (isAscii(span)) {
        const text = Buffer.from(span.buffer, span.byteOffset, span.byteLength).toString('latin1');
        for (let j = j0; j < j1; j++) out[at + rows[j]!] = text.slice(starts[j]! - base, ends[j]! - base);
      } else {
        for (let j = j0; j < j1; j++) {
          out[at + rows[j]!] = decoder.decode(span.subarray(starts[j]! - base, ends[j]! - base));
        }
      }
      j0 = j1;
    }
    return;
  }
  // Scattered strings: one copy each, but once per distinct pointer (dictionary vectors repeat).
  const seen = new Map<number, { readonly len: number; readonly s: string }>();
  for (let j = 0; j < m; j++) {
    const r = rows[j]!;
    const p = starts[j]!;
    const len = ends[j]! - p;
    const hit = seen.get(p);
    if (hit !== undefined && hit.len === len) {
      out[at + r] = hit.s;
      continue;
    }
    const s = decoder.decode(fromPointer(dv.buffer as ArrayBuffer, dv.byteOffset + 16 * r + 8, len));
    seen.set(p, { len, s });
    out[at + r] = s;
  }
}

/**
 * Read `n` rows of a VARCHAR vector (`dv` over its `duckdb_string_t`s) into `out` from row `at`
 * as raw-block entries, never making strings: short strings come from the vector itself, longer
 * ones from one pointer copy per run of back-to-back strings (or one per distinct pointer when
 * they are scattered, as in a dictionary).
 */
export function readVarEntries(
  dv: DataView,
  valid: Uint8Array | null,
  n: number,
  out: VarEntriesBuilder,
  at: number,
  fromPointer: PointerReader,
): void {
  const bytes = new Uint8Array(dv.buffer, dv.byteOffset, dv.byteLength);
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const rows = new Int32Array(n);
  let m = 0;
  for (let r = 0; r < n; r++) {
    if (valid !== null && !((valid[r >>> 3]! >>> (r & 7)) & 1)) {
      out.setNull(at + r);
      continue;
    }
    const o = 16 * r;
    const len = dv.getUint32(o, true);
    if (len <= 12) {
      out.add(at + r, bytes, o + 4, len);
      continue;
    }
    const p = dv.getUint32(o + 8, true) + dv.getUint32(o + 12, true) * 4294967296;
    starts[m] = p;
    ends[m] = p + len;
    rows[m] = r;
    m++;
  }
  if (m === 0) return;
  let runs = 1;
  for (let j = 1, end = ends[0]!; j < m; j++) {
    const p = starts[j]!;
    if (p < starts[j - 1]! || p > end) {
      runs++;
      end = ends[j]!;
    } else if (ends[j]! > end) end = ends[j]!;
  }
  if (runs * 8 <= m) {
    for (let j0 = 0; j0 < m;) {
      const base = starts[j0]!;
      let end = ends[j0]!;
      let j1 = j0 + 1;
      for (; j1 < m; j1++) {
        const p = starts[j1]!;
        if (p < starts[j1 - 1]! || p > end) break;
        if (ends[j1]! > end) end = ends[j1]!;
      }
      const span = fromPointer(dv.buffer as ArrayBuffer, dv.byteOffset + 16 * rows[j0]! + 8, end - base);
      for (let j = j0; j < j1; j++) out.add(at + rows[j]!, span, starts[j]! - base, ends[j]! - starts[j]!);
      j0 = j1;
    }
    return;
  }
  // Scattered strings: one copy each, once per distinct pointer (dictionary vectors repeat).
  const seen = new Map<number, Uint8Array>();
  for (let j = 0; j < m; j++) {
    const r = rows[j]!;
    const p = starts[j]!;
    const len = ends[j]! - p;
    let span = seen.get(p);
    if (span === undefined || span.length !== len) {
      span = fromPointer(dv.buffer as ArrayBuffer, dv.byteOffset + 16 * r + 8, len);
      seen.set(p, span);
    }
    out.add(at + r, span, 0, len);
  }
}
