import { describe, expect, it } from 'vitest';
import { Code, TaosError } from '@taosts/protocol';
import { parse, parseScript } from './parse.js';
import { SqlParseError } from './sql-parse-error.js';

function errorOf(sql: string): TaosError {
  try {
    parse(sql);
  } catch (e) {
    if (e instanceof TaosError) return e;
    throw e;
  }
  throw new Error(`parsed without error: ${sql}`);
}

/** (SQL, code, exact message). */
const syntax: [string, number, string][] = [
  // 0x2600: TDengine quotes the rest of the SQL from the bad token, lower-cased outside quotes.
  ['SELECT * FROM t WHERE a = = 1', Code.SYNTAX_ERROR, 'syntax error near "= 1"'],
  ["SELECT * FROM T WHERE A === 'X'", Code.SYNTAX_ERROR, 'syntax error near "= \'X\'"'],
  ['SELECT FROM t', Code.SYNTAX_ERROR, 'syntax error near "from t"'],
  ['SELEC 1', Code.SYNTAX_ERROR, 'syntax error near "selec 1"'],
  ['SELECT * FROM t GROUP tbname', Code.SYNTAX_ERROR, 'syntax error near "group tbname"'],
  ['SELECT * FROM t; SELECT 1', Code.SYNTAX_ERROR, 'syntax error near "select 1"'],
  ['SELECT * FROM t LIMIT -1', Code.SYNTAX_ERROR, 'syntax error near "-1"'],
  ['SELECT * FROM t FILL(PREV)', Code.SYNTAX_ERROR, 'syntax error near "fill(prev)"'],
  ['SELECT * FROM t INTERVAL(1s) FILL(SOMETIMES)', Code.SYNTAX_ERROR, 'syntax error near "sometimes)"'],
  ['SELECT * FROM a JOIN b WHERE x', Code.SYNTAX_ERROR, 'syntax error near "where x"'],
  ['SELECT CAST(a AS VARCHAR) FROM t', Code.SYNTAX_ERROR, 'syntax error near ") from t"'],
  ['SELECT 1 LIMIT 1 UNION SELECT 2', Code.SYNTAX_ERROR, 'syntax error near "union select 2"'],
  ['SELECT * FROM t;', Code.SUCCESS, ''],
  ['SELECT * FROM;', Code.SYNTAX_ERROR, 'syntax error near ";"'],
  ['CREATE TABLE t (ts TIMESTAMP, v FOO)', Code.SYNTAX_ERROR, 'syntax error near "foo)"'],
  ['CREATE DATABASE d UNKNOWN_OPT 1', Code.SYNTAX_ERROR, 'syntax error near "unknown_opt 1"'],
  ['DROP STABLE a, b', Code.SYNTAX_ERROR, 'syntax error near ", b"'],
  ['SHOW NONSENSE', Code.SYNTAX_ERROR, 'syntax error near "nonsense"'],
  ['ALTER TABLE t', Code.INCOMPLETE_SQL, 'Incomplete SQL statement'],
  // 0x2601: the text ended where the grammar needs more.
  ['SELECT * FROM t WHERE', Code.INCOMPLETE_SQL, 'Incomplete SQL statement'],
  ['SELECT', Code.INCOMPLETE_SQL, 'Incomplete SQL statement'],
  ['SELECT (1 + 2', Code.INCOMPLETE_SQL, 'Incomplete SQL statement'],
  ['CREATE TABLE t (ts TIMESTAMP', Code.INCOMPLETE_SQL, 'Incomplete SQL statement'],
  ['', Code.INCOMPLETE_SQL, 'Incomplete SQL statement'],
  // The tokenizer's rejections (parAstParser.c).
  ['SELECT a # b FROM t', Code.SYNTAX_ERROR, 'unrecognized token: "# b from t"'],
  ["SELECT 'open FROM t", Code.SYNTAX_ERROR, 'unrecognized token: "\'open FROM t"'],
  // 0x0216: INSERT … VALUES goes through TDengine's insert parser.
  ['INSERT INTO t VALUES (1, 2', Code.TSC_SQL_SYNTAX_ERROR, "syntax error near '' (, expected)"],
  ['INSERT INTO t VALUES (1, 2) (3, 4 5)', Code.TSC_SQL_SYNTAX_ERROR, "syntax error near '5)' () expected)"],
  ['INSERT INTO t VALUES (1 2)', Code.TSC_SQL_SYNTAX_ERROR, "syntax error near '2)' (, expected)"],
  ['INSERT INTO t VALUES 1', Code.TSC_SQL_SYNTAX_ERROR, "syntax error near 'no any data points'"],
  [
    "INSERT INTO a VALUES (1) b FILE '/x.csv'",
    Code.TSC_SQL_SYNTAX_ERROR,
    "syntax error near 'file '/x.csv'' (keyword VALUES or FILE is exclusive)",
  ],
  ['INSERT INTO t VALUES ()', Code.INVALID_COLUMNS_NUM, 'Illegal number of columns'],
  ['INSERT INTO t VALUES (1, )', Code.INVALID_COLUMNS_NUM, 'Illegal number of columns'],
  [
    'INSERT INTO t VALUES (1, , 2)',
    Code.TSC_SQL_SYNTAX_ERROR,
    "syntax error near ', 2)' (invalid data or symbol)",
  ],
  ['INSERT INTO t (1, 2)', Code.TSC_SQL_SYNTAX_ERROR, "syntax error near '1, 2)' (column name is expected)"],
  [
    'INSERT INTO t VALUE (1)',
    Code.TSC_SQL_SYNTAX_ERROR,
    "syntax error near 'value (1)' (keyword VALUES or FILE is expected)",
  ],
  [
    'INSERT t VALUES (1)',
    Code.TSC_SQL_SYNTAX_ERROR,
    "syntax error near 't values (1)' (keyword INTO is expected)",
  ],
  ['INSERT INTO t VALUES (1, 2) (3)', Code.INVALID_COLUMNS_NUM, 'Illegal number of columns'],
  [
    'INSERT INTO t VALUES (1, 2) (3, 4, 5)',
    Code.TSC_SQL_SYNTAX_ERROR,
    "syntax error near ', 5)' () expected)",
  ],
  ['INSERT INTO t (a) VALUES (1, 2)', Code.TSC_SQL_SYNTAX_ERROR, "syntax error near ', 2)' () expected)"],
  ['INSERT INTO t (a, b) VALUES (1)', Code.INVALID_COLUMNS_NUM, 'Illegal number of columns'],
  [
    'INSERT INTO t USING st (1) VALUES (1)',
    Code.TSC_SQL_SYNTAX_ERROR,
    "syntax error near '1) values (1)' (tag name is expected)",
  ],
  ['INSERT INTO t VALUES (1) 5', Code.TSC_SQL_SYNTAX_ERROR, "syntax error near '5' (table name is expected)"],
  // INSERT … SELECT is parsed by the main grammar.
  ['INSERT INTO t SELECT FROM s', Code.SYNTAX_ERROR, 'syntax error near "from s"'],
];

