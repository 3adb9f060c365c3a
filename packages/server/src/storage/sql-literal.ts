/** Engine values as DuckDB SQL literals of a physical type (small statements only). */
import { formatDecimal } from './decimal.js';
import type { AppendValue, PhysType } from './storage.js';

export function sqlLiteral(v: AppendValue, type: PhysType): string {
  if (v === null) return `CAST(NULL AS ${type})`;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  if (v instanceof Uint8Array) return `unhex('${Buffer.from(v).toString('hex')}')`;
  if (type.startsWith('DECIMAL')) {
    const scale = Number(/,(\d+)\)$/.exec(type)![1]);
    return `CAST('${formatDecimal(BigInt(v), scale)}' AS ${type})`;
  }
  if (typeof v === 'number' && !Number.isFinite(v))
    return `CAST('${v > 0 ? 'inf' : v < 0 ? '-inf' : 'nan'}' AS ${type})`;
  if (typeof v === 'number' && !Number.isInteger(v)) return `CAST(${v.toPrecision(17)} AS ${type})`;
  return `CAST(${v} AS ${type})`;
}
