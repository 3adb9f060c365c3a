/**
 * REST response bodies for engine results, byte for byte as taosAdapter writes them
 * (`controller/rest/restful.go` `execute`): hand-written JSON with the key order
 * `code, column_meta, data, rows[, timing]`. Query results stream: rows are rendered batch by
 * batch and handed out in chunks of roughly `chunkBytes`, never as one giant string.
 */
import { typeName } from '@taosts/protocol';
import type { ResultColumn } from '@taosts/sql';
import type { Batch, QueryResult } from '../engine/types.js';
import { valueColumns, type ValueColumn } from '../engine/results.js';
import { cellRenderer, type CellRenderer } from './cell-renderer.js';
import { jsonString } from './json-string.js';

export interface EncodeOptions {
  /** Rows as `{column: value}` objects (`row_with_meta`). */
  readonly rowWithMeta: boolean;
  /** IANA zone TIMESTAMP strings are rendered in. */
  readonly timezone: string;
  /** Elapsed nanoseconds since the request started, when `timing=true` was asked. */
  readonly timing?: () => bigint;
  /** Soft size of the chunks handed out (characters). */
  readonly chunkBytes?: number;
}

const DEFAULT_CHUNK = 64 * 1024;

/** `{"code":0,"column_meta":[["affected_rows","INT",4]],"data":[[N]],"rows":1}` and friends. */
export function encodeAffected(affectedRows: number, rowWithMeta: boolean, timingNs?: bigint): string {
  const head = rowWithMeta
    ? '{"code":0,"column_meta":[["affected_rows","INT",4]],"data":[{"affected_rows":'
    : '{"code":0,"column_meta":[["affected_rows","INT",4]],"data":[[';
  const end = rowWithMeta ? '}],"rows":1' : ']],"rows":1';
  return (
    head + String(affectedRows) + end + (timingNs === undefined ? '}' : ',"timing":' + String(timingNs) + '}')
  );
}

/** `{"code":N,"desc":"…"[,"timing":T]}`; `code` masked to 16 bits. */
export function encodeError(code: number, desc: string, timingNs?: bigint): string {
  return (
    '{"code":' +
    String(code & 0xffff) +
    ',"desc":' +
    jsonString(desc) +
    (timingNs === undefined ? '}' : ',"timing":' + String(timingNs) + '}')
  );
}

/** The `column_meta` array's text: `[["ts","TIMESTAMP",8],…]`. */
export function encodeColumnMeta(columns: readonly ResultColumn[]): string {
  let out = '[';
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    if (i > 0) out += ',';
    out +=
      '[' +
      jsonString(c.name) +
      ',' +
      jsonString(typeName(c.type, c.precision, c.scale)) +
      ',' +
      String(c.length) +
      ']';
  }
  return out + ']';
}

/** Render row `r` of a batch as JSON, without a separating comma. */
function encodeRow(
  columns: readonly ValueColumn[],
  r: number,
  renderers: readonly CellRenderer[],
  keys: readonly string[] | undefined,
): string {
  let row = keys ? '{' : '[';
  for (let c = 0; c < renderers.length; c++) {
    const v = columns[c]![r];
    if (c > 0) row += ',';
    if (keys) row += keys[c];
    row += v === null || v === undefined ? 'null' : renderers[c]!(v);
  }
  return row + (keys ? '}' : ']');
}

/**
 * The body of a query response as chunks. `first` is the batch the caller already pulled (so an
 * error on the first fetch can still become an error response). Like taosAdapter, an error while
 * fetching later batches ends the data early and still closes the JSON with the rows sent so
 * far. The result is closed when the generator finishes or is abandoned.
 */
export async function* encodeQuery(
  result: QueryResult,
  first: Batch | undefined,
  options: EncodeOptions,
): AsyncGenerator<string, void, undefined> {
  try {
    const renderers = result.columns.map((c) => cellRenderer(c, result.precision, options.timezone));
    const keys = options.rowWithMeta ? result.columns.map((c) => jsonString(c.name) + ':') : undefined;
    const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK;
    let pending = '{"code":0,"column_meta":' + encodeColumnMeta(result.columns) + ',"data":[';
    let total = 0;
    let batch = first;
    while (batch) {
      const n = batch.rowCount;
      const columns = valueColumns(batch);
      // Render straight into the pending chunk: a big batch never becomes an array of row
      // strings that outlives the young generation.
      for (let r = 0; r < n; r++) {
        const row = encodeRow(columns, r, renderers, keys);
        pending += total + r > 0 ? ',' + row : row;
        if (pending.length >= chunkBytes) {
          yield pending;
          pending = '';
        }
      }
      total += n;
      try {
        batch = await result.next();
      } catch {
        // taosAdapter: `if result.N < 0 { break }` — a late fetch error truncates silently.
        batch = undefined;
      }
    }
    pending += '],"rows":' + String(total);
    if (options.timing) pending += ',"timing":' + String(options.timing());
    yield pending + '}';
  } finally {
    result.close();
  }
}
