/**
 * Raw writes (protocol.md §4.9: `write_raw`, `write_raw_block`, `write_raw_block_with_fields`)
 * replay TMQ/taosX data; this server does not implement them and says so with TDengine's
 * "operation not supported" (0x0100) rather than a wrong answer.
 */
import { Code, TaosError } from '@taosts/protocol';
import type { BinaryActionHandler } from './ws-session.js';

const unsupported =
  (name: string): BinaryActionHandler =>
  () => {
    throw new TaosError(Code.OPS_NOT_SUPPORT, `Operation not supported: ${name}`);
  };

export const UNSUPPORTED_BINARY_ACTIONS: Readonly<Record<number, BinaryActionHandler>> = {
  3: unsupported('write_raw'),
  4: unsupported('write_raw_block'),
  5: unsupported('write_raw_block_with_fields'),
};