/** Valid TDengine syntax taosts does not implement: 0x0100. */
const unsupported: string[] = [
  'CREATE TOPIC tp AS SELECT * FROM t',
  'CREATE STREAM s INTO out AS SELECT count(*) FROM t INTERVAL(1m)',
  'CREATE VIEW v AS SELECT 1',
  'CREATE OR REPLACE VIEW v AS SELECT 1',
  'CREATE TSMA tsma1 ON t FUNCTION(avg(v)) INTERVAL(1m)',
  'DROP TOPIC tp',
  'DROP STREAM s',
  'SHOW APPS',
  'SHOW TABLE DISTRIBUTED t',
  'SHOW CREATE VIEW v',
  'EXPLAIN SELECT 1',
  'SELECT * FROM t >> /tmp/out.csv',
  'SELECT * FROM t STATE_WINDOW(v, 1)',
  'SELECT * FROM t STATE_WINDOW(v) TRUE_FOR(1s)',
  'SELECT * FROM t COUNT_WINDOW(10, 2, v)',
  "SELECT interp(v) FROM t RANGE('2020-01-01', '2020-01-02', 1s) FILL(PREV)",
  'SELECT interp(v) FROM t EVERY(1s)',
  'SELECT * FROM a LEFT WINDOW JOIN b WINDOW_OFFSET(-1s, 1s)',
  'SELECT * FROM a CROSS JOIN b',
  'SELECT * FROM t EXTERNAL_WINDOW((SELECT ts, ts FROM s) w)',
  'SELECT * FROM t PARTITION BY tbname AS n',
  "SELECT trim(LEADING 'x' FROM s) FROM t",
  'SELECT ts, cols(last(v), v AS lv) FROM t',
  'SELECT a FROM t WHERE a IN (SELECT b FROM s)',
  'SELECT (SELECT 1) FROM t',
  'SELECT a FROM t UNION ALL SELECT b FROM t SLIMIT 1',
  "ALTER TABLE t MODIFY COLUMN c COMPRESS 'zstd'",
  "ALTER USER u ADD HOST '127.0.0.1'",
  'INSERT INTO d1 USING st TAGS (1) TTL 3 VALUES (1, 2)',
];

