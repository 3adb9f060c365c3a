/** The REST endpoint as a function: plain request in, plain (possibly streamed) response out. */
import type { Engine } from '../engine/types.js';

export interface RestRequest {
  readonly method: string;
  /** Path without the query string, still percent-encoded (`/rest/sql/db`). */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header values by lower-case name. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Request body, already un-gzipped. */
  readonly body: Uint8Array;
}

export interface RestResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Whole body, or chunks pulled while the client reads (query results). */
  readonly body: string | AsyncIterable<string>;
  /**
   * Release what a streamed body holds (the engine result). The server calls it once the body is
   * written or abandoned, even if iteration never started; must be idempotent.
   */
  readonly release?: () => void;
}

export interface RestDeps {
  readonly engine: Engine;
  /**
   * TDengine Cloud style token: a request carrying `?token=<this>` and no `Authorization` header
   * runs as `tokenUser`; any other `?token=` without a header is refused with 401.
   */
  readonly token?: string;
  /** User a cloud token acts as (default `root`). */
  readonly tokenUser?: string;
  /** Connection time zone when a request sets no `conn_tz` (default `UTC`). */
  readonly timezone?: string;
  /** Monotonic clock in nanoseconds, for `timing` (default `process.hrtime.bigint`). */
  readonly clock?: () => bigint;
  /** More HTTP routes (e.g. schemaless `/influxdb/v1/write`), tried before the built-in ones. */
  readonly routes?: readonly RestRouteEntry[];
}

export type RestRoute = (
  request: RestRequest,
  params: readonly string[],
  deps: RestDeps,
) => RestResponse | Promise<RestResponse>;

export interface RestRouteEntry {
  readonly method: string;
  /** Path segments; `:x` matches any one non-empty segment, handed to `handle` in order. */
  readonly pattern: readonly string[];
  readonly handle: RestRoute;
}
