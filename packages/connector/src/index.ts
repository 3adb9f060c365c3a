/**
 * taosts — TypeScript connector for TDengine over REST (`http://`, `https://`) and WebSocket
 * (`ws://`, `wss://`, several addresses with failover).
 * Values are exact: 64-bit integers are `bigint`, timestamps keep ms/us/ns (`TDTimestamp`), NULL
 * is `null`, binary is `Uint8Array`, DECIMAL is an exact string.
 */
export { connect, Connection } from './connection.js';
export type { SchemalessInsertOptions } from './connection.js';
export { ResultStream, BlockColumn } from './result-stream.js';
export type { ColumnBlock } from './result-stream.js';
export { Statement } from './ws/ws-statement.js';
export type { StmtColumn, StmtValue, TableBind } from './ws/stmt-values.js';
export type { Stmt2Field } from '@taosts/protocol';
export { Cursor } from './cursor.js';
export type { ColumnDescription, QueryOptions } from './cursor.js';
export { QueryResult } from './result.js';
export { RestClient } from './rest-client.js';
export type { RestResult, SqlOptions } from './rest-client.js';
export type { RestResponse } from './rest-decode.js';
export { decodeRestBody } from './rest-decode.js';
export { parseJsonLossless } from './json-scan.js';
export { resolveOptions } from './options.js';
export type { Address, ConnectOptions, ResolvedOptions, QueryEvent, TlsOptions } from './options.js';
export { TDTimestamp } from './timestamp.js';
export { Zone } from './zone.js';
export { bindParams, literal } from './bind.js';
export type { BindValue, Params } from './bind.js';
export type { Field, Int64Mode, JsonValue, TimestampMode, Value } from './values.js';
export type {
  ResultChunk,
  ResultSource,
  SchemalessOptions,
  SchemalessProtocol,
  Transport,
  TransportQueryOptions,
  TransportResult,
} from './transport.js';
export {
  TDengineError,
  InterfaceError,
  DatabaseError,
  OperationalError,
  ProgrammingError,
  IntegrityError,
  DataError,
  NotSupportedError,
  InternalError,
  TimeoutError,
  AbortError,
  ConnectionLostError,
  errorClassOf,
} from './errors.js';
export type { Precision } from '@taosts/protocol';