describe('errors', () => {
  it.each(syntax)('%s', (sql, code, message) => {
    if (code === Code.SUCCESS) {
      expect(() => parse(sql)).not.toThrow();
      return;
    }
    const error = errorOf(sql);
    expect({ code: error.code, message: error.message }).toEqual({ code, message });
  });

  it.each(unsupported)('unsupported: %s', (sql) => {
    const error = errorOf(sql);
    expect(error.code).toBe(Code.OPS_NOT_SUPPORT);
    expect(error.message).toMatch(/is not supported by taosts yet$/);
  });

  it('points at the line and column of the bad token', () => {
    const error = errorOf('SELECT a,\n  b\nFROM t\nWHERE x = = 1');
    expect(error).toBeInstanceOf(SqlParseError);
    expect(error).toMatchObject({ line: 4, column: 11, code: Code.SYNTAX_ERROR });
  });

  it('cuts the quoted rest of a long statement at the 512-byte message buffer', () => {
    const error = errorOf(`SELECT * FROM t WHERE = ${'x'.repeat(2000)}`);
    expect(error.message.length).toBe(511);
    expect(error.message.startsWith('syntax error near "= xxx')).toBe(true);
  });

  it('quotes at most 63 characters in INSERT errors', () => {
    const error = errorOf(`INSERT INTO t VALUES (1, , ${'9, '.repeat(100)}1)`);
    expect(error.message).toBe(
      `syntax error near '${', 9'.concat(', 9'.repeat(20)).slice(0, 63)}' (invalid data or symbol)`,
    );
  });
});

describe('parseScript', () => {
  it('splits statements on ; and skips empty ones', () => {
    const statements = parseScript("USE power;; SELECT 1; INSERT INTO t VALUES (1, ';');\n-- done\n");
    expect(statements.map((s) => s.kind)).toEqual(['Use', 'Select', 'Insert']);
  });

  it('numbers placeholders per statement', () => {
    const [a, b] = parseScript('SELECT ?; SELECT ?');
    expect(a.kind === 'Select' && a.items[0].expr).toEqual({ kind: 'Param', index: 0 });
    expect(b.kind === 'Select' && b.items[0].expr).toEqual({ kind: 'Param', index: 0 });
  });

  it('reports the first bad statement', () => {
    expect(() => parseScript('SELECT 1; SELECT FROM t; SELECT 2')).toThrow(
      'syntax error near "from t; select 2"',
    );
  });

  it('returns nothing for an empty script', () => {
    expect(parseScript('  ; -- nothing\n')).toEqual([]);
  });
});
