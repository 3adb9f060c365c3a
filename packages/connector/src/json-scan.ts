import { JsonScanner, scanJson } from '@taosts/protocol';
import { InterfaceError } from './errors.js';

/** 10^0 … 10^22: every one is exact in a double (Clinger's fast path). */
export const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The protocol's lossless JSON scanner, failing with this package's `InterfaceError`: what the
 * server sent is not JSON. The REST decoder extends it; on its own it reads error bodies and
 * anything the fast path does not expect.
 */
export class ServerJsonScanner extends JsonScanner {
  override fail(what: string): never {
    throw new InterfaceError(`malformed JSON from server: ${what} ${this.near()}`);
  }
}

/** Parse any JSON text losslessly (64-bit integers as `bigint`). */
export function parseJsonLossless(text: string): unknown {
  return scanJson(new ServerJsonScanner(text));
}
