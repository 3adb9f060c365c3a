import type { Precision } from '@taosts/protocol';
import type { TransportResult } from './transport.js';
import type { Field, Value } from './values.js';

/**
 * A complete statement result: `fields` and `rows` (arrays in column order), plus object rows on
 * demand.
 *
 * @example
 * const r = await conn.query('select ts, v from t');
 * r.rows[0];          // [TDTimestamp(…), 1.5]
 * r.objects()[0].v;   // 1.5
 */
export class QueryResult implements Iterable<Value[]> {
  readonly fields: readonly Field[];
  readonly rows: readonly Value[][];
  /** Rows written/changed by INSERT, DELETE, DDL…; undefined for queries. */
  readonly affectedRows: number | undefined;
  readonly reqId: bigint;
  /** Result precision, when known (REST: from the digits of the first timestamp). */
  readonly precision: Precision | undefined;
  /** Server-side time in ns, when reported. */
  readonly timing: bigint | undefined;

  /** @internal */
  constructor(r: TransportResult) {
    this.fields = r.fields;
    this.rows = r.rows;
    this.affectedRows = r.affectedRows;
    this.reqId = r.reqId;
    this.precision = r.precision;
    this.timing = r.timing;
  }

  /** Number of rows returned. */
  get rowCount(): number {
    return this.rows.length;
  }

  /** Column names in order. */
  get columns(): string[] {
    return this.fields.map((f) => f.name);
  }

  /** Rows as `{ column: value }` objects (a later duplicate column name wins). */
  objects<T extends Record<string, Value> = Record<string, Value>>(): T[] {
    const names = this.fields.map((f) => f.name);
    return this.rows.map((row) => {
      const o: Record<string, Value> = {};
      for (let c = 0; c < names.length; c++) o[names[c] as string] = row[c] as Value;
      return o as T;
    });
  }

  /** Every value of one column, by name or index. */
  column(which: string | number): Value[] {
    const c = typeof which === 'number' ? which : this.fields.findIndex((f) => f.name === which);
    if (c < 0 || c >= this.fields.length) throw new RangeError(`no column ${JSON.stringify(which)}`);
    return this.rows.map((r) => r[c] as Value);
  }

  [Symbol.iterator](): Iterator<Value[]> {
    return this.rows[Symbol.iterator]();
  }
}
