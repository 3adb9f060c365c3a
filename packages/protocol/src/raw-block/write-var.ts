import { Code, TaosError } from '../errors.js';
import { TypeCode } from '../types.js';
import { writeUtf8 } from '../util/utf8.js';
import { varPrefixWidth } from './block-header.js';
import type { Value } from './types.js';

type Values = ArrayLike<Value | undefined>;

export interface VarColumnBytes {
  /** Offsets array followed by the data area. */
  readonly bytes: Uint8Array;
  /** Size of the data area (the column-length entry). */
  readonly dataLength: number;
  /** Longest payload: bytes, or characters for NCHAR (for the default declared length). */
  readonly maxLength: number;
}

function bad(c: number, r: number, type: TypeCode, v: unknown, why = 'is not a valid value'): never {
  throw new TaosError(Code.INVALID_PARA, `column ${c} row ${r}: ${typeof v} ${why} for type ${type}`);
}

/**
 * Write a variable-length column: `rows × int32` offsets (-1 = NULL), then entries of
 * `uint16 len` (uint32 for BLOB) + payload. VARCHAR/JSON are UTF-8 (a Uint8Array is taken as
 * raw bytes), NCHAR is UCS-4 with `len` in bytes, VARBINARY/GEOMETRY/BLOB are bytes.
 */
export function writeVarColumn(
  type: TypeCode,
  values: Values,
  rows: number,
  c: number,
  shareRepeats = false,
): VarColumnBytes {
  const nchar = type === TypeCode.NCHAR;
  const binaryOnly = type === TypeCode.VARBINARY || type === TypeCode.GEOMETRY || type === TypeCode.BLOB;
  const prefix = varPrefixWidth(type);
  const maxEntry = prefix === 2 ? 0xffff : 0x7fffffff;
  // Capacity pass: the UTF-8 (3 bytes per unit) or UCS-4 (4 per unit) worst case.
  let cap = 0;
  for (let r = 0; r < rows; r++) {
    const v = values[r];
    if (v === null || v === undefined) continue;
    if (typeof v === 'string' && !binaryOnly) cap += prefix + (nchar ? 4 : 3) * v.length;
    else if (v instanceof Uint8Array && !nchar) cap += prefix + v.length;
    else bad(c, r, type, v);
  }
  const offBytes = 4 * rows;
  const out = new Uint8Array(offBytes + cap);
  const dv = new DataView(out.buffer);
  let pos = offBytes;
  let maxLength = 0;
  // Offsets of strings written so far, while repeats are worth looking for.
  let seen = shareRepeats ? new Map<string, number>() : undefined;
  for (let r = 0; r < rows; r++) {
    const v = values[r];
    if (v === null || v === undefined) {
      dv.setInt32(4 * r, -1, true);
      continue;
    }
    if (seen !== undefined && typeof v === 'string') {
      const off = seen.get(v);
      if (off !== undefined) {
        dv.setInt32(4 * r, off, true);
        continue;
      }
      if (seen.size < MAX_SHARED) seen.set(v, pos - offBytes);
      else seen = undefined; // mostly distinct values: stop paying for the lookups
    }
    dv.setInt32(4 * r, pos - offBytes, true);
    const start = pos + prefix;
    let len: number;
    let chars: number;
    if (typeof v === 'string') {
      if (nchar) {
        len = writeUcs4(v, dv, start);
        chars = len >>> 2;
      } else {
        len = writeUtf8(v, out, start);
        chars = len;
      }
    } else {
      out.set(v as Uint8Array, start);
      len = chars = (v as Uint8Array).length;
    }
    if (len > maxEntry) bad(c, r, type, v, `of ${len} bytes is too long`);
    if (prefix === 2) dv.setUint16(pos, len, true);
    else dv.setUint32(pos, len, true);
    if (chars > maxLength) maxLength = chars;
    pos = start + len;
  }
  return { bytes: out.subarray(0, pos), dataLength: pos - offBytes, maxLength };
}

/** Distinct strings remembered per column when sharing repeats. */
const MAX_SHARED = 1024;

/** UCS-4 little-endian code points; lone surrogates become U+FFFD. Returns bytes written. */
function writeUcs4(s: string, dv: DataView, at: number): number {
  const n = s.length;
  let p = at;
  for (let i = 0; i < n; i++) {
    let cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdfff) {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (cp <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else cp = 0xfffd;
    }
    dv.setUint32(p, cp, true);
    p += 4;
  }
  return p - at;
}
