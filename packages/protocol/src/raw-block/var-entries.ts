import { Code, TaosError } from '../errors.js';
import type { VarEntries } from './types.js';

/** Hash slots remembered for sharing repeated entries (a power of two). */
const SLOTS = 1024;
/** Entries after which a column that keeps missing the memo stops looking. */
const PROBE = 256;

/**
 * Builds {@link VarEntries} from bytes, row by row in any order: each distinct payload is written
 * once (`uint16` length + bytes) and rows holding the same bytes point at the same entry, found
 * through a small hash memo that switches itself off when the values are mostly distinct. This
 * is what `shareRepeats` does for strings, on bytes that never become strings.
 *
 * @example
 * const b = new VarEntriesBuilder(2);
 * b.add(0, utf8, 0, 3); b.setNull(1);
 * encodeRawBlock([{ type: TypeCode.VARCHAR, values: b.finish() }], 2);
 */
export class VarEntriesBuilder {
  readonly #offsets: Int32Array;
  #data: Uint8Array;
  #view: DataView;
  #pos = 0;
  #max = 0;
  readonly #keys = new Int32Array(SLOTS);
  /** Entry offset + 1 per slot (0: empty). */
  readonly #slots = new Int32Array(SLOTS);
  #share = true;
  #adds = 0;
  #misses = 0;
  /** The last source array and a view of it (rows of a run, or of a vector, share one). */
  #src: Uint8Array | undefined;
  #srcView: DataView | undefined;

  /** `rows` rows; `bytesHint` sizes the data area (it grows as needed). */
  constructor(rows: number, bytesHint = 16 * rows) {
    this.#offsets = new Int32Array(rows);
    this.#data = new Uint8Array(Math.max(64, bytesHint));
    this.#view = new DataView(this.#data.buffer);
  }

  setNull(row: number): void {
    this.#offsets[row] = -1;
  }

  /** Row `row` holds `src[start, start + len)`. */
  add(row: number, src: Uint8Array, start: number, len: number): void {
    if (len > 0xffff)
      throw new TaosError(Code.INVALID_PARA, `row ${row}: a value of ${len} bytes is too long`);
    let slot = -1;
    let hash = 0;
    if (this.#share) {
      // Mostly distinct values after PROBE rows: stop looking (and hashing).
      if (++this.#adds === PROBE && this.#misses > PROBE / 2) this.#share = false;
      if (src !== this.#src) {
        this.#src = src;
        this.#srcView = new DataView(src.buffer, src.byteOffset, src.byteLength);
      }
      const sv = this.#srcView!;
      hash = sampleHash(src, start, len);
      slot = hash & (SLOTS - 1);
      const at = this.#slots[slot]! - 1;
      if (at >= 0 && this.#keys[slot] === hash && this.#same(at, sv, src, start, len)) {
        this.#offsets[row] = at;
        return;
      }
      this.#misses++;
    }
    const pos = this.#pos;
    if (pos + 2 + len > this.#data.length) this.#grow(pos + 2 + len);
    const data = this.#data;
    data[pos] = len & 0xff;
    data[pos + 1] = len >>> 8;
    if (len <= 32) for (let i = 0; i < len; i++) data[pos + 2 + i] = src[start + i]!;
    else data.set(src.subarray(start, start + len), pos + 2);
    this.#offsets[row] = pos;
    this.#pos = pos + 2 + len;
    if (len > this.#max) this.#max = len;
    if (slot >= 0) {
      this.#keys[slot] = hash;
      this.#slots[slot] = pos + 1;
    }
  }

  /** The entries of the first `rows` rows (default all; a row never set reads as offset 0). */
  finish(rows = this.#offsets.length): VarEntries {
    return {
      kind: 'var-entries',
      offsets: this.#offsets.subarray(0, rows),
      data: this.#data.subarray(0, this.#pos),
      maxLength: this.#max,
    };
  }

  /** The entry at `at` holds `src[start, start + len)`: compared four bytes at a time. */
  #same(at: number, sv: DataView, src: Uint8Array, start: number, len: number): boolean {
    const view = this.#view;
    if (view.getUint16(at, true) !== len) return false;
    const b = at + 2;
    let i = 0;
    for (; i + 4 <= len; i += 4)
      if (view.getInt32(b + i, true) !== sv.getInt32(start + i, true)) return false;
    const data = this.#data;
    for (; i < len; i++) if (data[b + i] !== src[start + i]) return false;
    return true;
  }

  #grow(need: number): void {
    const next = new Uint8Array(Math.max(need, 2 * this.#data.length));
    next.set(this.#data.subarray(0, this.#pos));
    this.#data = next;
    this.#view = new DataView(next.buffer);
  }
}

/**
 * A hash of the length and up to 16 bytes sampled across the value (all of a short one): cheap
 * for long values, and a collision only costs a comparison and a written entry. Byte by byte
 * FNV-1a, its low bits the slot: values that differ only in their last bytes (numbered series)
 * land in distinct slots.
 */
function sampleHash(src: Uint8Array, start: number, len: number): number {
  let h = Math.imul(0x811c9dc5 ^ len, 0x01000193);
  if (len <= 16) {
    for (let i = start, end = start + len; i < end; i++) h = Math.imul(h ^ src[i]!, 0x01000193);
    return h;
  }
  // The first 8 and the last 8 bytes: where keys, names and numbered series usually differ.
  for (let i = start; i < start + 8; i++) h = Math.imul(h ^ src[i]!, 0x01000193);
  for (let i = start + len - 8; i < start + len; i++) h = Math.imul(h ^ src[i]!, 0x01000193);
  return h;
}
