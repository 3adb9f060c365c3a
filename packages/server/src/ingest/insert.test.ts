import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code } from '@taosts/protocol';
import type { TaosEngine } from '../engine/engine.js';
import { errorCode, memoryEngine, query, run, session } from '../engine/test-helpers.js';

const SETUP = [
  'create database db',
  'use db',
  'create stable meters (ts timestamp, current float, voltage int, phase float) tags (location varchar(64), groupid int)',
  "create table d1 using meters tags ('SF', 1)",
  'create table nt (ts timestamp, a int, b varchar(10), c double)',
];

let engine: TaosEngine;
beforeAll(async () => {
  engine = await memoryEngine();
});
afterAll(async () => {
  await engine.close();
});

/** A fresh database per case: statement, then the query whose rows must match. */
interface Case {
  name: string;
  sql: string[];
  affected?: number;
  check: string;
  rows: unknown[][];
}

const T0 = 1626164208000n;

const cases: Case[] = [
  {
    name: 'multi-row, commas optional',
    sql: [
      `insert into d1 values (${T0}, 10.5, 219, 0.25) (${T0 + 1n}, 11.5, 220, 0.5), (${T0 + 2n}, 12.5, 221, 0.75)`,
    ],
    affected: 3,
    check: 'select ts, current, voltage, phase from d1 order by ts',
    rows: [
      [T0, 10.5, 219, 0.25],
      [T0 + 1n, 11.5, 220, 0.5],
      [T0 + 2n, 12.5, 221, 0.75],
    ],
  },
  {
    name: 'column list leaves other columns NULL',
    sql: [`insert into d1 (ts, voltage) values (${T0}, 5)`],
    affected: 1,
    check: 'select ts, current, voltage, phase from d1',
    rows: [[T0, null, 5, null]],
  },
  {
    name: 'timestamp strings are read in the session zone, ISO offsets honoured',
    sql: [
      `insert into nt values ('2021-07-13 14:06:48.000', 1, 'x', 1) ('2021-07-13T14:06:49.000+08:00', 2, 'y', 2)`,
    ],
    check: 'select ts, a from nt order by ts',
    rows: [
      [1626156409000n, 2],
      [1626185208000n, 1],
    ],
  },
  {
    name: 'multi-table with auto-create and partial tags',
    sql: [
      `insert into d1 values (${T0}, 1, 1, 1) d2 using meters (groupid) tags (7) (ts, current) values (${T0}, 2) d3 using meters tags ('LA', 3) values (${T0}, 3, 3, 3)`,
    ],
    affected: 3,
    check: 'select tbname, location, groupid, current, voltage from meters order by tbname',
    rows: [
      ['d1', 'SF', 1, 1, 1],
      ['d2', null, 7, 2, null],
      ['d3', 'LA', 3, 3, 3],
    ],
  },
  {
    name: 'tables created by earlier clauses are visible to later ones (USING and tbname)',
    sql: [
      `insert into d5 using meters tags ('x', 2) values (${T0}, 1, 1, 1) ` +
        `d6 using meters (groupid) tags (3) (ts, current) values (${T0}, 2) ` +
        `d5 values (${T0 + 1n}, 3, 3, 3) ` +
        `meters (tbname, groupid, ts, current) values ('d7', 7, ${T0}, 4) ('d5', 0, ${T0 + 2n}, 5) ` +
        `d7 using meters tags ('ignored', 0) values (${T0 + 1n}, 6, 6, 6) d6 (ts, voltage) values (${T0}, 9)`,
    ],
    affected: 6,
    check: 'select tbname, location, groupid, ts, current, voltage from meters order by tbname, ts',
    rows: [
      ['d5', 'x', 2, T0, 1, 1],
      ['d5', 'x', 2, T0 + 1n, 3, 3],
      ['d5', 'x', 2, T0 + 2n, 5, null],
      ['d6', null, 3, T0, 2, 9],
      ['d7', null, 7, T0, 4, null],
      ['d7', null, 7, T0 + 1n, 6, 6],
    ],
  },
  {
    name: 'USING on an existing table keeps its tags',
    sql: [`insert into d1 using meters tags ('Other', 99) values (${T0}, 1, 1, 1)`],
    check: 'select location, groupid from d1',
    rows: [['SF', 1]],
  },
  {
    name: 'super-table insert routes by tbname and creates children',
    sql: [
      `insert into meters (tbname, location, groupid, ts, current) values ('d5', 'NY', 5, ${T0}, 1.5) ('d1', 'ignored', 0, ${T0}, 2.5) ('d5', 'NY', 5, ${T0 + 1n}, 3.5)`,
    ],
    affected: 3,
    check: 'select tbname, location, groupid, ts, current from meters order by tbname, ts',
    rows: [
      ['d1', 'SF', 1, T0, 2.5],
      ['d5', 'NY', 5, T0, 1.5],
      ['d5', 'NY', 5, T0 + 1n, 3.5],
    ],
  },
  {
    name: 'db.tb qualification',
    sql: ['use information_schema', `insert into db.nt values (${T0}, 1, 'q', 2.5)`, 'use db'],
    check: 'select a, b, c from nt',
    rows: [[1, 'q', 2.5]],
  },
  {
    name: 'merge: explicit NULL overwrites, NONE keeps the old value',
    sql: [
      `insert into nt values (${T0}, 1, 'a', 1.5)`,
      `insert into nt (ts, a) values (${T0}, 2)`,
      `insert into nt (ts, b) values (${T0}, null)`,
    ],
    affected: 1,
    check: 'select ts, a, b, c from nt',
    rows: [[T0, 2, null, 1.5]],
  },
  {
    name: 'merge inside one statement: later row wins column-wise',
    sql: [
      `insert into nt values (${T0}, 1, 'a', 1.5) nt (ts, a) values (${T0}, 2) (${T0}, 3) nt (ts, c) values (${T0}, 9.5)`,
    ],
    affected: 1,
    check: 'select ts, a, b, c from nt',
    rows: [[T0, 3, 'a', 9.5]],
  },
  {
    name: 'out-of-order rows: older rows are inserted, equal rows merged',
    sql: [
      `insert into d1 values (${T0 + 10n}, 10, 10, 10) (${T0 + 20n}, 20, 20, 20)`,
      `insert into d1 (ts, voltage) values (${T0 + 5n}, 5) (${T0 + 20n}, 21) (${T0 + 30n}, 30)`,
    ],
    affected: 3,
    check: 'select ts, current, voltage from d1 order by ts',
    rows: [
      [T0 + 5n, null, 5],
      [T0 + 10n, 10, 10],
      [T0 + 20n, 20, 21],
      [T0 + 30n, null, 30],
    ],
  },
  {
    name: 'merge through the super-table path keeps other children apart',
    sql: [
      `insert into d1 values (${T0}, 1, 1, 1) d2 using meters tags ('x', 2) values (${T0}, 2, 2, 2)`,
      `insert into d2 (ts, current) values (${T0}, 22)`,
    ],
    check: 'select tbname, current, voltage from meters order by tbname',
    rows: [
      ['d1', 1, 1],
      ['d2', 22, 2],
    ],
  },
  {
    name: 'NOW is one value per statement, so NOW rows overwrite each other',
    sql: ["insert into nt values (now, 1, 'a', 1) (now, 2, 'b', 2)"],
    affected: 1,
    check: 'select a, b from nt',
    rows: [[2, 'b']],
  },
  {
    name: "NOW ± duration and 'string' + duration",
    sql: [`insert into nt values ('2021-07-13 00:00:00' + 10s, 1, 'a', 1) (${T0} - 1s, 2, 'b', 2)`],
    check: 'select ts, a from nt order by ts',
    rows: [
      [1626134410000n, 1],
      [T0 - 1000n, 2],
    ],
  },
  {
    name: 'quoted numbers, bool and null forms',
    sql: [`insert into nt values (${T0}, '42', 'null', 'null')`],
    check: 'select a, b, c from nt',
    rows: [[42, 'null', null]],
  },
  {
    name: 'INSERT … SELECT into a normal table',
    sql: [
      `insert into nt values (${T0}, 1, 'a', 1.5) (${T0 + 1n}, 2, 'b', 2.5)`,
      'create table nt2 (ts timestamp, a int)',
      'insert into nt2 select ts, a from nt',
    ],
    affected: 2,
    check: 'select ts, a from nt2 order by ts',
    rows: [
      [T0, 1],
      [T0 + 1n, 2],
    ],
  },
  {
    name: 'INSERT … SELECT into a super table with tbname',
    sql: [
      `insert into nt values (${T0}, 1, 'a', 1.5)`,
      'insert into meters (tbname, ts, voltage) select b, ts, a from nt',
    ],
    affected: 1,
    check: 'select tbname, ts, voltage from meters',
    rows: [['a', T0, 1]],
  },
];

