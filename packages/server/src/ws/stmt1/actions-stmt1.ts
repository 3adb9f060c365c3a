/**
 * stmt1 (protocol.md §5). Not implemented: this server reports version ≥ 3.3.6.0, so official
 * connectors use stmt2. Every stmt1 action answers TDengine's "operation not supported" with
 * the action name, never a wrong result.
 */
import { Code, TaosError } from '@taosts/protocol';
import type { BinaryActionHandler, JsonAction } from '../ws-session.js';

function unsupported(name: string): never {
  throw new TaosError(Code.OPS_NOT_SUPPORT, `Operation not supported: stmt ${name} (use stmt2)`);
}

const NAMES = [
  'init',
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
];

export const STMT1_ACTIONS: Readonly<Record<string, JsonAction>> = Object.fromEntries(
  NAMES.map((n): [string, JsonAction] => [n, () => unsupported(n)]),
);

export const STMT1_BINARY_ACTIONS: Readonly<Record<number, BinaryActionHandler>> = {
  1: () => unsupported('set_tags'),
  2: () => unsupported('bind'),
};
