import { describe, expect, it } from 'vitest';
import { TDTimestamp } from './timestamp.js';
import { Zone } from './zone.js';

describe('TDTimestamp.parse', () => {
  const cases: [text: string, epoch: bigint, precision: string, iso: string][] = [
    ['2022-06-29T05:50:55.401Z', 1656481855401n, 'ms', '2022-06-29T05:50:55.401Z'],
    ['2022-06-29T13:50:55.401+08:00', 1656481855401n, 'ms', '2022-06-29T05:50:55.401Z'],
    ['2022-06-29T13:50:55.401+0800', 1656481855401n, 'ms', '2022-06-29T05:50:55.401Z'],
    ['2022-06-28T19:50:55.401-10:00', 1656481855401n, 'ms', '2022-06-29T05:50:55.401Z'],
    ['2022-06-29T05:50:55.401123Z', 1656481855401123n, 'us', '2022-06-29T05:50:55.401123Z'],
    ['2022-06-29T05:50:55.401123456Z', 1656481855401123456n, 'ns', '2022-06-29T05:50:55.401123456Z'],
    ['2262-04-11T23:47:16.854775807Z', 9223372036854775807n, 'ns', '2262-04-11T23:47:16.854775807Z'],
    ['1970-01-01T00:00:00.000Z', 0n, 'ms', '1970-01-01T00:00:00.000Z'],
    ['1969-12-31T23:59:59.999Z', -1n, 'ms', '1969-12-31T23:59:59.999Z'],
    ['1969-12-31T23:59:59.999999999Z', -1n, 'ns', '1969-12-31T23:59:59.999999999Z'],
    ['1900-01-01T00:00:00.000001Z', -2208988799999999n, 'us', '1900-01-01T00:00:00.000001Z'],
    ['2024-02-29 12:00:00', 1709208000000n, 'ms', '2024-02-29T12:00:00.000Z'],
    ['2024-02-29', 1709164800000n, 'ms', '2024-02-29T00:00:00.000Z'],
    ['2022-06-29T05:50:55.4Z', 1656481855400n, 'ms', '2022-06-29T05:50:55.400Z'],
    ['2022-06-29T05:50:55.40112Z', 1656481855401120n, 'us', '2022-06-29T05:50:55.401120Z'],
  ];
  it.each(cases)('%s', (text, epoch, precision, iso) => {
    const ts = TDTimestamp.parse(text);
    expect(ts.epoch).toBe(epoch);
    expect(ts.precision).toBe(precision);
    expect(ts.toISOString()).toBe(iso);
    expect(ts.toJSON()).toBe(iso);
  });

  it.each(['', 'x', '2024-13-01', '2024-01-01T25:00:00Z', '2024-01-01T00:00:00.Z', '2024-01-01T00:00:00+8'])(
    'rejects %j',
    (t) => {
      expect(() => TDTimestamp.parse(t)).toThrow(/invalid timestamp/);
    },
  );

  it('reads zone-less text in the given zone', () => {
    const z = Zone.of('Asia/Shanghai');
    expect(TDTimestamp.parse('2024-01-01 08:00:00.000', { zone: z }).toISOString()).toBe(
      '2024-01-01T00:00:00.000Z',
    );
    const ny = Zone.of('America/New_York');
    expect(TDTimestamp.parse('2024-07-01 00:00:00', { zone: ny }).toISOString()).toBe(
      '2024-07-01T04:00:00.000Z',
    );
    expect(TDTimestamp.parse('2024-01-01 00:00:00', { zone: ny }).toISOString()).toBe(
      '2024-01-01T05:00:00.000Z',
    );
    // an explicit offset wins over the zone
    expect(TDTimestamp.parse('2024-01-01T00:00:00Z', { zone: z }).toISOString()).toBe(
      '2024-01-01T00:00:00.000Z',
    );
  });
});

