import { describe, expect, it } from 'vitest';
import type { Precision } from '@taosts/protocol';
import {
  durationTicks,
  formatTimestamp,
  isValidTimeZone,
  parseTimestamp,
  zoneOffsetSeconds,
} from './index.js';

describe('parseTimestamp', () => {
  const rows: [string, Precision, string, bigint | undefined][] = [
    ['2021-07-13 14:06:32.272', 'ms', 'UTC', 1626185192272n],
    ['2021-07-13 14:06:32.272', 'ms', 'Asia/Shanghai', 1626156392272n],
    ['2021-07-13T14:06:32.272+08:00', 'ms', 'UTC', 1626156392272n],
    ['2021-07-13T06:06:32.272Z', 'ms', 'Asia/Shanghai', 1626156392272n],
    ['2021-07-13T14:06:32.272+0800', 'ms', 'UTC', 1626156392272n],
    ['2021-07-13 14:06:32', 'us', 'UTC', 1626185192000000n],
    ['2021-07-13 14:06:32.123456789', 'ns', 'UTC', 1626185192123456789n],
    ['2021-07-13 14:06:32.123456789', 'ms', 'UTC', 1626185192123n],
    ['2021-07-13 14:06:32.1', 'us', 'UTC', 1626185192100000n],
    ['2021-07-13', 'ms', 'UTC', 1626134400000n],
    ['1969-12-31 23:59:59.999', 'ms', 'UTC', -1n],
    ['1970-01-01 00:00:00.000', 'ns', 'UTC', 0n],
    // DST: New York is UTC-4 in July, UTC-5 in January.
    ['2021-07-01 12:00:00', 'ms', 'America/New_York', 1625155200000n],
    ['2021-01-01 12:00:00', 'ms', 'America/New_York', 1609520400000n],
    ['not a time', 'ms', 'UTC', undefined],
    ['2021-13-01', 'ms', 'UTC', undefined],
    ['2021-07-13 14:06:32.272 junk', 'ms', 'UTC', undefined],
    ['12345', 'ms', 'UTC', undefined],
  ];
  it.each(rows)('%s (%s, %s)', (text, p, tz, want) => {
    expect(parseTimestamp(text, p, tz)).toBe(want);
  });
});

describe('formatTimestamp', () => {
  const rows: [bigint, Precision, string, string][] = [
    [1626185192272n, 'ms', 'UTC', '2021-07-13T14:06:32.272Z'],
    [1626156392272n, 'ms', 'Asia/Shanghai', '2021-07-13T14:06:32.272+08:00'],
    [1626185192000001n, 'us', 'UTC', '2021-07-13T14:06:32.000001Z'],
    [1626185192123456789n, 'ns', 'UTC', '2021-07-13T14:06:32.123456789Z'],
    [-1n, 'ms', 'UTC', '1969-12-31T23:59:59.999Z'],
    [0n, 'ns', 'America/New_York', '1969-12-31T19:00:00.000000000-05:00'],
    [1625155200000n, 'ms', 'America/New_York', '2021-07-01T12:00:00.000-04:00'],
    [1626185192272n, 'ms', '+05:30', '2021-07-13T19:36:32.272+05:30'],
  ];
  it.each(rows)('%s %s %s', (ticks, p, tz, want) => {
    expect(formatTimestamp(ticks, p, tz)).toBe(want);
  });

  it('round-trips with parseTimestamp in a DST zone', () => {
    for (let t = 1600000000000n; t < 1700000000000n; t += 86_399_123n * 37n) {
      expect(parseTimestamp(formatTimestamp(t, 'ms', 'Europe/Berlin'), 'ms', 'UTC')).toBe(t);
    }
  });
});

describe('durations and zones', () => {
  it.each([
    [10n, 's', 'ms', 10_000n],
    [1n, 'h', 'us', 3_600_000_000n],
    [500n, 'a', 'ns', 500_000_000n],
    [2n, 'w', 'ms', 1_209_600_000n],
    [7n, 'b', 'ns', 7n],
  ] as const)('%s%s in %s', (v, u, p, want) => {
    expect(durationTicks(v, u, p)).toBe(want);
  });

  it('rejects units finer than the precision and calendar units', () => {
    expect(() => durationTicks(1n, 'u', 'ms')).toThrow(/smaller than db precision/);
    expect(() => durationTicks(1n, 'n', 'ms')).toThrow();
  });

  it('knows zones', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('+08:00')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(zoneOffsetSeconds('Asia/Kolkata', 0)).toBe(19800);
  });
});
