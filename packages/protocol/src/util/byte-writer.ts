/**
 * A growable little-endian byte buffer for message encoders whose size is not known up front.
 * `reserve` returns an offset to patch later (e.g. a length written after its payload).
 */
export class ByteWriter {
  #buf: Uint8Array;
  #view: DataView;
  length = 0;

  constructor(capacity = 256) {
    this.#buf = new Uint8Array(capacity);
    this.#view = new DataView(this.#buf.buffer);
  }

  /** Make room for `n` more bytes and return the offset where they start. */
  reserve(n: number): number {
    const at = this.length;
    const need = at + n;
    if (need > this.#buf.length) {
      let cap = this.#buf.length * 2;
      while (cap < need) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.#buf.subarray(0, at));
      this.#buf = next;
      this.#view = new DataView(next.buffer);
    }
    // Callers rely on reserved bytes being zero (flags they only set, lengths patched later).
    this.#buf.fill(0, at, need);
    this.length = need;
    return at;
  }

  // Each writer reserves first: `reserve` may replace the buffer, so it must be read afterwards.
  u8(v: number): void {
    const at = this.reserve(1);
    this.#buf[at] = v;
  }
  u16(v: number): void {
    const at = this.reserve(2);
    this.#view.setUint16(at, v, true);
  }
  u32(v: number): void {
    const at = this.reserve(4);
    this.#view.setUint32(at, v, true);
  }
  i32(v: number): void {
    const at = this.reserve(4);
    this.#view.setInt32(at, v, true);
  }
  bytes(b: Uint8Array): void {
    const at = this.reserve(b.length);
    this.#buf.set(b, at);
  }
  setU32(at: number, v: number): void {
    this.#view.setUint32(at, v, true);
  }
  setI32(at: number, v: number): void {
    this.#view.setInt32(at, v, true);
  }
  /** The bytes written so far (a view; copy if the writer is reused). */
  finish(): Uint8Array {
    return this.#buf.subarray(0, this.length);
  }
}
