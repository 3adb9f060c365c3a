import { randomInt } from 'node:crypto';
import { InterfaceError } from './errors.js';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/**
 * Request ids for tracing (`req_id`, protocol.md §9). Each generator draws a random 21-bit prefix
 * once and counts below it, so ids are unique per client, positive, and below 2^53: exact in a
 * JS `number` as well as a signed int64 on the server.
 */
export class ReqIdGenerator {
  readonly #base: bigint;
  #n = 0;

  constructor() {
    this.#base = BigInt(randomInt(1, 1 << 21)) << 32n;
  }

  next(): bigint {
    this.#n = (this.#n + 1) % 0x1_0000_0000;
    return this.#base | BigInt(this.#n);
  }
}

/** Validate a caller-supplied request id (signed int64; 0 is kept, unlike taospy). */
export function toReqId(v: bigint | number): bigint {
  let r: bigint;
  if (typeof v === 'bigint') r = v;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) r = BigInt(v);
  else throw new InterfaceError(`reqId must be a bigint or a safe integer, got ${String(v)}`);
  if (r < INT64_MIN || r > INT64_MAX)
    throw new InterfaceError(`reqId ${r} is outside the signed 64-bit range`);
  return r;
}