describe('TDTimestamp values', () => {
  it('fromEpoch keeps every digit, including negative epochs and int64 extremes', () => {
    const rows: [bigint, 'ms' | 'us' | 'ns'][] = [
      [9223372036854775807n, 'ns'],
      [-9223372036854775807n, 'ns'],
      [-1n, 'us'],
      [1700000000123456n, 'us'],
      [-1700000000123n, 'ms'],
    ];
    for (const [e, p] of rows) {
      const ts = TDTimestamp.fromEpoch(e, p);
      expect(ts.epoch).toBe(e);
      expect(TDTimestamp.parse(ts.toISOString()).epoch).toBe(e);
    }
  });

  it("keeps whole milliseconds exact at the edges of Date's range and around 2^26 multiples", () => {
    const ms = [8.64e15, -8.64e15, 2 ** 26, 2 ** 26 - 1, -(2 ** 26), -(2 ** 26) - 1, 0, -1, 1704067200123];
    for (const m of ms) {
      const ts = TDTimestamp.fromEpoch(BigInt(m) * 1000n + 999n, 'us');
      expect(ts.epochMs).toBe(m);
      expect(ts.epoch).toBe(BigInt(m) * 1000n + 999n);
      expect(ts.toDate().getTime()).toBe(m);
      expect(TDTimestamp.fromDate(new Date(m)).epoch).toBe(BigInt(m));
    }
    const a = TDTimestamp.fromEpoch(2 ** 26 - 1, 'ms');
    const b = TDTimestamp.fromEpoch(2 ** 26, 'ms');
    expect([a.compare(b), b.compare(a), a.compare(a)]).toEqual([-1, 1, 0]);
    expect(TDTimestamp.fromEpoch(-1n, 'ms').compare(TDTimestamp.fromEpoch(0n, 'ms'))).toBe(-1);
  });

  it('rejects out-of-range and unsafe epochs', () => {
    expect(() => TDTimestamp.fromEpoch(9223372036854775807n, 'ms')).toThrow(/out of range/);
    expect(() => TDTimestamp.fromEpoch(2 ** 60, 'ns')).toThrow(/safe integer/);
  });

  it('converts between precisions (floor when coarser) and compares exactly', () => {
    const ns = TDTimestamp.fromEpoch(1_000_000_001n, 'ns');
    expect(ns.to('us').epoch).toBe(1_000_000n);
    expect(ns.to('ms').epoch).toBe(1_000n);
    expect(TDTimestamp.fromEpoch(-1n, 'ns').to('ms').epoch).toBe(-1n);
    expect(TDTimestamp.fromEpoch(1000n, 'ms').to('ns').epoch).toBe(1_000_000_000n);
    expect(ns.compare(TDTimestamp.fromEpoch(1000n, 'ms'))).toBe(1);
    expect(TDTimestamp.fromEpoch(1_000_000n, 'us').equals(TDTimestamp.fromEpoch(1000n, 'ms'))).toBe(true);
  });

  it('renders in a zone and to Date', () => {
    const ts = TDTimestamp.parse('2024-01-01T00:00:00.123456789Z');
    expect(ts.toZonedString(Zone.of('Asia/Shanghai'))).toBe('2024-01-01T08:00:00.123456789+08:00');
    expect(ts.toZonedString(Zone.of('America/St_Johns'))).toBe('2023-12-31T20:30:00.123456789-03:30');
    expect(ts.toZonedString(Zone.of('UTC'))).toBe('2024-01-01T00:00:00.123456789Z');
    expect(ts.toDate().toISOString()).toBe('2024-01-01T00:00:00.123Z');
    expect(ts.epochMs).toBe(1704067200123);
    expect(TDTimestamp.fromDate(new Date(5)).epoch).toBe(5n);
  });
});

describe('Zone', () => {
  it('rejects unknown names, naming them', () => {
    expect(() => Zone.of('Mars/Olympus')).toThrow(/Mars\/Olympus/);
  });
  it('resolves DST gaps forward and overlaps to the earlier instant', () => {
    const ny = Zone.of('America/New_York');
    // 2024-03-10 02:30 does not exist in New York; 03:30 EDT = 07:30Z
    expect(new Date(ny.wallToEpochMs(Date.UTC(2024, 2, 10, 2, 30))).toISOString()).toBe(
      '2024-03-10T07:30:00.000Z',
    );
    // 2024-11-03 01:30 happens twice; the first is EDT (05:30Z)
    expect(new Date(ny.wallToEpochMs(Date.UTC(2024, 10, 3, 1, 30))).toISOString()).toBe(
      '2024-11-03T05:30:00.000Z',
    );
  });
});
