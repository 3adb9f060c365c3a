import { Code, TaosError } from '@taosts/protocol';
import { describe, expect, it } from 'vitest';
import type { Query } from '../ast/index.js';
import { parse } from '../parse/index.js';
import { context } from './fixture.js';
import { translateQuery } from './index.js';
import type { TranslateContext } from './types.js';

/** (TDengine SQL, expected TDengine error code[, session]). */
const ERRORS: [string, number, Partial<TranslateContext>?][] = [
  // name resolution
  ['select * from meters', Code.DB_NOT_SPECIFIED, { db: undefined }],
  ['select * from nodb.meters', Code.DB_NOT_EXIST],
  ['select * from nosuch', Code.TABLE_NOT_EXIST],
  ['select nosuch from meters', Code.INVALID_COLUMN],
  ['select x.voltage from meters m', Code.TABLE_NOT_EXIST],
  ['select location from tn', Code.INVALID_COLUMN],
  // aggregates and grouping
  ['select ts, avg(voltage) from meters', Code.NOT_SINGLE_GROUP],
  ['select voltage, count(*) from meters group by tbname', Code.GROUPBY_LACK_EXPRESSION],
  ['select max(count(*)) from meters', Code.AGG_FUNC_NESTING],
  ['select voltage from meters where count(*) > 1', Code.ILLEGAL_USE_AGG_FUNC],
  ['select count(*) from meters interval(1m) group by tbname', Code.GROUPBY_WINDOW_COEXIST],
  ['select voltage from meters slimit 1', Code.SLIMIT_LEAK_PARTITION_GROUP_BY],
  ['select first(name) from information_schema.ins_databases', Code.INVALID_TIMELINE_FUNC],
  // window validation (sql.md §4.9)
  ['select _wstart from meters', Code.INVALID_WINDOW_PC],
  ['select count(*) from d1001 interval(5a)', Code.INTER_VALUE_TOO_SMALL],
  ['select count(*) from pus.tu interval(1000u)', Code.INTER_VALUE_TOO_SMALL],
  ['select count(*) from d1001 interval(10s, 10s)', Code.INTER_OFFSET_TOO_BIG],
  ['select count(*) from d1001 interval(10s) sliding(20s)', Code.INTER_SLIDING_TOO_BIG],
  ['select count(*) from d1001 interval(100s) sliding(100a)', Code.INTER_SLIDING_TOO_SMALL],
  ['select count(*) from d1001 interval(1u)', Code.FUNC_TIME_UNIT_TOO_SMALL],
  [
    "select count(*) from d1001 where ts >= '2000-01-01' and ts < '2024-01-01' interval(10a) fill(null)",
    Code.FILL_TIME_RANGE,
  ],
  // functions
  ['select foo(voltage) from meters', Code.INVALID_FUNCTION_NAME],
  ['select abs(voltage, 1) from meters', Code.FUNC_INVALID_PARA_NUM],
  ['select count() from meters', Code.FUNC_INVALID_PARA_NUM],
  ['select abs(location) from meters', Code.FUNC_INVALID_PARA_TYPE],
  ['select timetruncate(ts, 1u) from d1001', Code.FUNC_TIME_UNIT_TOO_SMALL],
  ["select voltage from meters where ts > 'not a time'", Code.WRONG_VALUE_TYPE],
  // not translated yet: TDengine features raise OPS_NOT_SUPPORT, never wrong SQL
  ['select twa(voltage) from d1001 session(ts, 10s)', Code.OPS_NOT_SUPPORT],
  ['select top(voltage, 2), count(*) from d1001', Code.OPS_NOT_SUPPORT],
  ['select top(voltage, 0) from d1001', Code.FUNC_INVALID_PARA_VALUE],
  ['select top(voltage) from d1001', Code.FUNC_INVALID_PARA_NUM],
  [
    "select count(*) from d1001 where ts > '2024-01-01' and ts < '2024-03-01' interval(1n) fill(null)",
    Code.OPS_NOT_SUPPORT,
  ],
  ['select count(*) from d1001 interval(1n) sliding(1d)', Code.INTER_SLIDING_UNIT],
  ['select count(*) from d1001 count_window(3, 1)', Code.OPS_NOT_SUPPORT],
  ['select count(*) from d1001 state_window(current)', Code.FUNC_INVALID_PARA_TYPE],
  ['select * from d1001 a right asof join d1002 b', Code.OPS_NOT_SUPPORT],
  [
    "select interp(voltage) from d1001 range('2024-01-01 00:00:00', '2024-01-01 00:01:00') every(10s)",
    Code.OPS_NOT_SUPPORT,
  ],
  [
    "select voltage from d1001 range('2024-01-01 00:00:00', '2024-01-01 00:01:00') every(10s) fill(prev)",
    Code.INVALID_INTERP_CLAUSE,
  ],
  [
    "select interp(voltage) from d1001 range('2024-01-01 00:01:00', '2024-01-01 00:00:00') every(10s) fill(prev)",
    Code.INVALID_INTERP_CLAUSE,
  ],
  ["select interp(location) from d1001 range('2024-01-01 00:00:00') fill(prev)", Code.FUNC_INVALID_PARA_TYPE],
  ['select interp(voltage) from d1001', Code.OPS_NOT_SUPPORT],
  // UNION
  ['select voltage, ts from d1001 union all select voltage from d1002', Code.INCORRECT_NUM_OF_COL],
];

describe('translation errors', () => {
  for (const [sql, code, over] of ERRORS) {
    it(`${sql} → 0x${code.toString(16)}`, () => {
      let err: unknown;
      try {
        translateQuery(parse(sql) as Query, context(over));
      } catch (e) {
        err = e;
      }
      expect(err, sql).toBeInstanceOf(TaosError);
      expect((err as TaosError).code.toString(16), `${sql}: ${(err as Error).message}`).toBe(
        code.toString(16),
      );
    });
  }
});
