import { Code, TaosError } from '../errors.js';
import { encodeUtf8, readUtf8 } from '../util/utf8.js';
import { BinaryAction } from './binary-actions.js';
import {
  BINARY_PROTOCOL_VERSION,
  binaryError,
  binaryRequest,
  decodeBinaryHeader,
  toU64,
  viewOf,
} from './binary-header.js';
import type { BinaryHeader } from './binary-header.js';
import type { Uint64 } from './ws-envelope.js';

/**
 * `fetch_raw_block` (id 7) request: header (resource id = result id) + `uint16 version=1`.
 *
 * @example ws.send(encodeFetchRawBlockRequest(3n, resultId))
 */
export function encodeFetchRawBlockRequest(reqId: Uint64, resultId: Uint64): Uint8Array {
  const { bytes, view } = binaryRequest(reqId, resultId, BinaryAction.FETCH_RAW_BLOCK, 2);
  view.setUint16(24, BINARY_PROTOCOL_VERSION, true);
  return bytes;
}

/** Decode a `fetch_raw_block` request with taosAdapter's checks (length ≥ 26, version 1). */
export function decodeFetchRawBlockRequest(bytes: Uint8Array): BinaryHeader {
  const header = decodeBinaryHeader(bytes);
  if (bytes.length < 26) binaryError('message length is too short');
  if (viewOf(bytes).getUint16(24, true) !== BINARY_PROTOCOL_VERSION)
    binaryError('unknown fetch raw block version');
  return header;
}

/** The binary reply to `fetch_raw_block` (protocol.md §4.6). */
export interface FetchRawBlockReply {
  readonly reqId: bigint;
  readonly resultId: bigint;
  /** Server handling time, ns. */
  readonly timing: bigint;
  /** 0 or a 16-bit TDengine/taosAdapter code. */
  readonly code: number;
  readonly message: string;
  /** True when there is no more data (or on error); the server has freed the result. */
  readonly finished: boolean;
  /** The raw block (§3) when `code === 0 && !finished`, else null. A view into the reply. */
  readonly block: Uint8Array | null;
}

/** Offset of `req_id` in every new-format binary reply; clients correlate on it (§4.1). */
export const BINARY_REPLY_REQ_ID_OFFSET = 26;
/** Offset of the raw block in a successful `fetch_raw_block` reply. */
export const FETCH_RAW_BLOCK_DATA_OFFSET = 55;
const FLAG = 0xffffffffffffffffn;

/**
 * Encode a `fetch_raw_block` reply: pass `block` for data, `finished: true` for the end, or
 * `code`/`message` for an error (which is always finished).
 *
 * @example encodeFetchRawBlockReply({ reqId: 3n, resultId: 1n, timing: 900n, block })
 */
export function encodeFetchRawBlockReply(r: {
  reqId: Uint64;
  resultId: Uint64;
  timing?: Uint64;
  code?: number;
  message?: string;
  finished?: boolean;
  block?: Uint8Array | null;
}): Uint8Array {
  const code = (r.code ?? 0) & 0xffff;
  const msg = code === 0 ? new Uint8Array(0) : encodeUtf8(r.message ?? '');
  const finished = code !== 0 || (r.finished ?? false);
  const block = r.block ?? null;
  if (!finished && block === null)
    throw new TaosError(Code.INVALID_PARA, 'fetch_raw_block reply needs a block or finished');
  const L = msg.length;
  const size = 51 + L + (finished ? 0 : 4 + block!.length);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(0, FLAG, true);
  dv.setBigUint64(8, BigInt(BinaryAction.FETCH_RAW_BLOCK), true);
  dv.setUint16(16, BINARY_PROTOCOL_VERSION, true);
  dv.setBigUint64(18, toU64(r.timing ?? 0, 'timing'), true);
  dv.setBigUint64(26, toU64(r.reqId, 'req_id'), true);
  dv.setUint32(34, code, true);
  dv.setUint32(38, L, true);
  out.set(msg, 42);
  dv.setBigUint64(42 + L, toU64(r.resultId, 'result id'), true);
  out[50 + L] = finished ? 1 : 0;
  if (!finished) {
    dv.setUint32(51 + L, block!.length, true);
    out.set(block!, 55 + L);
  }
  return out;
}

