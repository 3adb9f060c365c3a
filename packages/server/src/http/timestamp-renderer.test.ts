import { describe, expect, it } from 'vitest';
import type { Precision } from '@taosts/protocol';
import { formatTimestamp } from '@taosts/sql';
import { createTimestampRenderer } from './timestamp-renderer.js';

describe('createTimestampRenderer', () => {
  const rows: [bigint, Precision, string, string][] = [
    [1626185192272n, 'ms', 'UTC', '2021-07-13T14:06:32.272Z'],
    [1626156392272n, 'ms', 'Asia/Shanghai', '2021-07-13T14:06:32.272+08:00'],
    [1626185192000001n, 'us', 'UTC', '2021-07-13T14:06:32.000001Z'],
    [1626185192123456789n, 'ns', 'UTC', '2021-07-13T14:06:32.123456789Z'],
    [1626185192000000000n, 'ns', 'UTC', '2021-07-13T14:06:32.000000000Z'],
    [-1n, 'ms', 'UTC', '1969-12-31T23:59:59.999Z'],
    [-1n, 'ns', 'UTC', '1969-12-31T23:59:59.999999999Z'],
    [0n, 'ns', 'America/New_York', '1969-12-31T19:00:00.000000000-05:00'],
    [1625155200000n, 'ms', 'America/New_York', '2021-07-01T12:00:00.000-04:00'],
    [1609459200000n, 'ms', 'Europe/London', '2021-01-01T00:00:00.000Z'],
    [1625097600000n, 'ms', 'Europe/London', '2021-07-01T01:00:00.000+01:00'],
    [1625097600000n, 'ms', 'Asia/Kathmandu', '2021-07-01T05:45:00.000+05:45'],
    [1625097600000n, 'ms', 'Etc/GMT+10', '2021-06-30T14:00:00.000-10:00'],
    [253402300799999n, 'ms', 'UTC', '9999-12-31T23:59:59.999Z'],
  ];
  it.each(rows)('%s %s %s', (ticks, p, tz, want) => {
    expect(createTimestampRenderer(p, tz)(ticks)).toBe(`"${want}"`);
  });

  it('matches formatTimestamp across a DST change, reusing its caches row after row', () => {
    for (const [p, step] of [
      ['ms', 1_800_000n],
      ['us', 1_799_999_999n],
      ['ns', 1_800_000_000_001n],
    ] as const) {
      for (const tz of ['UTC', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Shanghai']) {
        const render = createTimestampRenderer(p, tz);
        const start = 1615600000n * (p === 'ms' ? 1000n : p === 'us' ? 1_000_000n : 1_000_000_000n);
        for (let i = 0n; i < 200n; i++) {
          const t = start + i * step;
          expect(render(t)).toBe(`"${formatTimestamp(t, p, tz)}"`);
        }
      }
    }
  });
});
