import { describe, expect, it } from 'vitest';
import { Code, TaosError } from '@taosts/protocol';
import type { OptionValue } from '@taosts/sql';
import {
  DEFAULT_DB_OPTIONS,
  applyDbOptions,
  durationMinutes,
  formatKeep,
  formatMinutes,
  showCreateDatabase,
} from './db-options.js';

const opts = (o: Record<string, OptionValue>) => new Map(Object.entries(o));
const DAY = 1440;

describe('applyDbOptions', () => {
  /** (options, field, expected). */
  const ok: [Record<string, OptionValue>, string, unknown][] = [
    [{ precision: 'us' }, 'precision', 'us'],
    [{ precision: 'NS' }, 'precision', 'ns'],
    [{ keep: 365 }, 'keep', [365 * DAY, 365 * DAY, 365 * DAY]],
    [{ keep: '100h', duration: '1h' }, 'keep', [6000, 6000, 6000]],
    [{ keep: ['30d', '60d', '90d'] }, 'keep', [30 * DAY, 60 * DAY, 90 * DAY]],
    [{ keep: [40, 50] }, 'keep', [40 * DAY, 50 * DAY, 50 * DAY]],
    [{ duration: '1d', keep: 3 }, 'duration', DAY],
    [{ duration: 60 * 0 + '90m' }, 'duration', 90],
    [{ vgroups: 8 }, 'vgroups', 8],
    [{ cachemodel: 'last_value' }, 'cachemodel', 'last_value'],
    [{ buffer: 16 }, 'buffer', 16],
    [{ wal_retention_period: -1 }, 'walRetentionPeriod', -1],
    [{ dnodes: '1,2' }, 'vgroups', 2],
  ];
  for (const [o, field, want] of ok) {
    it(`${JSON.stringify(o)} → ${field}`, () => {
      expect(
        (applyDbOptions(DEFAULT_DB_OPTIONS, opts(o)) as unknown as Record<string, unknown>)[field],
      ).toEqual(want);
    });
  }

  const bad: Record<string, OptionValue>[] = [
    { precision: 'xs' },
    { keep: 0 },
    { keep: 400000 },
    { keep: [10, 5] },
    { keep: [1, 2, 3, 4] },
    { keep: 10 },
    { duration: '10s' },
    { vgroups: 0 },
    { comp: 3 },
    { cachemodel: 'all' },
    { minrows: 5000 },
    { nonsense: 1 },
  ];
  for (const o of bad) {
    it(`rejects ${JSON.stringify(o)} with 0x2619`, () => {
      expect(() => applyDbOptions(DEFAULT_DB_OPTIONS, opts(o))).toThrow(TaosError);
      try {
        applyDbOptions(DEFAULT_DB_OPTIONS, opts(o));
      } catch (e) {
        expect((e as TaosError).code).toBe(Code.INVALID_DB_OPTION);
      }
    });
  }

  it('ALTER accepts only alterable options', () => {
    expect(applyDbOptions(DEFAULT_DB_OPTIONS, opts({ cachemodel: 'both' }), true).cachemodel).toBe('both');
    expect(() => applyDbOptions(DEFAULT_DB_OPTIONS, opts({ precision: 'us' }), true)).toThrow(TaosError);
    expect(() => applyDbOptions(DEFAULT_DB_OPTIONS, opts({ vgroups: 4 }), true)).toThrow(TaosError);
  });
});

describe('durations', () => {
  const cases: [OptionValue, number, string][] = [
    [10, 10 * DAY, '10d'],
    ['100h', 6000, '100h'],
    ['90m', 90, '90m'],
    ['48h', 2 * DAY, '2d'],
  ];
  for (const [v, mins, text] of cases) {
    it(`${String(v)} = ${mins} min, shown ${text}`, () => {
      expect(durationMinutes('x', v)).toBe(mins);
      expect(formatMinutes(mins)).toBe(text);
    });
  }
  it('formats KEEP lists', () => expect(formatKeep([DAY, 60, 90])).toBe('1d,1h,90m'));
});

it('SHOW CREATE DATABASE text lists every option', () => {
  expect(showCreateDatabase('power', DEFAULT_DB_OPTIONS)).toBe(
    "CREATE DATABASE `power` BUFFER 256 CACHESIZE 1 CACHEMODEL 'none' COMP 2 DURATION 10d WAL_FSYNC_PERIOD 3000 MAXROWS 4096 MINROWS 100 " +
      "STT_TRIGGER 2 KEEP 3650d,3650d,3650d PAGES 256 PAGESIZE 4 PRECISION 'ms' REPLICA 1 WAL_LEVEL 1 VGROUPS 2 SINGLE_STABLE 0 " +
      "TABLE_PREFIX 0 TABLE_SUFFIX 0 TSDB_PAGESIZE 4 WAL_RETENTION_PERIOD 3600 WAL_RETENTION_SIZE 0 KEEP_TIME_OFFSET 0 ENCRYPT_ALGORITHM 'none'",
  );
});
