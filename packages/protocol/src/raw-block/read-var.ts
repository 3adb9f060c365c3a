import { Code, TaosError } from '../errors.js';
import { TypeCode } from '../types.js';
import { decodeAreaOneToOne, readUtf8 } from '../util/utf8.js';
import { bitmapLength, varPrefixWidth } from './block-header.js';

export interface VarColumn {
  readonly nulls: Uint8Array | null;
  readonly data: (string | null)[] | (Uint8Array | null)[];
}

function fail(c: number, r: number, msg: string): never {
  throw new TaosError(Code.INVALID_DATA_FMT, `invalid raw block: column ${c} row ${r}: ${msg}`);
}

/**
 * Read a variable-length column: `rows × int32` offsets at `start` (-1 = NULL, otherwise relative
 * to the data area, in any order), entries in the data area at `data` of `len` bytes. Every
 * offset and entry length is checked against the area.
 */
export function readVarColumn(
  type: TypeCode,
  bytes: Uint8Array,
  start: number,
  data: number,
  len: number,
  rows: number,
  c: number,
): VarColumn {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = varPrefixWidth(type);
  const text = type === TypeCode.VARCHAR || type === TypeCode.JSON;
  const nchar = type === TypeCode.NCHAR;
  // ASCII areas decode in one call and are cut with substring (perf.md §4.4).
  const whole = text && rows > 1 ? decodeAreaOneToOne(bytes.subarray(data, data + len)) : null;
  const out: (string | Uint8Array | null)[] = new Array(rows);
  let nulls: Uint8Array | null = null;
  // Rows whose entries were read, by offset: built at the first offset that points back (an
  // encoder sharing repeated strings), so equal strings decode once. Never for bytes, which
  // would alias.
  let rowAt: Map<number, number> | undefined;
  let nextOff = 0;
  for (let r = 0; r < rows; r++) {
    const off = dv.getInt32(start + 4 * r, true);
    if (off === -1) {
      nulls ??= new Uint8Array(bitmapLength(rows));
      nulls[r >>> 3] |= 0x80 >>> (r & 7);
      out[r] = null;
      continue;
    }
    if (off < nextOff && (text || nchar)) {
      if (rowAt === undefined) {
        rowAt = new Map();
        for (let q = r - 1; q >= 0; q--) {
          const o = dv.getInt32(start + 4 * q, true);
          if (o !== -1) rowAt.set(o, q);
        }
      }
      const q = rowAt.get(off);
      if (q !== undefined) {
        out[r] = out[q]!;
        continue;
      }
    }
    if (off < 0 || off + prefix > len) fail(c, r, `offset ${off} outside data area of ${len} bytes`);
    const at = data + off;
    const l = prefix === 2 ? dv.getUint16(at, true) : dv.getUint32(at, true);
    const end = off + prefix + l;
    if (end > len) fail(c, r, `entry of ${l} bytes at offset ${off} overruns data area of ${len} bytes`);
    const p = at + prefix;
    if (end > nextOff) nextOff = end;
    rowAt?.set(off, r);
    if (whole !== null) out[r] = whole.substring(off + prefix, end);
    else if (text) out[r] = readUtf8(bytes, p, p + l);
    else if (nchar) {
      if ((l & 3) !== 0) fail(c, r, `NCHAR entry length ${l} is not a multiple of 4`);
      out[r] = readUcs4(dv, p, l);
    } else out[r] = bytes.slice(p, p + l);
  }
  return { nulls, data: out as (string | null)[] | (Uint8Array | null)[] };
}

const CHUNK = 8192;

/** UCS-4 little-endian code points → string (code points above U+10FFFF become U+FFFD). */
export function readUcs4(dv: DataView, at: number, byteLength: number): string {
  const n = byteLength >>> 2;
  if (n === 0) return '';
  const units: number[] = [];
  let s = '';
  for (let i = 0; i < n; i++) {
    let cp = dv.getUint32(at + 4 * i, true);
    if (cp < 0x10000) units.push(cp);
    else if (cp <= 0x10ffff) {
      cp -= 0x10000;
      units.push(0xd800 + (cp >>> 10), 0xdc00 + (cp & 0x3ff));
    } else units.push(0xfffd);
    if (units.length >= CHUNK) {
      s += String.fromCharCode.apply(null, units);
      units.length = 0;
    }
  }
  return s + String.fromCharCode.apply(null, units);
}
