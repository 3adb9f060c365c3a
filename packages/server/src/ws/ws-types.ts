/**
 * Shared shapes of the `/ws` endpoint: the sink a session writes to (a real socket in
 * `ws-endpoint.ts`, a fake in tests), the endpoint options, and the action handler contract.
 */
import type { Engine } from '../engine/types.js';

/** Where a session writes. Text frames for JSON, binary frames for bytes. */
export interface WsSink {
  send(data: string | Uint8Array): void;
  /** Close the underlying socket (the session is already torn down). */
  close(): void;
}

export interface WsOptions {
  readonly engine: Engine;
  /** Cloud token the server was started with (`--token`). */
  readonly token?: string;
  /** User a valid cloud token acts as (default `root`). */
  readonly tokenUser?: string;
  /** Session zone when `conn` sends no `tz` (default `UTC`). */
  readonly timezone?: string;
  /** Monotonic clock in ns for `timing` (default `process.hrtime.bigint`). */
  readonly clock?: () => bigint;
  /** Open results per connection before queries fail (default 1024). */
  readonly maxResults?: number;
  /** Open statements per connection before `stmt2_init` fails (default 1024). */
  readonly maxStmts?: number;
}

/** What a connection knows about its upgrade request. */
export interface WsPeer {
  /** `?token=` of the upgrade URL, when present. */
  readonly urlToken?: string;
  /** Socket peer address (the default `ip` of `conn`). */
  readonly ip?: string;
}

/** A handler's reply: JSON fields added to the common ones, a binary frame, or nothing. */
export type ActionReply = Record<string, unknown> | Uint8Array | undefined;
