/**
 * `bytes` as a plain `Uint8Array` over the same memory. Decoders copy with `slice` and then view
 * the copy's `.buffer`; on a Node `Buffer`, `slice` is a view into the (often pooled, shared)
 * ArrayBuffer, so that `.buffer` would be the whole pool read from offset 0.
 */
export function plainBytes(bytes: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype
    ? bytes
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
