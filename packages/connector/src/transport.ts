import type { DecodedBlock, Precision } from '@taosts/protocol';
import type { Field, Value } from './values.js';
import type { BlockContext } from './ws/block-rows.js';

/** Per-call options every transport honours. */
export interface TransportQueryOptions {
  /** Request id (the transport generates one when absent). */
  readonly reqId?: bigint;
  readonly signal?: AbortSignal;
  /** Time limit in ms (0 = none). */
  readonly timeout?: number;
}

/** One statement's outcome, in the same shape whatever the transport. */
export interface TransportResult {
  readonly fields: readonly Field[];
  readonly rows: Value[][];
  /** Rows written/changed for INSERT, DELETE, DDL…; undefined for queries. */
  readonly affectedRows: number | undefined;
  readonly reqId: bigint;
  /** Result precision when the transport knows it (REST infers it from timestamp digits). */
  readonly precision?: Precision;
  /** Server-side time in ns, when reported. */
  readonly timing?: bigint;
}

/** One piece of a streamed result: a decoded raw block (WebSocket) or rows (REST). */
export type ResultChunk = BlockChunk | { readonly rows: Value[][] };

/** A raw block and what shaping its values needs. */
export interface BlockChunk {
  readonly block: DecodedBlock;
  readonly context: BlockContext;
}

/**
 * A result being read piece by piece. `next()` fetches one more piece only when called
 * (backpressure); `close()` frees the server-side result early. Idempotent close.
 */
export interface ResultSource {
  readonly fields: readonly Field[];
  readonly affectedRows: number | undefined;
  readonly reqId: bigint;
  readonly precision: Precision | undefined;
  next(): Promise<ResultChunk | null>;
  close(): Promise<void>;
}

/** Schemaless input format. */
export type SchemalessProtocol = 'influxdb' | 'telnet' | 'json';

/** Options of a schemaless write. */
export interface SchemalessOptions extends TransportQueryOptions {
  readonly protocol: SchemalessProtocol;
  /** Line-protocol timestamp unit (`ns` default for line protocol; telnet/JSON detect it). */
  readonly precision?: 'h' | 'm' | 's' | 'ms' | 'us' | 'ns';
  /** TTL in days of auto-created child tables. */
  readonly ttl?: number;
  /** Tag whose value names the child table. */
  readonly tableNameKey?: string;
  /** Target database (REST needs one; WebSocket uses the session's current one by default). */
  readonly database?: string;
}

/**
 * What `Connection` and `Cursor` need from a wire protocol (REST and WebSocket implement it).
 */
export interface Transport {
  readonly name: string;
  query(sql: string, opts: TransportQueryOptions): Promise<TransportResult>;
  /** Run a statement and read its result piece by piece. */
  stream(sql: string, opts: TransportQueryOptions): Promise<ResultSource>;
  /** Write schemaless lines; resolves with the rows written when the server says. */
  schemaless(data: string, opts: SchemalessOptions): Promise<number | undefined>;
  close(): Promise<void>;
}
