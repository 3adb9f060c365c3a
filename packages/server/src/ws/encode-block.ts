/**
 * Engine batches as TDengine raw blocks (protocol.md §3): one block per batch, version 1, LE
 * column lengths, column info widths from the declared lengths (VARCHAR(n) → n+2, NCHAR(n) →
 * 4n+2), NCHAR as UCS-4, DECIMAL packed with its precision and scale.
 */
import {
  VarEntriesBuilder,
  encodeRawBlock,
  fixedWidth,
  isVarEntries,
  isVarType,
  utf8Length,
} from '@taosts/protocol';
import type { BlockColumn, VarEntries } from '@taosts/protocol';
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
        Array.isArray(c)
          ? c.slice(at, end)
          : isVarEntries(c)
            ? sliceEntries(c, at, end)
            : (c as TypedColumn).subarray(at, end),
      ),
    });
  }
  return out;
}

/** Rows `[at, end)` of raw entries, with only the entries they use. */
function sliceEntries(e: VarEntries, at: number, end: number): VarEntries {
  const b = new VarEntriesBuilder(end - at);
  for (let r = at; r < end; r++) {
    const o = e.offsets[r]!;
    if (o < 0) b.setNull(r - at);
    else b.add(r - at, e.data, o + 2, e.data[o]! | (e.data[o + 1]! << 8));
  }
  return b.finish();
}

/**
 * `lengths` of a legacy `fetch` reply (`taos_fetch_lengths`): the fixed width, or the longest
 * value of a variable-length column in this block, in bytes.
 */
export function blockLengths(columns: readonly ResultColumn[], batch: Batch): number[] {
  return columns.map((c, i) => {
    if (!isVarType(c.type)) return fixedWidth(c.type);
    const col = batch.columns[i];
    if (isVarEntries(col)) return entriesMaxLength(col);
    let max = 0;
    for (const v of (batch.columns[i] ?? []) as readonly Value[]) {
      const n = typeof v === 'string' ? utf8Length(v) : v instanceof Uint8Array ? v.length : 0;
      if (n > max) max = n;
    }
    return max;
  });
}

/** The longest entry rows of `e` use (its `maxLength` may count entries of rows sliced away). */
function entriesMaxLength(e: VarEntries): number {
  let max = 0;
  for (const o of e.offsets) if (o >= 0) max = Math.max(max, e.data[o]! | (e.data[o + 1]! << 8));
  return max;
}
