/**
 * Engine batches as TDengine raw blocks (protocol.md §3): one block per batch, version 1, LE
 * column lengths, column info widths from the declared lengths (VARCHAR(n) → n+2, NCHAR(n) →
 * 4n+2), NCHAR as UCS-4, DECIMAL packed with its precision and scale.
 */
import { encodeRawBlock, fixedWidth, isVarType, utf8Length } from '@taosts/protocol';
import type { BlockColumn } from '@taosts/protocol';
import type { ResultColumn } from '@taosts/sql';
import type { Batch, TypedColumn, Value } from '../engine/types.js';

/** Encode one batch of a result with the given columns. */
export function encodeBatch(columns: readonly ResultColumn[], batch: Batch): Uint8Array {
  const cols: BlockColumn[] = new Array(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    cols[i] = {
      type: c.type,
      length: c.length,
      ...(c.precision !== undefined && { precision: c.precision }),
      ...(c.scale !== undefined && { scale: c.scale }),
      values: batch.columns[i] ?? [],
    };
  }
  // Repeated strings (tags, status text) go once per block: less to send and to decode.
  return encodeRawBlock(cols, batch.rowCount, { shareRepeats: true });
}

/** Split a batch into slices of at most `max` rows (views, no copies of values). */
export function sliceBatch(batch: Batch, max: number): Batch[] {
  if (batch.rowCount <= max) return [batch];
  const out: Batch[] = [];
  for (let at = 0; at < batch.rowCount; at += max) {
    const end = Math.min(batch.rowCount, at + max);
    out.push({
      rowCount: end - at,
      columns: batch.columns.map((c) =>
        Array.isArray(c) ? c.slice(at, end) : (c as TypedColumn).subarray(at, end),
      ),
    });
  }
  return out;
}

/**
 * `lengths` of a legacy `fetch` reply (`taos_fetch_lengths`): the fixed width, or the longest
 * value of a variable-length column in this block, in bytes.
 */
export function blockLengths(columns: readonly ResultColumn[], batch: Batch): number[] {
  return columns.map((c, i) => {
    if (!isVarType(c.type)) return fixedWidth(c.type);
    let max = 0;
    for (const v of (batch.columns[i] ?? []) as readonly Value[]) {
      const n = typeof v === 'string' ? utf8Length(v) : v instanceof Uint8Array ? v.length : 0;
      if (n > max) max = n;
    }
    return max;
  });
}
