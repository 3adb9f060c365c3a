import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaosError } from '@taosts/protocol';
import { parse } from '@taosts/sql';
import type { Insert } from '@taosts/sql';
import type { Catalog } from '../catalog/catalog.js';
import type { TaosEngine } from '../engine/engine.js';
import { memoryEngine, query, run, session } from '../engine/test-helpers.js';
import { planFastInsert } from './fast-insert.js';
import { planInsert } from './plan-insert.js';
import type { PlanEnv } from './plan-insert.js';

const T0 = 1626164208000n;
const COLS =
  'ts timestamp, b bool, i int, bi bigint, f float, d double, v varchar(5), n nchar(3), vb varbinary(4), ti tinyint, u int unsigned, ub bigint unsigned';

let engine: TaosEngine;
const s = session();
beforeAll(async () => {
  engine = await memoryEngine();
  await run(
    engine,
    s,
    'create database fdb',
    'use fdb',
    `create table t (${COLS})`,
    `create stable st (ts timestamp, x double, y int) tags (g int, loc varchar(8))`,
    "create table c1 using st tags (1, 'a')",
    "create database fus precision 'us'",
    'create table fus.t (ts timestamp, a int)',
    "create database fns precision 'ns'",
    'create table fns.t (ts timestamp, a int)',
  );
});
afterAll(async () => {
  await engine.close();
});

function env(): PlanEnv {
  return {
    catalog: engine.schema as Catalog,
    sessionDb: 'fdb',
    timezone: 'Asia/Shanghai',
    now: T0 * 1_000_000n,
  };
}

const row = (ts: string, rest: string) => `insert into t values (${ts}, ${rest})`;
const ALL_NULL = 'null, null, null, null, null, null, null, null, null, null, null';

/** Statements the fast path takes: its plan must equal parse() + planInsert's. */
const SAME: string[] = [
  row(`${T0}`, ALL_NULL),
  row(`${T0}`, 'NULL, Null, null, null, null, null, null, null, null, null, null'),
  row(`${T0}`, "true, 42, -7, 1.5, 2.5e3, 'abc', 'äöü', '\\x0a0b', 12, 7, 9"),
  row(`${T0}`, "false, '42', '-7', '1.5', '2.5E3', 'null', 'ab', 'xyz', '12', '7', '9'"),
  row(`${T0}`, "'t', 0, 0, 0, 0, 'it''s', 'a\\'b', \"dq\", -128, 0, 0"),
  row(`${T0}`, "1, 1.9, -0, -0.25, -.5, '', '', '', 127, 4294967295, 18446744073709551615"),
  row(`${T0}`, "0, -1.9, 9223372036854775807, 1e3, 1E-2, 'x', 'y', 'z', 1, 1, 1"),
  row(`${T0}`, "null, 2147483647, -9223372036854775808, 3.4028234663852886e38, 0.1, 'x', 'y', 'z', 1, 1, 1"),
  row(
    `${T0}`,
    "null, -2147483648, 123456789012345678, 0.30000000000000004, 1.23456789012345678, 'x', 'y', 'z', 1, 1, 1",
  ),
  row(`${T0}`, "null, 1, 1, 16777217, 123456789012345.6, 'x', 'y', 'z', 1, 1, 1"),
  row("'2021-07-13 14:06:32.000'", ALL_NULL),
  row("'2021-07-13T14:06:32.000+08:00'", ALL_NULL),
  row("'2021-07-13T14:06:32.123Z'", ALL_NULL),
  `insert into t (ts, i) values (${T0}, 1) (${T0}, 2) (${T0 - 5n}, 3), (${T0 + 1n}, 4)`,
  `insert into t (ts, v, i) values (${T0}, 'a', 1) t (ts, i) values (${T0}, 2)`,
  `insert into fus.t values (${T0 * 1000n + 7n}, 1)`,
  `insert into fns.t values (${T0 * 1_000_000n + 7n}, 1)`,
  `  INSERT   INTO fdb.c1 VALUES(${T0},1.5,2)(${T0 + 1n},2.5,3);;`,
  `insert into c2 using st tags (2, 'b') values (${T0}, 1, 1) c3 using st (loc) tags ('c') (ts, y) values (${T0}, 3) c2 values (${T0 + 1n}, 2, 2)`,
  `insert into c1 using st tags (9, 'zz') values (${T0}, 1, 1)`,
];