/**
 * Decode a `fetch_raw_block` reply (client side). Malformed replies throw
 * `TaosError(INVALID_DATA_FMT)`; a server error is returned in `code`/`message`, not thrown.
 *
 * @example const r = decodeFetchRawBlockReply(frame); if (r.block) decodeRawBlock(r.block);
 */
export function decodeFetchRawBlockReply(bytes: Uint8Array): FetchRawBlockReply {
  const bad = (m: string): never => {
    throw new TaosError(Code.INVALID_DATA_FMT, `invalid fetch_raw_block reply: ${m}`);
  };
  if (bytes.length < 51) bad(`${bytes.length} bytes`);
  const dv = viewOf(bytes);
  if (dv.getBigUint64(0, true) !== FLAG) bad('missing 0xFFFFFFFFFFFFFFFF flag');
  const action = dv.getBigUint64(8, true);
  if (action !== BigInt(BinaryAction.FETCH_RAW_BLOCK)) bad(`action ${action}`);
  const version = dv.getUint16(16, true);
  if (version !== BINARY_PROTOCOL_VERSION) bad(`version ${version}`);
  const code = dv.getUint32(34, true) & 0xffff;
  const L = dv.getUint32(38, true);
  if (51 + L > bytes.length) bad(`message length ${L} exceeds reply`);
  const finished = bytes[50 + L] !== 0;
  let block: Uint8Array | null = null;
  if (code === 0 && !finished) {
    if (55 + L > bytes.length) bad('missing block length');
    const B = dv.getUint32(51 + L, true);
    if (55 + L + B > bytes.length) bad(`block length ${B} exceeds reply`);
    block = bytes.subarray(55 + L, 55 + L + B);
  }
  return {
    timing: dv.getBigUint64(18, true),
    reqId: dv.getBigUint64(26, true),
    code,
    message: readUtf8(bytes, 42, 42 + L),
    resultId: dv.getBigUint64(42 + L, true),
    finished,
    block,
  };
}

/**
 * `req_id` of a new-format binary reply (flag 0xFFFF… at 0), or null for other binary frames
 * such as legacy `fetch_block` replies. @example pending.get(binaryReplyReqId(frame))
 */
export function binaryReplyReqId(bytes: Uint8Array): bigint | null {
  if (bytes.length < 34) return null;
  const dv = viewOf(bytes);
  return dv.getBigUint64(0, true) === FLAG ? dv.getBigUint64(26, true) : null;
}

/** Legacy `fetch_block` reply (§4.7): `[uint64 timing][uint64 result id][raw block]`, no req_id. */
export interface FetchBlockReply {
  readonly timing: bigint;
  readonly resultId: bigint;
  readonly block: Uint8Array;
}

/** @example encodeFetchBlockReply(500n, 1n, block) */
export function encodeFetchBlockReply(timing: Uint64, resultId: Uint64, block: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + block.length);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(0, toU64(timing, 'timing'), true);
  dv.setBigUint64(8, toU64(resultId, 'result id'), true);
  out.set(block, 16);
  return out;
}

/** @example const { resultId, block } = decodeFetchBlockReply(frame) */
export function decodeFetchBlockReply(bytes: Uint8Array): FetchBlockReply {
  if (bytes.length < 16)
    throw new TaosError(Code.INVALID_DATA_FMT, `invalid fetch_block reply: ${bytes.length} bytes`);
  const dv = viewOf(bytes);
  return { timing: dv.getBigUint64(0, true), resultId: dv.getBigUint64(8, true), block: bytes.subarray(16) };
}
