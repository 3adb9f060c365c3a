import { describe, expect, it } from 'vitest';
import { loadLocation, parseGoBool, parseReqId, parseSqlParams } from './rest-params.js';

describe('rest params', () => {
  const bools: [string, boolean | 'error'][] = [
    ['1', true],
    ['t', true],
    ['T', true],
    ['TRUE', true],
    ['true', true],
    ['True', true],
    ['0', false],
    ['f', false],
    ['F', false],
    ['FALSE', false],
    ['false', false],
    ['False', false],
    ['yes', 'error'],
    ['tRUE', 'error'],
    ['2', 'error'],
  ];
  it.each(bools)('ParseBool(%s)', (s, want) => {
    if (want === 'error')
      expect(() => parseGoBool(s)).toThrow(`strconv.ParseBool: parsing "${s}": invalid syntax`);
    else expect(parseGoBool(s)).toBe(want);
  });

  const reqIds: [string, bigint | undefined | 'error'][] = [
    ['', undefined],
    ['0', undefined],
    ['42', 42n],
    ['-5', -5n],
    ['+7', 7n],
    ['9223372036854775807', 9223372036854775807n],
    ['9223372036854775808', 'error'],
    ['1.5', 'error'],
    ['0x10', 'error'],
  ];
  it.each(reqIds)('req_id=%s', (s, want) => {
    const q = new URLSearchParams(s === '' ? '' : `req_id=${encodeURIComponent(s)}`);
    if (want === 'error')
      expect(() => parseReqId(q)).toThrow(/^illegal param, req_id must be numeric strconv\.ParseInt/);
    else expect(parseReqId(q)).toBe(want);
  });

  const zones: [string, string | 'error'][] = [
    ['', 'UTC'],
    ['UTC', 'UTC'],
    ['Asia/Shanghai', 'Asia/Shanghai'],
    ['Etc/GMT+10', 'Etc/GMT+10'],
    ['+08:00', 'error'],
    ['UTC+8', 'error'],
    ['Z', 'error'],
    ['Mars/Base', 'error'],
  ];
  it.each(zones)('LoadLocation(%s)', (s, want) => {
    if (want === 'error') expect(() => loadLocation(s)).toThrow(`unknown time zone ${s}`);
    else expect(loadLocation(s)).toBe(want);
  });

  it('conn_tz sets both zones and wins over tz; empty conn_tz renders UTC without a session zone', () => {
    expect(parseSqlParams(new URLSearchParams('tz=Asia/Shanghai'))).toEqual({
      renderZone: 'Asia/Shanghai',
      rowWithMeta: false,
    });
    expect(
      parseSqlParams(new URLSearchParams('tz=Asia/Shanghai&conn_tz=Europe/Paris&app=x&ip=1.2.3.4')),
    ).toEqual({
      renderZone: 'Europe/Paris',
      connZone: 'Europe/Paris',
      rowWithMeta: false,
      app: 'x',
      ip: '1.2.3.4',
    });
    expect(parseSqlParams(new URLSearchParams('conn_tz=&tz=Asia/Shanghai'))).toEqual({
      renderZone: 'UTC',
      rowWithMeta: false,
    });
  });
});