describe('INSERT forms and merge semantics', () => {
  let n = 0;
  for (const c of cases) {
    it(c.name, async () => {
      const s = session();
      const db = `db${n++}`;
      await run(engine, s, ...SETUP.map((x) => x.replace(/\bdb\b/, db)));
      let last: unknown;
      for (const sql of c.sql)
        last = await run(engine, s, sql.replace(/\bdb\./, `${db}.`).replace(/^use db$/, `use ${db}`));
      if (c.affected !== undefined) expect(last).toBe(c.affected);
      expect(await query(engine, s, c.check)).toEqual(c.rows);
    });
  }
});

/** (statement, expected code) on a fresh copy of SETUP; nothing may be written. */
const errors: [string, number][] = [
  [`insert into nope values (${T0}, 1)`, Code.TABLE_NOT_EXIST],
  // parInsertSql.c: `)` before the last bound column is 0x263F, a value past it `) expected`.
  [`insert into nt values (${T0}, 1, 'a')`, Code.INVALID_COLUMNS_NUM],
  [`insert into nt values (${T0}, 1, 'a', 1, 2)`, Code.TSC_SQL_SYNTAX_ERROR],
  [`insert into nt (ts, a) values (${T0})`, Code.INVALID_COLUMNS_NUM],
  [`insert into meters (tbname, ts, current) values ('d5', ${T0})`, Code.INVALID_COLUMNS_NUM],
  [`insert into meters (tbname, ts, current) values ('d5', ${T0}, 1, 2)`, Code.TSC_SQL_SYNTAX_ERROR],
  // A table created by an earlier clause is visible, but a bad later row still writes nothing.
  [
    `insert into d8 using meters tags ('a', 1) values (${T0}, 1, 1, 1) d8 values (${T0 + 1n}, 1, 'x', 1)`,
    Code.TSC_SQL_SYNTAX_ERROR,
  ],
  [
    `insert into d8 using meters tags ('a', 1) values (${T0}, 1, 1, 1) d8 using nt tags ('a', 1) values (${T0}, 1)`,
    Code.STB_NOT_EXIST,
  ],
  [`insert into nt (ts, zz) values (${T0}, 1)`, Code.INVALID_COLUMN],
  [`insert into nt (a) values (1)`, Code.TSC_SQL_SYNTAX_ERROR],
  [`insert into nt values (null, 1, 'a', 1)`, Code.TSC_SQL_SYNTAX_ERROR],
  [`insert into nt values (${T0}, 2147483648, 'a', 1)`, Code.TSC_SQL_SYNTAX_ERROR],
  [`insert into nt values (${T0}, 'abc', 'a', 1)`, Code.TSC_SQL_SYNTAX_ERROR],
  [`insert into nt values (${T0}, 1, 'abcdefghijk', 1)`, Code.VALUE_TOO_LONG],
  [`insert into nt values ('not a time', 1, 'a', 1)`, Code.TSC_SQL_SYNTAX_ERROR],
  [`insert into nt values (1000, 1, 'a', 1)`, Code.TIMESTAMP_OUT_OF_RANGE],
  [`insert into nt values (99999999999999999, 1, 'a', 1)`, Code.TIMESTAMP_OUT_OF_RANGE],
  [`insert into meters (ts, current) values (${T0}, 1)`, Code.TBNAME_NOT_SET],
  [`insert into d9 using meters tags ('a') values (${T0}, 1, 1, 1)`, Code.TAGS_NOT_MATCHED],
  [`insert into d9 using meters (nope) tags ('a') values (${T0}, 1, 1, 1)`, Code.INVALID_TAG_NAME],
  [`insert into d9 using nope tags ('a', 1) values (${T0}, 1, 1, 1)`, Code.TABLE_NOT_EXIST],
  [`insert into information_schema.ins_tables values (${T0}, 1)`, Code.SYSTABLE_NOT_ALLOWED],
  // The whole statement is validated first: the valid first clause must not be written.
  [
    `insert into nt values (${T0}, 1, 'a', 1) d1 values (${T0}, 1, 99999999999, 1)`,
    Code.TSC_SQL_SYNTAX_ERROR,
  ],
  [
    `insert into nt values (${T0}, 1, 'a', 1) d7 using meters tags ('a', 'x') values (${T0}, 1, 1, 1)`,
    Code.TSC_SQL_SYNTAX_ERROR,
  ],
];

