import { describe, expect, it } from 'vitest';
import { bindParams, expandMany, literal } from './bind.js';
import type { BindValue, Params } from './bind.js';
import { DataError, ProgrammingError } from './errors.js';
import { TDTimestamp } from './timestamp.js';

describe('literal', () => {
  const cases: [BindValue, string][] = [
    ['abc', "'abc'"],
    ['', "''"],
    ["O'Brien", String.raw`'O\'Brien'`],
    ["'); drop database x; --", String.raw`'\'); drop database x; --'`],
    ['back\\slash', String.raw`'back\\slash'`],
    ['\\', String.raw`'\\'`],
    ["\\'", String.raw`'\\\''`],
    ['a?b:c `d` "e"', `'a?b:c \`d\` "e"'`],
    ['50%_\\%', String.raw`'50%_\\%'`],
    ['line\nbreak\ttab', "'line\nbreak\ttab'"],
    ['数据🚀', "'数据🚀'"],
    [0, '0'],
    [-0, '0'],
    [-12, '-12'],
    [1.5, '1.5'],
    [1e21, '1e+21'],
    [-1.5e-7, '-1.5e-7'],
    [Number.MAX_SAFE_INTEGER, '9007199254740991'],
    [9223372036854775807n, '9223372036854775807'],
    [-9223372036854775808n, '-9223372036854775808'],
    [18446744073709551615n, '18446744073709551615'],
    [true, 'true'],
    [false, 'false'],
    [null, 'NULL'],
    [undefined, 'NULL'],
    [new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)), "'2024-01-02T03:04:05.006Z'"],
    [new Date(-1), "'1969-12-31T23:59:59.999Z'"],
    [TDTimestamp.fromEpoch(1704067200123456789n, 'ns'), "'2024-01-01T00:00:00.123456789Z'"],
    [TDTimestamp.fromEpoch(-1n, 'us'), "'1969-12-31T23:59:59.999999Z'"],
    [new Uint8Array([0, 0x7f, 0xff]), String.raw`'\x007fff'`],
    [Buffer.from('hi'), String.raw`'\x6869'`],
    [new Uint8Array([1, 2, 3]).subarray(1), String.raw`'\x0203'`],
    [new Uint8Array([]), String.raw`'\x'`],
    [new Uint8Array([0xab]).buffer, String.raw`'\xab'`],
    [[1, 'a', null], "1, 'a', NULL"],
  ];
  it.each(cases)('%s → %s', (v, out) => {
    expect(literal(v)).toBe(out);
  });

  it.each<[unknown, typeof DataError | typeof ProgrammingError, RegExp]>([
    [NaN, DataError, /NaN/],
    [Infinity, DataError, /Infinity/],
    [-Infinity, DataError, /-Infinity/],
    [new Date(NaN), DataError, /invalid Date/],
    ['a\0b', DataError, /NUL/],
    [{ a: 1 }, ProgrammingError, /plain object/],
    [new Map(), ProgrammingError, /Map/],
    [() => 1, ProgrammingError, /function/],
    [Symbol('s'), ProgrammingError, /symbol/],
    [[], ProgrammingError, /empty array/],
    [[[1]], ProgrammingError, /nested array/],
  ])('refuses %s', (v, cls, re) => {
    expect(() => literal(v as BindValue)).toThrow(cls);
    expect(() => literal(v as BindValue)).toThrow(re);
  });
});

