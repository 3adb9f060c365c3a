/**
 * Value rendering in REST JSON, byte for byte (protocol.md §2.5–2.6), through the real engine:
 * every column type, NULLs, extremes, JSON tags, and timestamps in each precision and zone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec, sql, startTestServer, type TestServer } from './helpers/server.js';

describe('REST value rendering', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await exec(server, [
      "create database rv precision 'ms'",
      'create stable rv.st (ts timestamp, b bool, ti tinyint, si smallint, i int, bi bigint, uti tinyint unsigned, ' +
        'usi smallint unsigned, ui int unsigned, ubi bigint unsigned, f float, d double, vc varchar(20), nc nchar(10)) ' +
        'tags (info json)',
      'insert into rv.t1 using rv.st tags (\'{"k":"v1","n":2}\') values ' +
        "(1656481855401, true, -128, -32768, -2147483648, -9223372036854775807, 255, 65535, 4294967295, 18446744073709551615, 10.3, 0.1, 'a\"b', '中文')",
      "insert into rv.t1 values (1656481855402, false, 127, 32767, 2147483647, 9223372036854775807, 0, 0, 0, 0, 3.4e38, 1e-7, '', '')",
      'insert into rv.t1 values (1656481855403, null, null, null, null, null, null, null, null, null, null, null, null, null)',
      "insert into rv.t1 values (1656481855404, true, 1, 1, 1, 1, 1, 1, 1, 1, 1e-7, 1.7976931348623157e308, 'x', 'y')",
      'create table rv.bin (ts timestamp, vb varbinary(10), g geometry(100), d decimal(10,2), d2 decimal(20,4))',
      "insert into rv.bin values (1656481855401, '\\x00ab10', 'POINT(100 100)', 123.45, -0.0012)",
      "create database rv_us precision 'us'",
      'create table rv_us.t (ts timestamp, v int)',
      'insert into rv_us.t values (1656481855401002, 1)',
      "create database rv_ns precision 'ns'",
      'create table rv_ns.t (ts timestamp, v int)',
      'insert into rv_ns.t values (1656481855401002003, 1)',
    ]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('column_meta names and lengths', async () => {
    const r = await sql(server, 'select * from rv.st where ts = 1656481855401');
    expect(JSON.parse(r.text).column_meta).toEqual([
      ['ts', 'TIMESTAMP', 8],
      ['b', 'BOOL', 1],
      ['ti', 'TINYINT', 1],
      ['si', 'SMALLINT', 2],
      ['i', 'INT', 4],
      ['bi', 'BIGINT', 8],
      ['uti', 'TINYINT UNSIGNED', 1],
      ['usi', 'SMALLINT UNSIGNED', 2],
      ['ui', 'INT UNSIGNED', 4],
      ['ubi', 'BIGINT UNSIGNED', 8],
      ['f', 'FLOAT', 4],
      ['d', 'DOUBLE', 8],
      ['vc', 'VARCHAR', 20],
      ['nc', 'NCHAR', 10],
      ['info', 'JSON', 4095],
    ]);
  });

  it('column_meta of binary and decimal types', async () => {
    const r = await sql(server, 'select * from rv.bin');
    expect(JSON.parse(r.text).column_meta).toEqual([
      ['ts', 'TIMESTAMP', 8],
      ['vb', 'VARBINARY', 10],
      ['g', 'GEOMETRY', 100],
      ['d', 'DECIMAL(10,2)', 8],
      ['d2', 'DECIMAL(20,4)', 16],
    ]);
  });

  const rows: [string, string, string][] = [
    [
      'extremes and escapes',
      'select ts, b, ti, si, i, bi, uti, usi, ui, ubi, f, d, vc, nc from rv.t1 where ts = 1656481855401',
      '["2022-06-29T05:50:55.401Z",true,-128,-32768,-2147483648,-9223372036854775807,255,65535,4294967295,18446744073709551615,10.3,0.1,"a\\"b","中文"]',
    ],
    [
      'other extremes, empty strings',
      'select ts, b, ti, si, i, bi, uti, usi, ui, ubi, f, d, vc, nc from rv.t1 where ts = 1656481855402',
      '["2022-06-29T05:50:55.402Z",false,127,32767,2147483647,9223372036854775807,0,0,0,0,3.4e+38,1e-07,"",""]',
    ],
    [
      'NULL in every type',
      'select ts, b, ti, si, i, bi, uti, usi, ui, ubi, f, d, vc, nc from rv.t1 where ts = 1656481855403',
      '["2022-06-29T05:50:55.403Z",null,null,null,null,null,null,null,null,null,null,null,null,null]',
    ],
    [
      'float exponent forms',
      'select f, d from rv.t1 where ts = 1656481855404',
      '[1e-07,1.7976931348623157e+308]',
    ],
    [
      'VARBINARY and GEOMETRY as lowercase hex, DECIMAL as strings',
      'select vb, g, d, d2 from rv.bin',
      '["00ab10","010100000000000000000059400000000000005940","123.45","-0.0012"]',
    ],
    ['JSON tag path gives a JSON string', "select info->'k' from rv.t1 where ts = 1656481855401", '["v1"]'],
    ['JSON tag inlined raw', 'select info from rv.t1 where ts = 1656481855401', '[{"k":"v1","n":2}]'],
    ['microsecond precision', 'select ts from rv_us.t', '["2022-06-29T05:50:55.401002Z"]'],
    ['nanosecond precision', 'select ts from rv_ns.t', '["2022-06-29T05:50:55.401002003Z"]'],
  ];
  it.each(rows)('%s', async (_name, statement, row) => {
    const r = await sql(server, statement);
    expect(r.status).toBe(200);
    const m = /"data":\[(.*)\],"rows":1\}$/.exec(r.text);
    expect(m?.[1], r.text).toBe(row);
  });

  it('nanosecond timestamps in a non-UTC zone', async () => {
    const r = await sql(server, 'select ts from rv_ns.t', { query: 'tz=Asia%2FKolkata' });
    expect(r.text).toContain('"data":[["2022-06-29T11:20:55.401002003+05:30"]]');
  });

  it('streams a large result as valid JSON with every row', async () => {
    await exec(server, ['create table rv.big (ts timestamp, v int, f float, s varchar(16))']);
    const n = 20_000;
    for (let start = 0; start < n; start += 5000) {
      const values = Array.from(
        { length: 5000 },
        (_, i) => `(${1_600_000_000_000 + start + i}, ${start + i}, ${(start + i) / 8}, 's${start + i}')`,
      );
      await exec(server, [`insert into rv.big values ${values.join(' ')}`]);
    }
    const r = await sql(server, 'select * from rv.big');
    expect(r.headers['transfer-encoding']).toBe('chunked');
    const body = JSON.parse(r.text) as { rows: number; data: unknown[][] };
    expect(body.rows).toBe(n);
    expect(body.data[n - 1]).toEqual([
      new Date(1_600_000_000_000 + n - 1).toISOString(),
      n - 1,
      (n - 1) / 8,
      `s${n - 1}`,
    ]);
  });
});
