/**
 * stmt1 bound values (protocol.md §5): JSON `tags`/`columns` read against the statement's
 * field types (VARBINARY/GEOMETRY as hex strings, TIMESTAMP as ticks or RFC 3339 text), and
 * binary `set_tags`/`bind` raw blocks decoded into engine values.
 */
import { Code, TaosError, TypeCode } from '@taosts/protocol';
import type { DecodedColumn } from '@taosts/protocol';
import type { Value } from '../../engine/types.js';

function bad(msg: string): TaosError {
  return new TaosError(Code.ADAPTER_GENERIC, msg);
}

/** One JSON value for a field of `type`. */
export function jsonValue(v: unknown, type: TypeCode, where: string): Value {
  if (v === null || v === undefined) return null;
  if (type === TypeCode.VARBINARY || type === TypeCode.GEOMETRY || type === TypeCode.BLOB) {
    if (typeof v !== 'string' || v.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(v))
      throw bad(`${where}: expect a hex string`);
    return new Uint8Array(Buffer.from(v, 'hex'));
  }
  if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string')
    return v;
  throw bad(`${where}: unsupported JSON value ${JSON.stringify(v)}`);
}

/** Column-major JSON arrays (`columns: [[…], […]]`) for `types`; every column equally long. */
export function jsonColumns(columns: unknown, types: readonly TypeCode[]): Value[][] {
  if (!Array.isArray(columns)) throw bad('stmt parse column json: columns is not an array');
  if (columns.length !== types.length)
    throw bad(`stmt parse column json: ${columns.length} columns, ${types.length} expected`);
  const rows = Array.isArray(columns[0]) ? (columns[0] as unknown[]).length : -1;
  return columns.map((col, j) => {
    if (!Array.isArray(col) || col.length !== rows)
      throw bad(`stmt parse column json: column ${j} is not an array of ${rows} values`);
    return col.map((v: unknown, r) => jsonValue(v, types[j]!, `column ${j} row ${r}`));
  });
}

/** A decoded raw-block column as engine values (NULL rows null). */
export function blockValues(col: DecodedColumn, rows: number): Value[] {
  const out = new Array<Value>(rows);
  const data = col.data as ArrayLike<unknown>;
  const nulls = col.nulls;
  for (let r = 0; r < rows; r++) {
    if (nulls && (nulls[r >> 3]! & (0x80 >> (r & 7))) !== 0) {
      out[r] = null;
      continue;
    }
    const v = data[r];
    out[r] = col.type === TypeCode.BOOL ? v !== 0 : (v as Value);
  }
  return out;
}
