import type { Precision } from '@taosts/protocol';
import type { Field, Value } from './values.js';

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

/**
 * What `Connection` and `Cursor` need from a wire protocol. REST implements it now; a WebSocket
 * transport slots in behind the same two methods.
 */
export interface Transport {
  readonly name: string;
  query(sql: string, opts: TransportQueryOptions): Promise<TransportResult>;
  close(): Promise<void>;
}
