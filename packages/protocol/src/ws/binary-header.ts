import { Code, TaosError } from '../errors.js';
import type { Uint64 } from './ws-envelope.js';

/** Size of the header every binary request starts with (protocol.md §4.3). */
export const BINARY_HEADER_SIZE = 24;
/** Version field most binary payloads start with. */
export const BINARY_PROTOCOL_VERSION = 1;

/** A binary request's header fields; 64-bit ids as bigint. */
export interface BinaryHeader {
  readonly reqId: bigint;
  /** Result id or stmt id; 0 when unused. */
  readonly resourceId: bigint;
  /** Action id (see {@link BinaryAction}); ids beyond 2^53 are not real actions. */
  readonly action: number;
}

/** Throw taosAdapter's 0xffff error for a malformed binary message. */
export function binaryError(message: string): never {
  throw new TaosError(Code.ADAPTER_GENERIC, message);
}

export function toU64(v: Uint64, what: string): bigint {
  const b = typeof v === 'bigint' ? v : Number.isSafeInteger(v) ? BigInt(v) : -1n;
  if (b < 0n || b > 0xffffffffffffffffn)
    throw new TaosError(Code.INVALID_PARA, `${what} ${String(v)} is not a uint64`);
  return b;
}

/**
 * Allocate a binary request of `payloadLength` bytes after the header and fill the header.
 * Returns the message and a DataView over it for the payload.
 *
 * @example const { bytes, view } = binaryRequest(1n, 0n, BinaryAction.FETCH_RAW_BLOCK, 2);
 */
export function binaryRequest(
  reqId: Uint64,
  resourceId: Uint64,
  action: number,
  payloadLength: number,
): { bytes: Uint8Array; view: DataView } {
  const bytes = new Uint8Array(BINARY_HEADER_SIZE + payloadLength);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, toU64(reqId, 'req_id'), true);
  view.setBigUint64(8, toU64(resourceId, 'resource id'), true);
  view.setBigUint64(16, BigInt(action), true);
  return { bytes, view };
}

/**
 * Read the 24-byte header of a binary request (server side).
 *
 * @example const { reqId, resourceId, action } = decodeBinaryHeader(frame);
 */
export function decodeBinaryHeader(bytes: Uint8Array): BinaryHeader {
  // TA does not guard short messages (§4.3); we answer them like its other length checks.
  if (bytes.length < BINARY_HEADER_SIZE) binaryError('message length is too short');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const action = dv.getBigUint64(16, true);
  return {
    reqId: dv.getBigUint64(0, true),
    resourceId: dv.getBigUint64(8, true),
    action: action > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(action),
  };
}

export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
