/** The translator's contract with the engine. */
import type { Precision } from '@taosts/protocol';
import type { ResultColumn, SchemaProvider, TableSchema } from '../schema.js';

export interface TranslateContext {
  readonly schema: SchemaProvider;
  /** Current database of the session, if any. */
  readonly db?: string;
  /** Session IANA time zone: zone-less timestamp strings, TODAY(), 1d/1w/1n/1y windows. */
  readonly timezone: string;
  /** Statement time in nanoseconds since the epoch: every NOW() in a statement is this value. */
  readonly now: bigint;
  readonly user: string;
  readonly serverVersion: string;
  /**
   * True when a scan of this normal or child table returns its rows in timestamp order (the
   * storage appended them in order and nothing has moved them): plain row queries then skip
   * sorting. Optional; without it every such query sorts.
   */
  readonly timeOrdered?: (table: TableSchema) => boolean;
}

/**
 * A SELECT translated to one DuckDB query. The DuckDB result has exactly `columns.length`
 * columns, in order, each already of the DuckDB type that represents its TDengine type:
 * BOOL→BOOLEAN, TINYINT…BIGINT→same, unsigned→UTINYINT…UBIGINT, FLOAT→FLOAT, DOUBLE→DOUBLE,
 * TIMESTAMP→BIGINT ticks in `precision`, VARCHAR/NCHAR/JSON→VARCHAR, VARBINARY/GEOMETRY/BLOB→BLOB,
 * DECIMAL(p,s)→DECIMAL(p,s).
 */
export interface Translation {
  readonly sql: string;
  readonly columns: readonly ResultColumn[];
  readonly precision: Precision;
  /** System tables (`information_schema.ins_tables`, …) the query reads; the engine refreshes them first. */
  readonly systemTables: readonly string[];
  /**
   * An upper bound on the result's rows when the query's shape gives one (fixed windows of one
   * timeline over a bounded time range); undefined when unknown.
   */
  readonly maxRows?: bigint;
}
