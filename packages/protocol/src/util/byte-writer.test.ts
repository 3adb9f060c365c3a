import { describe, expect, it } from 'vitest';
import { ByteWriter } from './byte-writer.js';

describe('ByteWriter', () => {
  it('keeps every write when a write crosses the capacity (the buffer is replaced)', () => {
    const w = new ByteWriter(4);
    w.u8(1);
    w.u16(0x0302);
    w.u32(0x07060504); // crosses 4 → grows
    w.u8(8); // lands exactly at the old capacity boundary of the grown buffer
    w.i32(-1);
    w.bytes(new Uint8Array([9, 10, 11, 12, 13, 14, 15, 16, 17]));
    expect([...w.finish()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 255, 255, 255, 255, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
  });

  it('grows for every writer method starting from a full buffer', () => {
    for (const write of [
      (w: ByteWriter) => w.u8(0xab),
      (w: ByteWriter) => w.u16(0xab),
      (w: ByteWriter) => w.u32(0xab),
      (w: ByteWriter) => w.i32(0xab),
      (w: ByteWriter) => w.bytes(new Uint8Array([0xab])),
    ]) {
      const w = new ByteWriter(1);
      w.u8(0x01);
      write(w);
      expect(w.finish()[1]).toBe(0xab);
    }
  });
});
