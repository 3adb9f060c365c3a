/**
 * The hook for WebSocket endpoints (`/ws`, `/rest/tmq`) served on the REST port: the server
 * hands each HTTP upgrade whose path matches to that endpoint and closes the endpoint on
 * shutdown. Endpoints live in their own modules and register in `BUILTIN_ENDPOINTS` in
 * `server.ts` (or per server via `StartServerOptions.endpoints`).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Engine } from '../engine/types.js';

export interface UpgradeEndpoint {
  /** Take over the socket of an HTTP upgrade request for this endpoint's path. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Close every connection this endpoint holds; idempotent. */
  close(): Promise<void>;
}

/** Server settings an endpoint may need (the cloud token, the default zone). */
export interface UpgradeEndpointContext {
  readonly token?: string;
  readonly tokenUser?: string;
  readonly timezone?: string;
}

/** Builds an endpoint for one server instance, sharing that server's engine. */
export type UpgradeEndpointFactory = (engine: Engine, context?: UpgradeEndpointContext) => UpgradeEndpoint;

/** Reply to an upgrade nobody serves, then drop the socket. */
export function rejectUpgrade(socket: Duplex, status = '404 Not Found'): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
}
