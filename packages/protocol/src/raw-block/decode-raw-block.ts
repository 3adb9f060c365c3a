import { Code, TaosError } from '../errors.js';
import { isVarType } from '../types.js';
import { plainBytes } from '../util/plain-bytes.js';
import { bitmapLength, columnOffsets, isDecimalType, isKnownType, readBlockHeader } from './block-header.js';
import { readFixedColumn } from './read-fixed.js';
import { readVarColumn } from './read-var.js';
import type { DecodeRawBlockOptions, DecodedBlock, DecodedColumn } from './types.js';

/**
 * Decode a raw block (protocol.md §3) into columns: typed arrays for numeric types (64-bit as
 * `BigInt64Array`/`BigUint64Array`, timestamps as ticks), string/bytes arrays for the rest, and a
 * NULL bitmap per column. Navigates by the column lengths, so a trailing blankFill byte is fine.
 * Malformed input throws `TaosError(INVALID_DATA_FMT)`.
 *
 * @example
 * const { rows, columns } = decodeRawBlock(block);
 * const ts = columns[0].data as BigInt64Array;
 */
export function decodeRawBlock(input: Uint8Array, opts: DecodeRawBlockOptions = {}): DecodedBlock {
  const bytes = plainBytes(input);
  const h = readBlockHeader(bytes);
  const n = h.columns.length;
  let types = h.columns.map((c) => c.type);
  if (opts.types !== undefined) {
    if (opts.types.length !== n) {
      throw new TaosError(
        Code.INVALID_DATA_FMT,
        `invalid raw block: ${n} columns, ${opts.types.length} types expected`,
      );
    }
    for (const t of opts.types) {
      if (!isKnownType(t)) throw new TaosError(Code.INVALID_PARA, `unknown type ${String(t)}`);
    }
    types = opts.types.slice();
  }
  const offsets = columnOffsets(h, types);
  const rows = h.rows;
  const columns: DecodedColumn[] = new Array(n);
  for (let c = 0; c < n; c++) {
    const type = types[c];
    const info = h.columns[c];
    const start = offsets[2 * c];
    const data = offsets[2 * c + 1];
    const len = h.columnLengths[c];
    const dec = isDecimalType(type);
    const precision = dec ? info.precision : 0;
    const scale = dec ? info.scale : 0;
    if (isVarType(type)) {
      const v = readVarColumn(type, bytes, start, data, len, rows, c);
      columns[c] = { type, bytes: info.bytes, precision, scale, nulls: v.nulls, data: v.data };
    } else {
      const nulls = copyBitmap(bytes, start, bitmapLength(rows));
      const values = readFixedColumn(type, bytes, data, rows, nulls, scale);
      columns[c] = { type, bytes: info.bytes, precision, scale, nulls, data: values };
    }
  }
  return { version: h.version, rows, groupId: h.groupId, columns };
}

/** The bitmap's bytes, or null when no bit is set. */
function copyBitmap(bytes: Uint8Array, start: number, len: number): Uint8Array | null {
  for (let i = start, end = start + len; i < end; i++) {
    if (bytes[i] !== 0) return bytes.slice(start, end);
  }
  return null;
}
