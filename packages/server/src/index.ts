/** @taosts/server: an embedded TDengine-compatible server (REST + WebSocket) on DuckDB. */
export { startServer, TaosServer, type StartServerOptions } from './server.js';
export { createEngine } from './engine/index.js';
export type {
  AffectedResult,
  Batch,
  Engine,
  ExecResult,
  QueryResult,
  ResultColumn,
  Session,
  Value,
} from './engine/types.js';
export { handleRest } from './http/handle-rest.js';
export type { RestDeps, RestRequest, RestResponse, RestRoute, RestRouteEntry } from './http/rest-types.js';
export { parseAuthorization, type Credentials } from './http/auth.js';
export type { UpgradeEndpoint, UpgradeEndpointFactory } from './http/upgrade.js';
export { encodeTaosdToken, decodeTaosdToken } from './http/taosd-token.js';
