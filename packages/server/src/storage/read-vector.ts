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

/** What {@link walkStrings} hands out, row by row or run by run. */
interface StringVisitor {
  /** Row `r` is NULL. */
  nul(r: number): void;
  /** Row `r` is `src[start, start + len)` (a short string, stored in the vector itself). */
  inline(r: number, src: Uint8Array, start: number, len: number): void;
  /** Row `r` holds a long string, delivered later by `run` or `scattered`. */
  pending(r: number): void;
  /**
   * Rows `rows[j0..j1)` lie back to back in `span`, one copy: row `rows[j]` is
   * `span[starts[j] - base, ends[j] - base)`.
   */
  run(span: Uint8Array, base: number, j0: number, j1: number, p: PointerRows): void;
  /** Row `r` is `bytes()` (one copy), the string at pointer `p` of `len` bytes (dictionaries repeat). */
  scattered(r: number, p: number, len: number, bytes: () => Uint8Array): void;
}

/** Long strings of a vector chunk: row, start pointer and end pointer, in row order. */
interface PointerRows {
  readonly rows: Int32Array;
  readonly starts: Float64Array;
  readonly ends: Float64Array;
}

/**
 * Walk `n` rows of a VARCHAR vector (`dv` over its 16-byte `duckdb_string_t`s): strings up to 12
 * bytes are inline; longer ones are copied a run of back-to-back strings at a time (see the top of
 * this file), or one by one when they are scattered (a dictionary in random order).
 */
function walkStrings(
  dv: DataView,
  valid: Uint8Array | null,
  n: number,
  fromPointer: PointerReader,
  v: StringVisitor,
): void {
  const bytes = new Uint8Array(dv.buffer, dv.byteOffset, dv.byteLength);
  const p: PointerRows = { rows: new Int32Array(n), starts: new Float64Array(n), ends: new Float64Array(n) };
  const { rows, starts, ends } = p;
  let m = 0;
  for (let r = 0; r < n; r++) {
    if (valid !== null && !((valid[r >>> 3]! >>> (r & 7)) & 1)) {
      v.nul(r);
      continue;
    }
    const o = 16 * r;
    const len = dv.getUint32(o, true);
    if (len <= 12) {
      v.inline(r, bytes, o + 4, len);
      continue;
    }
    v.pending(r);
    // 64-bit little-endian pointer; user-space addresses fit a double exactly.
    const ptr = dv.getUint32(o + 8, true) + dv.getUint32(o + 12, true) * 4294967296;
    starts[m] = ptr;
    ends[m] = ptr + len;
    rows[m] = r;
    m++;
  }
  if (m === 0) return;
  // Runs of strings that sit back to back (or inside each other) in row order: one copy per run
  // reads only bytes of those strings. Scan results have a few runs per chunk (one per arena
  // block); a dictionary in random order has one per row and is better served one by one.
  let runs = 1;
  for (let j = 1, end = ends[0]!; j < m; j++) {
    const ptr = starts[j]!;
    if (ptr < starts[j - 1]! || ptr > end) {
      runs++;
      end = ends[j]!;
    } else if (ends[j]! > end) end = ends[j]!;
  }
  const pointerAt = (r: number) => dv.byteOffset + 16 * r + 8;
  if (runs * 8 <= m) {
    for (let j0 = 0; j0 < m;) {
      const base = starts[j0]!;
      let end = ends[j0]!;
      let j1 = j0 + 1;
      for (; j1 < m; j1++) {
        const ptr = starts[j1]!;
        if (ptr < starts[j1 - 1]! || ptr > end) break;
        if (ends[j1]! > end) end = ends[j1]!;
      }
      v.run(fromPointer(dv.buffer as ArrayBuffer, pointerAt(rows[j0]!), end - base), base, j0, j1, p);
      j0 = j1;
    }
    return;
  }
  for (let j = 0; j < m; j++) {
    const r = rows[j]!;
    const len = ends[j]! - starts[j]!;
    v.scattered(r, starts[j]!, len, () => fromPointer(dv.buffer as ArrayBuffer, pointerAt(r), len));
  }
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
  // Decoded once per distinct pointer (dictionary vectors repeat).
  const seen = new Map<number, { readonly len: number; readonly s: string }>();
  walkStrings(dv, valid, n, fromPointer, {
    nul: (r) => (out[at + r] = null),
    inline: (r, src, start, len) => (out[at + r] = inlineString(src, start, len)),
    // Placeholder keeps `out` densely filled in order (a hole would make it a slow sparse array).
    pending: (r) => (out[at + r] = null),
    run(span, base, j0, j1, { rows, starts, ends }) {
      if (isAscii(span)) {
        const text = Buffer.from(span.buffer, span.byteOffset, span.byteLength).toString('latin1');
        for (let j = j0; j < j1; j++) out[at + rows[j]!] = text.slice(starts[j]! - base, ends[j]! - base);
      } else {
        for (let j = j0; j < j1; j++) {
          out[at + rows[j]!] = decoder.decode(span.subarray(starts[j]! - base, ends[j]! - base));
        }
      }
    },
    scattered(r, p, len, bytes) {
      const hit = seen.get(p);
      if (hit !== undefined && hit.len === len) {
        out[at + r] = hit.s;
        return;
      }
      const s = decoder.decode(bytes());
      seen.set(p, { len, s });
      out[at + r] = s;
    },
  });
}

/**
 * Read `n` rows of a VARCHAR vector into `out` from row `at` as raw-block entries, never making
 * strings (the WS fetch path: the bytes go from DuckDB into the block).
 */
export function readVarEntries(
  dv: DataView,
  valid: Uint8Array | null,
  n: number,
  out: VarEntriesBuilder,
  at: number,
  fromPointer: PointerReader,
): void {
  // Copied once per distinct pointer (dictionary vectors repeat).
  const seen = new Map<number, Uint8Array>();
  walkStrings(dv, valid, n, fromPointer, {
    nul: (r) => out.setNull(at + r),
    inline: (r, src, start, len) => out.add(at + r, src, start, len),
    pending: () => undefined,
    run(span, base, j0, j1, { rows, starts, ends }) {
      for (let j = j0; j < j1; j++) out.add(at + rows[j]!, span, starts[j]! - base, ends[j]! - starts[j]!);
    },
    scattered(r, p, len, bytes) {
      let span = seen.get(p);
      if (span === undefined || span.length !== len) seen.set(p, (span = bytes()));
      out.add(at + r, span, 0, len);
    },
  });
}