describe('bindParams', () => {
  const cases: [sql: string, params: Params | undefined, out: string][] = [
    ['select ?', [1], 'select 1'],
    ['select ?, ?', ["it's", null], String.raw`select 'it\'s', NULL`],
    ["select '?', ?", [2], "select '?', 2"],
    ['select "?", ?', [2], 'select "?", 2'],
    ['select `?x`, ?', [2], 'select `?x`, 2'],
    ['select ? -- ?\n, ?', [1, 2], 'select 1 -- ?\n, 2'],
    ['select ? /* ? */ , ?', [1, 2], 'select 1 /* ? */ , 2'],
    [String.raw`select 'a\'?', ?`, [3], String.raw`select 'a\'?', 3`],
    ["select 'a''?', ?", [3], "select 'a''?', 3"],
    ['select * from t where a in (?)', [[1, 2, 3]], 'select * from t where a in (1, 2, 3)'],
    ['select a -?', [-1], 'select a - -1'],
    ['select a -?', [-1n], 'select a - -1'],
    ['select a - ?', [-1], 'select a - -1'],
    [
      'select * from t where ts > ? and v = ?',
      [new Date(0), 'x'],
      "select * from t where ts > '1970-01-01T00:00:00.000Z' and v = 'x'",
    ],
    ['select :a, :b, :a', { a: 1, b: 'two' }, "select 1, 'two', 1"],
    [
      "select ':a', :a",
      { a: "'); drop database x; --" },
      String.raw`select ':a', '\'); drop database x; --'`,
    ],
    ['select ?', undefined, 'select ?'],
    ['select 10:30', [], 'select 10:30'],
    [
      'insert into t values (now, ?)',
      ["'); drop database x; --"],
      String.raw`insert into t values (now, '\'); drop database x; --')`,
    ],
  ];
  it.each(cases)('%s %s', (sql, params, out) => {
    expect(bindParams(sql, params)).toBe(out);
  });

  it.each<[string, Params, RegExp]>([
    ['select ?, ?', [1], /2 "\?" placeholders but 1 parameter was given/],
    ['select ?', [1, 2], /1 "\?" placeholder but 2 parameters were given/],
    ['select 1', [1], /0 "\?" placeholders/],
    ['select :a, :b', { a: 1 }, /missing named parameter :b/],
    ['select ?', { a: 1 }, /named parameters/],
    ['select ?', [NaN], /NaN/],
  ])('%s %s fails before sending', (sql, params, re) => {
    expect(() => bindParams(sql, params)).toThrow(re);
  });

  it('never lets a hostile string end the literal', () => {
    const hostile = [
      "'",
      "\\'",
      '\\',
      "'; drop database x; --",
      "\\'; drop database x; --",
      "''",
      '`',
      '"',
      "'/*",
      '?',
      ':a',
    ];
    for (const h of hostile) {
      const sql = bindParams('select ?, ?', [h, 7]);
      // the tokenizer view: exactly one string literal, then the second placeholder's value
      expect(sql.endsWith(', 7')).toBe(true);
      const inner = sql.slice("select '".length, -"', 7".length);
      let out = '';
      for (let k = 0; k < inner.length; k++) {
        if (inner[k] === '\\') out += inner[++k];
        else {
          expect(inner[k]).not.toBe("'");
          out += inner[k];
        }
      }
      expect(out).toBe(h);
    }
  });
});

describe('expandMany', () => {
  it('turns INSERT … VALUES (?, ?) into one multi-row INSERT', () => {
    const out = expandMany(
      'INSERT INTO t VALUES (?, ?);',
      [
        [1, 'a'],
        [2, "b'"],
        [3, null],
      ],
      1 << 20,
    );
    expect(out).toStrictEqual([String.raw`INSERT INTO t VALUES (1, 'a') (2, 'b\'') (3, NULL)`]);
  });

  it('handles column lists and functions inside the group', () => {
    const out = expandMany(
      'insert into t (ts, v) values (now + ?, abs(?))',
      [
        [1, -2],
        [3, -4],
      ],
      1 << 20,
    );
    expect(out).toStrictEqual(['insert into t (ts, v) values (now + 1, abs(-2)) (now + 3, abs(-4))']);
  });

  it('repeats the whole table clause when placeholders sit outside VALUES', () => {
    const out = expandMany(
      'INSERT INTO d1 USING st TAGS (?) VALUES (?, ?)',
      [
        ['x', 10, 1.5],
        ['x', 11, 2.5],
      ],
      1 << 20,
    );
    expect(out).toStrictEqual([
      "INSERT INTO d1 USING st TAGS ('x') VALUES (10, 1.5) d1 USING st TAGS ('x') VALUES (11, 2.5)",
    ]);
  });

  it('splits batches to stay under maxLength', () => {
    const rows = Array.from({ length: 10 }, (_, k) => [k]);
    const out = expandMany('insert into t values (?)', rows, 40);
    expect(out.length).toBeGreaterThan(1);
    for (const s of out) expect(s.length).toBeLessThanOrEqual(40);
    expect(out.join(' ').match(/\(\d\)/g)).toHaveLength(10);
  });

  it('measures the limit in UTF-8 bytes', () => {
    const out = expandMany(
      'insert into t values (?)',
      [['数数数'], ['数数数']],
      'insert into t values '.length + 21,
    );
    expect(out).toHaveLength(2);
    for (const s of out)
      expect(Buffer.byteLength(s)).toBeLessThanOrEqual('insert into t values '.length + 21);
  });

  it('runs other statements once per row', () => {
    expect(expandMany('delete from t where ts = ?', [[1], [2]], 1 << 20)).toStrictEqual([
      'delete from t where ts = 1',
      'delete from t where ts = 2',
    ]);
  });

  it('binds every row before returning, so one bad row fails the whole batch', () => {
    expect(() => expandMany('insert into t values (?, ?)', [[1, 2], [3]], 1 << 20)).toThrow(/row 1/);
    expect(() => expandMany('insert into t values (?)', [[1], [NaN]], 1 << 20)).toThrow(DataError);
  });

  it('returns nothing for no rows', () => {
    expect(expandMany('insert into t values (?)', [], 100)).toStrictEqual([]);
  });
});
