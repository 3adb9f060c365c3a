/** `ExecResult` implementations: affected-rows, in-memory rows, and streamed storage cursors. */
import { TypeCode, displayLength, isBigIntType, isVarEntries } from '@taosts/protocol';
import type { Precision } from '@taosts/protocol';
import type { ResultColumn } from '@taosts/sql';
import type { Cursor } from '../storage/storage.js';
import type { AffectedResult, Batch, QueryResult, TypedColumn, Value } from './types.js';

const BATCH_ROWS = 4096;

export function affected(n: number): AffectedResult {
  return { kind: 'affected', affectedRows: n };
}

/** A result column of a fixed-width type, or a var type with its declared length. */
export function column(name: string, type: TypeCode, length?: number): ResultColumn {
  return { name, type, length: length ?? displayLength(type) };
}

/** A result held in memory (SHOW, DESCRIBE …), served in batches. */
export function rowsResult(
  columns: readonly ResultColumn[],
  rows: readonly (readonly Value[])[],
  precision: Precision = 'ms',
): QueryResult {
  let offset = 0;
  let open = true;
  return {
    kind: 'query',
    columns,
    precision,
    async next(): Promise<Batch | undefined> {
      if (!open || offset >= rows.length) {
        open = false;
        return undefined;
      }
      const slice = rows.slice(offset, offset + BATCH_ROWS);
      offset += slice.length;
      return { rowCount: slice.length, columns: columns.map((_, i) => slice.map((r) => r[i] ?? null)) };
    },
    close(): void {
      open = false;
    },
  };
}

type Coerce = (v: Value) => Value;

/** Types whose values are plain numbers (a number typed array already holds them). */
const numberTypes: ReadonlySet<TypeCode> = new Set([
  TypeCode.TINYINT,
  TypeCode.SMALLINT,
  TypeCode.INT,
  TypeCode.UTINYINT,
  TypeCode.USMALLINT,
  TypeCode.UINT,
  TypeCode.FLOAT,
  TypeCode.DOUBLE,
]);

/** Normalise a storage value to the JS form `Value` promises for a TDengine type. */
function coercerFor(type: TypeCode): Coerce | undefined {
  if (isBigIntType(type)) return (v) => (typeof v === 'number' ? BigInt(Math.trunc(v)) : v);
  switch (type) {
    case TypeCode.BOOL:
      return (v) => (typeof v === 'number' || typeof v === 'bigint' ? v !== 0 && v !== 0n : v);
    case TypeCode.TINYINT:
    case TypeCode.SMALLINT:
    case TypeCode.INT:
    case TypeCode.UTINYINT:
    case TypeCode.USMALLINT:
    case TypeCode.UINT:
    case TypeCode.FLOAT:
    case TypeCode.DOUBLE:
      return (v) => (typeof v === 'bigint' ? Number(v) : v);
    case TypeCode.VARCHAR:
    case TypeCode.NCHAR:
    case TypeCode.JSON:
      return (v) =>
        v === null || typeof v === 'string'
          ? v
          : v instanceof Uint8Array
            ? Buffer.from(v).toString('utf8')
            : String(v);
    default:
      return undefined;
  }
}

/** Stream a storage cursor as a `QueryResult`, coercing values to the declared column types. */
export function cursorResult(
  cursor: Cursor,
  columns: readonly ResultColumn[],
  precision: Precision,
): QueryResult {
  const coercers = columns.map((c) => coercerFor(c.type));
  return {
    kind: 'query',
    columns,
    precision,
    async next(): Promise<Batch | undefined> {
      const batch = await cursor.next();
      if (!batch) return undefined;
      const cols = batch.columns.map((col, i) => {
        const co = coercers[i];
        // Text as raw entries is already the type's bytes.
        if (!co || isVarEntries(col)) return col;
        if (!Array.isArray(col)) {
          // Typed arrays whose elements already are this type's values skip the pass.
          if (
            col instanceof BigInt64Array || col instanceof BigUint64Array
              ? isBigIntType(columns[i]!.type)
              : numberTypes.has(columns[i]!.type)
          )
            return col;
          return Array.from(col as ArrayLike<Value>, co);
        }
        const out = col as Value[];
        for (let r = 0; r < out.length; r++) if (out[r] !== null) out[r] = co(out[r]!);
        return out;
      });
      return { rowCount: batch.rowCount, columns: cols };
    },
    close(): void {
      cursor.close();
    },
  };
}

/** A column whose cells index as `Value`s. */
export type ValueColumn = readonly Value[] | TypedColumn;

const utf8 = new TextDecoder();

/** A batch's columns as `Value`s: `VarEntries` text decoded to strings, the rest as they are. */
export function valueColumns(batch: Batch): readonly ValueColumn[] {
  if (!batch.columns.some(isVarEntries)) return batch.columns as readonly ValueColumn[];
  return batch.columns.map((c) => {
    if (!isVarEntries(c)) return c;
    const { offsets, data } = c;
    return Array.from(offsets, (o) =>
      o < 0 ? null : utf8.decode(data.subarray(o + 2, o + 2 + (data[o]! | (data[o + 1]! << 8)))),
    );
  });
}

/** Read a whole result (tests, INSERT … SELECT). */
export async function readAll(r: QueryResult): Promise<Value[][]> {
  const rows: Value[][] = [];
  try {
    for (let b = await r.next(); b; b = await r.next()) {
      const cols = valueColumns(b);
      for (let i = 0; i < b.rowCount; i++) rows.push(cols.map((c) => c[i] ?? null));
    }
  } finally {
    r.close();
  }
  return rows;
}
