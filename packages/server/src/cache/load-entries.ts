/**
 * Loading last-row cache entries from a data relation with one aggregate scan: per tid the
 * last row (`arg_max_null`, NULLs kept) and per column the last non-NULL value with its ts.
 */
import { colName, dataRelation, physTypeOf, quoteIdent } from '../catalog/model.js';
import type { DataOwner } from '../catalog/model.js';
import type { AppendValue, StorageConnection } from '../storage/storage.js';
import type { Value } from '../engine/types.js';
import { emptyEntry } from './last-entry.js';
import type { LastEntry } from './last-entry.js';

/** Query results give DECIMAL as text with exactly `scale` digits; the appender wants the scaled integer. */
function toAppend(owner: DataOwner): ((v: Value) => AppendValue)[] {
  return owner.columns.map((c) =>
    physTypeOf(c).startsWith('DECIMAL')
      ? (v) => (v === null ? null : BigInt(String(v).replace('.', '')))
      : (v) => v as AppendValue,
  );
}

/** Entries of `tids` (all tables when undefined); tables without rows get none. */
export async function loadEntries(
  c: StorageConnection,
  owner: DataOwner,
  tids?: readonly number[],
): Promise<Map<number, LastEntry>> {
  const names = owner.columns.map((col) => quoteIdent(colName(col.key)));
  const ts = names[0]!;
  const rest = names.slice(1);
  const select = [
    owner.kind === 'super' ? 'tid' : '0',
    `max(${ts})`,
    ...rest.map((n) => `arg_max_null(${n}, ${ts})`),
    ...rest.map((n) => `arg_max(${n}, ${ts})`),
    ...rest.map((n) => `max(${ts}) FILTER (WHERE ${n} IS NOT NULL)`),
  ];
  const where = tids && owner.kind === 'super' ? ` WHERE tid IN (${tids.join(', ')})` : '';
  const group = owner.kind === 'super' ? ' GROUP BY tid' : '';
  const { rows } = await c.query(`SELECT ${select.join(', ')} FROM ${dataRelation(owner)}${where}${group}`);
  const conv = toAppend(owner);
  const width = names.length;
  const out = new Map<number, LastEntry>();
  for (const r of rows) {
    if (r[1] === null) continue;
    const e = emptyEntry(width);
    e.ts = BigInt(r[1] as bigint);
    e.row = [e.ts];
    for (let k = 1; k < width; k++) {
      e.row.push(conv[k]!(r[1 + k]!));
      // Columns: tid, max(ts), arg_max_null × (width-1), arg_max × (width-1), ts of those.
      const nnTs = r[2 * width - 1 + k]!;
      if (nnTs !== null) {
        e.nnTs[k] = BigInt(nnTs as bigint);
        e.nnVal[k] = conv[k]!(r[width + k]!);
      }
    }
    out.set(Number(r[0]), e);
  }
  return out;
}