describe('INSERT errors leave nothing behind', () => {
  let n = 0;
  for (const [sql, code] of errors) {
    it(`${code.toString(16)}: ${sql}`, async () => {
      const s = session();
      const db = `edb${n++}`;
      await run(engine, s, ...SETUP.map((x) => x.replace(/\bdb\b/, db)));
      expect(await errorCode(engine, s, sql)).toBe(code);
      expect(await query(engine, s, 'select count(*) from nt')).toEqual([[0n]]);
      expect(await query(engine, s, 'select count(*) from meters')).toEqual([[0n]]);
      expect(await query(engine, s, 'show tables')).toEqual([['d1'], ['nt']]);
      // The engine keeps working.
      expect(await run(engine, s, `insert into nt values (${T0}, 1, 'ok', 1)`)).toBe(1);
    });
  }
});

describe('error messages', () => {
  it('int overflow names the token', async () => {
    const s = session();
    await run(engine, s, ...SETUP.map((x) => x.replace(/\bdb\b/, 'msgdb')));
    await expect(run(engine, s, `insert into nt values (${T0}, 2147483648, 'a', 1)`)).rejects.toThrow(
      "syntax error near '2147483648' (int data overflow)",
    );
    await expect(run(engine, s, `insert into nt values (${T0}, 1, 'abcdefghijk', 1)`)).rejects.toThrow(
      'Value too long for column/tag: b',
    );
  });
});
