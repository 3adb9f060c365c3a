import { describe, expect, it } from 'vitest';
import type { RestResponse } from './rest-decode.js';
import { isAffectedRows, isQueryText } from './rest-transport.js';
import { fieldOf } from './values.js';

describe('non-query detection', () => {
  it.each([
    ['select 1', true],
    ['  /* hi */ SELECT n AS affected_rows FROM t', true],
    ['-- c\nshow databases', true],
    ['describe t', true],
    ['desc t', true],
    ['explain select 1', true],
    ['(select 1)', true],
    ['insert into t values (now, 1)', false],
    ['create table t (ts timestamp, v int)', false],
    ['delete from t', false],
    ['', false],
  ])('%j is a query: %s', (sql, q) => {
    expect(isQueryText(sql)).toBe(q);
  });

  const meta = [fieldOf(['affected_rows', 'INT', 4])];
  it.each<[RestResponse['fields'], RestResponse['data'], boolean]>([
    [meta, [[3]], true],
    [meta, [[3], [4]], false],
    [[fieldOf(['affected_rows', 'BIGINT', 8])], [[3n]], false],
    [[...meta, fieldOf(['x', 'INT', 4])], [[3, 4]], false],
    [[fieldOf(['n', 'INT', 4])], [[3]], false],
  ])('shape %#', (fields, data, yes) => {
    expect(isAffectedRows({ fields, data })).toBe(yes);
  });
});
