import { InterfaceError } from './errors.js';

/**
 * An IANA time zone, resolved once per connection. Offsets come from `Intl`, so DST rules are
 * the runtime's (ICU) rules. UTC is special-cased because it is the common, hot case.
 */
export class Zone {
  readonly name: string;
  readonly #fmt: Intl.DateTimeFormat | undefined;

  private constructor(name: string, fmt: Intl.DateTimeFormat | undefined) {
    this.name = name;
    this.#fmt = fmt;
  }

  /** Validate an IANA zone name; throws `InterfaceError` naming it when unknown. */
  static of(name: string): Zone {
    if (name === 'UTC' || name === 'Etc/UTC' || name === 'Z') return new Zone('UTC', undefined);
    try {
      const fmt = new Intl.DateTimeFormat('en-US', {
        timeZone: name,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      });
      return new Zone(fmt.resolvedOptions().timeZone === 'UTC' ? 'UTC' : name, fmt);
    } catch {
      throw new InterfaceError(
        `unknown time zone ${JSON.stringify(name)} (expected an IANA name such as "Asia/Shanghai")`,
      );
    }
  }

  get isUtc(): boolean {
    return this.#fmt === undefined;
  }

  /** Offset from UTC in minutes at the instant `epochMs` (east positive: +480 for Shanghai). */
  offsetMinutes(epochMs: number): number {
    if (!this.#fmt) return 0;
    const parts = this.#fmt.formatToParts(new Date(epochMs));
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    let s = 0;
    let bc = false;
    for (const p of parts) {
      switch (p.type) {
        case 'year':
          y = Number(p.value);
          break;
        case 'month':
          mo = Number(p.value);
          break;
        case 'day':
          d = Number(p.value);
          break;
        case 'hour':
          h = Number(p.value);
          break;
        case 'minute':
          mi = Number(p.value);
          break;
        case 'second':
          s = Number(p.value);
          break;
        case 'era':
          bc = p.value.startsWith('B');
          break;
      }
    }
    if (bc) y = 1 - y;
    const wall = new Date(0);
    wall.setUTCFullYear(y, mo - 1, d); // years 0..99 would be read as 19xx by Date.UTC
    wall.setUTCHours(h, mi, s, 0);
    const whole = epochMs - (((epochMs % 1000) + 1000) % 1000);
    return Math.round((wall.getTime() - whole) / 60000);
  }

  /**
   * Epoch ms of a wall-clock time in this zone. Ambiguous times (DST fall-back) take the earlier
   * instant; times skipped by DST move forward by the gap, as most databases do.
   */
  wallToEpochMs(wallAsUtcMs: number): number {
    if (!this.#fmt) return wallAsUtcMs;
    const off1 = this.offsetMinutes(wallAsUtcMs);
    let guess = wallAsUtcMs - off1 * 60000;
    const off2 = this.offsetMinutes(guess);
    if (off2 !== off1) {
      const alt = wallAsUtcMs - off2 * 60000;
      guess = this.offsetMinutes(alt) === off2 ? alt : Math.max(guess, alt);
    } else {
      const earlier = guess - 3600000;
      const offE = this.offsetMinutes(earlier);
      if (offE !== off1 && wallAsUtcMs - offE * 60000 === earlier) guess = earlier;
    }
    return guess;
  }
}
