import { describe, expect, it } from 'vitest';
import { parse, type Query } from '@taosts/sql';
import { isSmallBound, isSmallResult } from './small-result.js';

describe('isSmallResult', () => {
  it.each([
    ['select count(*) from t', true],
    ['select avg(v), max(v) + 1 from t where ts > 0', true],
    ['select last_row(*) from t', true],
    ['select 1, server_version()', true],
    ['select * from t limit 10', true],
    ['select * from t limit 10, 20', true],
    ['select abs(sum(v)) from t', true],
    ['select * from t', false],
    ['select v from t', false],
    ['select count(*) from t group by tbname', false],
    ['select last_row(*) from t partition by tbname', false],
    ['select _wstart, avg(v) from t interval(1s)', false],
    ['select diff(v) from t', false],
    ['select top(v, 3) from t', false],
    ['select abs(v) from t', false],
    ['select * from t limit 100000', false],
    ['select * from t partition by tbname limit 1', false],
    ['select distinct v from t', false],
    ['select count(*) from t union all select count(*) from u', false],
  ])('%s → %s', (sql, want) => {
    expect(isSmallResult(parse(sql) as Query)).toBe(want);
  });
});

describe('isSmallBound', () => {
  it.each([
    [undefined, false],
    [0n, true],
    [4096n, true],
    [4097n, false],
  ])('%s → %s', (maxRows, want) => expect(isSmallBound(maxRows)).toBe(want));
});
