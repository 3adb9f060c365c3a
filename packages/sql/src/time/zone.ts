/**
 * Time-zone offsets through Intl, cached per zone and per hour, so the hot paths (parsing
 * zone-less INSERT timestamps, rendering REST timestamps) rarely touch Intl.
 */

const formatters = new Map<string, Intl.DateTimeFormat | null>();
const offsets = new Map<string, Map<number, number>>();
const HOUR_MS = 3_600_000;

/** `+08:00`, `-0530`, `+8`, `UTC`, `Z` → fixed offset in seconds; undefined for region names. */
function fixedOffset(tz: string): number | undefined {
  if (tz === 'UTC' || tz === 'Z' || tz === 'z' || tz === 'GMT' || tz === 'Etc/UTC') return 0;
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(tz);
  if (!m) return undefined;
  const s = (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60;
  return m[1] === '-' ? -s : s;
}

function formatter(tz: string): Intl.DateTimeFormat | null {
  let f = formatters.get(tz);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      f = null;
    }
    formatters.set(tz, f);
  }
  return f;
}

/** True for IANA names Intl knows and for fixed offsets like `+08:00` / `UTC`. */
export function isValidTimeZone(tz: string): boolean {
  return tz.length > 0 && (fixedOffset(tz) !== undefined || formatter(tz) !== null);
}

/** UTC offset of `tz` at the instant `epochMs`, in seconds (DST-aware). */
export function zoneOffsetSeconds(tz: string, epochMs: number): number {
  const fixed = fixedOffset(tz);
  if (fixed !== undefined) return fixed;
  const hour = Math.floor(epochMs / HOUR_MS);
  let cache = offsets.get(tz);
  if (!cache) {
    cache = new Map();
    offsets.set(tz, cache);
  }
  const hit = cache.get(hour);
  if (hit !== undefined) return hit;
  const f = formatter(tz);
  if (!f) throw new RangeError(`unknown time zone ${tz}`);
  // Offsets change on whole minutes at most hourly boundaries in practice; sample the hour start.
  const at = hour * HOUR_MS;
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(at))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  const off = Math.round((wall - at) / 1000);
  if (cache.size > 100_000) cache.clear();
  cache.set(hour, off);
  return off;
}

/**
 * Epoch milliseconds of a wall-clock time in `tz` (`wallMs` = that wall time read as UTC).
 * Two passes settle the offset around DST changes; a skipped wall time resolves forward.
 */
export function wallToEpochMs(wallMs: number, tz: string): number {
  const first = zoneOffsetSeconds(tz, wallMs) * 1000;
  const guess = wallMs - first;
  const second = zoneOffsetSeconds(tz, guess) * 1000;
  return second === first ? guess : wallMs - second;
}
