import { describe, expect, it } from 'vitest';
import { Code, TaosError, formatCode } from './errors.js';

describe('TDengine error codes', () => {
  // Checked against TDengine's include/util/taoserror.h and source/util/src/terror.c (3.x), every
  // entry of `Code` (all match; the HTTP_* 0x11xx codes are TDengine 2.x's, kept by taosAdapter).
  // The client (TSC) codes start at 0x0200: 0x021B and 0x0224 are "Syntax error in Line" and
  // "Value out of range", not "invalid operation" and "query cancelled".
  it.each([
    ['TSC_INVALID_OPERATION', Code.TSC_INVALID_OPERATION, 0x0200, 'Invalid operation'],
    ['TSC_QUERY_CANCELLED', Code.TSC_QUERY_CANCELLED, 0x020f, 'Query terminated'],
    ['TSC_SQL_SYNTAX_ERROR', Code.TSC_SQL_SYNTAX_ERROR, 0x0216, 'Syntax error in SQL'],
    ['INVALID_PARA', Code.INVALID_PARA, 0x0118, undefined],
    ['INVALID_DATA_FMT', Code.INVALID_DATA_FMT, 0x0132, undefined],
    ['TABLE_ALREADY_EXIST', Code.TABLE_ALREADY_EXIST, 0x0603, 'Table already exists'],
    ['OFFSET_LESS_ZERO', Code.OFFSET_LESS_ZERO, 0x2637, 'soffset/offset can not be less than 0'],
    [
      'SLIMIT_LEAK_PARTITION_GROUP_BY',
      Code.SLIMIT_LEAK_PARTITION_GROUP_BY,
      0x2638,
      'slimit/soffset only available for PARTITION/GROUP BY query',
    ],
    ['SML_NOT_SAME_TYPE', Code.SML_NOT_SAME_TYPE, 0x3004, 'Not the same type like before'],
  ])('%s is 0x%s', (_name, code, want, message) => {
    expect(code).toBe(want);
    if (message !== undefined) expect(new TaosError(code).message).toBe(message);
  });

  it('prints codes the way TDengine documents them', () => {
    expect(formatCode(Code.TSC_INVALID_OPERATION)).toBe('0x80000200');
  });
});