/** Statements the fast path leaves to the general path (which may accept or reject them). */
const GENERAL: string[] = [
  row('now', ALL_NULL),
  row(`${T0} + 1s`, ALL_NULL),
  row(`${T0}`, 'null, 2147483648, null, null, null, null, null, null, null, null, null'),
  row(`${T0}`, 'null, null, null, 3.5e38, null, null, null, null, null, null, null'),
  row(`${T0}`, "null, null, null, null, null, 'abcdef', null, null, null, null, null"),
  row(`${T0}`, "null, null, null, null, null, null, 'äöüx', null, null, null, null"),
  row(`${T0}`, "null, null, null, null, null, null, null, '\\x0102030405', null, null, null"),
  row(`${T0}`, 'null, null, null, null, null, null, null, null, null, null, -1'),
  row(`${T0}`, 'null, 0x10, null, null, null, null, null, null, null, null, null'),
  row(`${T0}`, 'null, 1 + 1, null, null, null, null, null, null, null, null, null'),
  row(`${T0}`, 'null, ?, null, null, null, null, null, null, null, null, null'),
  row(`${T0}`, 'null, null, null, null, null, null, null, null, null, null'),
  row(`${T0}`, 'null, null, null, null, null, null, null, null, null, null, null, null'),
  row('null', ALL_NULL),
  row('1.5', ALL_NULL),
  row('1000', ALL_NULL),
  `insert into t values (${T0}, ${ALL_NULL}) /* c */`,
  `insert into \`t\` values (${T0}, ${ALL_NULL})`,
  `insert into nope values (${T0}, 1)`,
  `insert into st (tbname, ts, x) values ('c9', ${T0}, 1)`,
  `insert into t (ts, zz) values (${T0}, 1)`,
  `insert into c4 using nope tags (1) values (${T0}, 1, 1)`,
  `insert into c4 using st tags (1) values (${T0}, 1, 1)`,
  `insert into t values (${T0}, ${ALL_NULL}), ,`,
  `insert into t values (${T0}, ${ALL_NULL}) select`,
];

function general(sql: string): unknown {
  try {
    return planInsert(parse(sql) as Insert, env());
  } catch (e) {
    return e instanceof TaosError ? { code: e.code, message: e.message } : e;
  }
}

describe('INSERT fast path plans exactly what parse() + planInsert plan', () => {
  for (const sql of SAME)
    it(sql, () => {
      const fast = planFastInsert(sql, env());
      expect(fast).toBeDefined();
      expect(fast).toEqual(general(sql));
    });
});

describe('INSERT fast path hands everything else to the general path', () => {
  for (const sql of GENERAL) it(sql, () => expect(planFastInsert(sql, env())).toBeUndefined());
});

describe('through the engine, both paths give the same rows and errors', () => {
  it('each statement on a fresh table: same error or same stored rows', async () => {
    // NOW differs between two executions; everything else must match.
    for (const sql of [...SAME.slice(0, 14), ...GENERAL.slice(1, 17)]) {
      const out: unknown[] = [];
      for (const via of ['fast', 'general'] as const) {
        await run(engine, s, 'drop table if exists t', `create table t (${COLS})`);
        try {
          if (via === 'fast') await engine.execute(sql, s);
          else await engine.executeStatement(parse(sql), s);
          out.push(await query(engine, s, 'select * from t order by ts'));
        } catch (e) {
          out.push({ code: (e as TaosError).code, message: (e as Error).message });
        }
      }
      expect({ sql, result: out[0] }).toEqual({ sql, result: out[1] });
    }
  });
});
