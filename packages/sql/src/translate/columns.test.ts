import { TypeCode as TC } from '@taosts/protocol';
import { describe, expect, it } from 'vitest';
import type { Query } from '../ast/index.js';
import { parse } from '../parse/index.js';
import { context } from './fixture.js';
import { translateQuery } from './index.js';

/** (TDengine SQL, expected [name, type code, length] per result column) — sql.md §4.3, §5. */
const COLUMNS: [string, [string, number, number][]][] = [
  [
    'select * from meters',
    [
      ['ts', TC.TIMESTAMP, 8],
      ['current', TC.FLOAT, 4],
      ['voltage', TC.INT, 4],
      ['phase', TC.FLOAT, 4],
      ['location', TC.VARCHAR, 64],
      ['groupid', TC.INT, 4],
    ],
  ],
  [
    'select * from d1001',
    [
      ['ts', TC.TIMESTAMP, 8],
      ['current', TC.FLOAT, 4],
      ['voltage', TC.INT, 4],
      ['phase', TC.FLOAT, 4],
    ],
  ],
  [
    'select m.* from meters m',
    [
      ['ts', TC.TIMESTAMP, 8],
      ['current', TC.FLOAT, 4],
      ['voltage', TC.INT, 4],
      ['phase', TC.FLOAT, 4],
      ['location', TC.VARCHAR, 64],
      ['groupid', TC.INT, 4],
    ],
  ],
  [
    'select CI, `Mixed`, tbname, _rowts, _c0 from tn',
    [
      ['ci', TC.INT, 4],
      ['Mixed', TC.INT, 4],
      ['tbname', TC.VARCHAR, 192],
      ['_rowts', TC.TIMESTAMP, 8],
      ['_c0', TC.TIMESTAMP, 8],
    ],
  ],
  [
    'select count(*), sum(voltage), sum(current), avg(voltage), max(current), min(ts), spread(voltage), stddev(current) from meters',
    [
      ['count(*)', TC.BIGINT, 8],
      ['sum(voltage)', TC.BIGINT, 8],
      ['sum(current)', TC.DOUBLE, 8],
      ['avg(voltage)', TC.DOUBLE, 8],
      ['max(current)', TC.FLOAT, 4],
      ['min(ts)', TC.TIMESTAMP, 8],
      ['spread(voltage)', TC.DOUBLE, 8],
      ['stddev(current)', TC.DOUBLE, 8],
    ],
  ],
  [
    'select sum(cu), first(cs), last(cn), last_row(cbool) from tn',
    [
      ['sum(cu)', TC.UBIGINT, 8],
      ['first(cs)', TC.VARCHAR, 20],
      ['last(cn)', TC.NCHAR, 10],
      ['last_row(cbool)', TC.BOOL, 1],
    ],
  ],
  [
    'select last_row(*) from d1001',
    [
      ['last_row(ts)', TC.TIMESTAMP, 8],
      ['last_row(current)', TC.FLOAT, 4],
      ['last_row(voltage)', TC.INT, 4],
      ['last_row(phase)', TC.FLOAT, 4],
    ],
  ],
  [
    'select avg(voltage) as `Avg V`, voltage + 1 v1 from meters group by voltage',
    [
      ['Avg V', TC.DOUBLE, 8],
      ['v1', TC.DOUBLE, 8],
    ],
  ],
  [
    "select 1, 1.5, 'abc', true, voltage + 1, ts + 1s, ts - 1, voltage > 1 from d1001",
    [
      ['1', TC.BIGINT, 8],
      ['1.5', TC.DOUBLE, 8],
      ["'abc'", TC.VARCHAR, 3],
      ['true', TC.BOOL, 1],
      ['voltage + 1', TC.DOUBLE, 8],
      ['ts + 1s', TC.TIMESTAMP, 8],
      ['ts - 1', TC.TIMESTAMP, 8],
      ['voltage > 1', TC.BOOL, 1],
    ],
  ],
  [
    'select ts, top(voltage, 2) from meters',
    [
      ['ts', TC.TIMESTAMP, 8],
      ['top(voltage, 2)', TC.INT, 4],
    ],
  ],
  [
    'select _wstart, _wend, _wduration, count(*) from d1001 interval(10s)',
    [
      ['_wstart', TC.TIMESTAMP, 8],
      ['_wend', TC.TIMESTAMP, 8],
      ['_wduration', TC.BIGINT, 8],
      ['count(*)', TC.BIGINT, 8],
    ],
  ],
  [
    'select cast(ci as varchar(8)), cast(cd as bigint), cast(ts as bigint), cast(cs as nchar(4)) from tn',
    [
      ['cast(ci as varchar(8))', TC.VARCHAR, 8],
      ['cast(cd as bigint)', TC.BIGINT, 8],
      ['cast(ts as bigint)', TC.BIGINT, 8],
      ['cast(cs as nchar(4))', TC.NCHAR, 4],
    ],
  ],
  [
    'select concat(cs, cn), length(cs), char_length(cn), upper(cs), abs(ci), round(cd), sqrt(ci) from tn',
    [
      ['concat(cs, cn)', TC.NCHAR, 30],
      ['length(cs)', TC.BIGINT, 8],
      ['char_length(cn)', TC.BIGINT, 8],
      ['upper(cs)', TC.VARCHAR, 20],
      ['abs(ci)', TC.INT, 4],
      ['round(cd)', TC.DOUBLE, 8],
      ['sqrt(ci)', TC.DOUBLE, 8],
    ],
  ],
  [
    'select server_status(), server_version(), database(), now(), today(), timezone()',
    [
      ['server_status()', TC.INT, 4],
      ['server_version()', TC.VARCHAR, 7],
      ['database()', TC.VARCHAR, 5],
      ['now()', TC.TIMESTAMP, 8],
      ['today()', TC.TIMESTAMP, 8],
      ['timezone()', TC.VARCHAR, 16],
    ],
  ],
  [
    `select avg(voltage) + max(voltage) * 2 - min(voltage) / count(*) + spread(voltage) from meters`,
    [['avg(voltage) + max(voltage) * 2 - min(voltage) / count(*) + spre', TC.DOUBLE, 8]],
  ],
];

describe('result columns', () => {
  for (const [sql, want] of COLUMNS) {
    it(sql, () => {
      const t = translateQuery(parse(sql) as Query, context());
      expect(
        t.columns.map((c) => [c.name, c.type, c.length]),
        t.sql,
      ).toEqual(want);
    });
  }
});
