/** The action tables of `/ws`: JSON actions by name, binary actions by id (protocol.md §4.3). */
import { CONN_ACTIONS } from './actions-conn.js';
import { QUERY_ACTIONS, QUERY_BINARY_ACTIONS } from './actions-query.js';
import { SCHEMALESS_ACTIONS } from './actions-schemaless.js';
import { STMT1_ACTIONS, STMT1_BINARY_ACTIONS } from './stmt1/actions-stmt1.js';
import { STMT2_ACTIONS, STMT2_BINARY_ACTIONS } from './stmt2/actions-stmt2.js';
import { UNSUPPORTED_BINARY_ACTIONS } from './actions-unsupported.js';
import type { BinaryActionHandler, JsonAction } from './ws-session.js';

export const JSON_ACTIONS: Readonly<Record<string, JsonAction>> = {
  ...CONN_ACTIONS,
  ...QUERY_ACTIONS,
  ...STMT2_ACTIONS,
  ...STMT1_ACTIONS,
  ...SCHEMALESS_ACTIONS,
};

export const BINARY_ACTIONS: Readonly<Record<number, BinaryActionHandler>> = {
  ...QUERY_BINARY_ACTIONS,
  ...STMT2_BINARY_ACTIONS,
  ...STMT1_BINARY_ACTIONS,
  ...UNSUPPORTED_BINARY_ACTIONS,
};

/** Actions served before `conn`. */
export const NO_CONN_ACTIONS: ReadonlySet<string> = new Set(['version', 'conn', 'check_server_status']);

/** Actions whose error replies carry `stmt_id` (taosAdapter's `stmtErrorResponse`). */
export const STMT_ERROR_ACTIONS: ReadonlySet<string> = new Set([
  'stmt2_prepare',
  'stmt2_exec',
  'stmt2_result',
  'stmt2_close',
  'prepare',
  'set_table_name',
  'set_tags',
  'bind',
  'add_batch',
  'exec',
  'close',
  'get_tag_fields',
  'get_col_fields',
  'use_result',
  'stmt_num_params',
  'stmt_get_param',
]);
