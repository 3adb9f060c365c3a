import type { Address } from '../options.js';

/**
 * Open WebSocket connections per address, so a new connection goes to the least-loaded server
 * of a multi-address URL (the official Node connector's least-connected choice). Counts go up
 * when a connection opens and down when it closes; nothing else is kept.
 */
export class AddressLoad {
  readonly #open = new Map<string, number>();

  /** Addresses ordered by open connections, fewest first; ties keep URL order. */
  order(addresses: readonly Address[]): Address[] {
    return addresses
      .map((a, i) => ({ a, i, n: this.count(a) }))
      .sort((x, y) => x.n - y.n || x.i - y.i)
      .map((x) => x.a);
  }

  count(a: Address): number {
    return this.#open.get(key(a)) ?? 0;
  }

  acquire(a: Address): void {
    this.#open.set(key(a), this.count(a) + 1);
  }

  release(a: Address): void {
    const n = this.count(a) - 1;
    if (n > 0) this.#open.set(key(a), n);
    else this.#open.delete(key(a));
  }
}

/** The process-wide tally `connect()` uses (per module instance; only counters, no sockets). */
export const processLoad = new AddressLoad();

function key(a: Address): string {
  return `${a.host}:${a.port}`;
}

/**
 * Reconnect delay for attempt `n` (0-based): exponential from `base`, capped at `max`, with
 * "equal jitter" (half fixed, half random) so clients that lost the same server spread out.
 */
export function backoffDelay(
  n: number,
  base: number,
  max: number,
  random: () => number = Math.random,
): number {
  const exp = Math.min(max, base * 2 ** Math.min(n, 30));
  return exp / 2 + random() * (exp / 2);
}
