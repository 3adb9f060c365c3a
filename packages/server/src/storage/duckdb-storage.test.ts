import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isVarEntries } from '@taosts/protocol';
import { valueColumns } from '../engine/results.js';
import { DuckDBStorage } from './duckdb-storage.js';
import { formatDecimal } from './decimal.js';
import { sqlLiteral } from './sql-literal.js';
import type { AppendValue, PhysType } from './storage.js';

let storage: DuckDBStorage;
beforeAll(async () => {
  storage = await DuckDBStorage.open();
});
afterAll(async () => {
  await storage.close();
});

describe('formatDecimal', () => {
  const cases: [bigint, number, string][] = [
    [1230n, 2, '12.30'],
    [-12n, 4, '-0.0012'],
    [5n, 0, '5'],
    [0n, 3, '0.000'],
    [44674407370955161230n, 4, '4467440737095516.1230'],
  ];
  for (const [v, scale, text] of cases)
    it(`${v} scale ${scale} → ${text}`, () => expect(formatDecimal(v, scale)).toBe(text));
});

describe('DuckDB → engine values', () => {
  /** (DuckDB expression, engine value). */
  const cases: [string, unknown][] = [
    ['true', true],
    ['42::TINYINT', 42],
    ['42::UINTEGER', 42],
    ['42::BIGINT', 42n],
    ['18446744073709551615::UBIGINT', 18446744073709551615n],
    ['170141183460469231731687303715884105727::HUGEINT', 170141183460469231731687303715884105727n],
    ['1.1::FLOAT', Math.fround(1.1)],
    ['2.5::DOUBLE', 2.5],
    ["'héllo'", 'héllo'],
    ["'\\x01\\xff'::BLOB", Uint8Array.from([1, 255])],
    ['12.3::DECIMAL(10,2)', '12.30'],
    ['-0.5::DECIMAL(38,4)', '-0.5000'],
    ['NULL::INTEGER', null],
  ];
  for (const [expr, value] of cases) {
    it(expr, async () => {
      const { rows } = await storage.withConnection((c) => c.query(`SELECT ${expr}`));
      expect(rows).toEqual([[value]]);
    });
  }

  it('streams in batches and releases the connection on close', async () => {
    const cursor = await storage.stream('SELECT range::BIGINT AS n FROM range(20000)');
    expect(cursor.columnTypes).toEqual(['BIGINT']);
    let total = 0;
    let batches = 0;
    for (let b = await cursor.next(); b; b = await cursor.next()) {
      total += b.rowCount;
      batches++;
    }
    expect(total).toBe(20000);
    expect(batches).toBeGreaterThan(1);
    expect(await cursor.next()).toBeUndefined();
    cursor.close();
  });

  it('a cursor closed while its next chunk is being read ahead leaves the pool working', async () => {
    for (let i = 0; i < 30; i++) {
      const cursor = await storage.stream('SELECT range::BIGINT AS n FROM range(100000)');
      expect((await cursor.next())?.rowCount).toBeGreaterThan(0);
      cursor.close(); // the chunk after this batch is on its way
      const { rows } = await storage.withConnection((c) => c.query(`SELECT ${i} + 1`));
      expect(rows).toEqual([[i + 1]]);
    }
  });

  it('hands NULL-free numeric columns over as typed arrays, and values once a NULL appears', async () => {
    const cursor = await storage.stream(
      `SELECT i::INTEGER AS a, (i / 2)::FLOAT AS f, i::BIGINT AS b, make_timestamp_ms(i) AS ts,
         CASE WHEN i = 3000 THEN NULL ELSE i END::INTEGER AS late_null FROM range(5000) t(i)`,
    );
    const b = (await cursor.next())!;
    cursor.close();
    expect(b.rowCount).toBe(5000);
    expect(b.columns[0]).toBeInstanceOf(Int32Array);
    expect(b.columns[1]).toBeInstanceOf(Float32Array);
    expect(b.columns[2]).toBeInstanceOf(BigInt64Array);
    expect(b.columns[3]).toBeInstanceOf(BigInt64Array);
    expect(Array.isArray(b.columns[4])).toBe(true);
    const cols = valueColumns(b);
    for (const r of [0, 2047, 2048, 2999, 3000, 4999]) {
      expect([cols[0]![r], cols[1]![r], cols[2]![r], cols[3]![r]]).toEqual([
        r,
        r / 2,
        BigInt(r),
        BigInt(r) * 1000n, // TIMESTAMP: microseconds
      ]);
      expect(cols[4]![r]).toBe(r === 3000 ? null : r);
    }
  });

  it('reads whole vectors: strings inline, long, non-ASCII, repeated, NULL; numbers with NULLs', async () => {
    const n = 10000;
    const expected = (i: number): [string | null, number | null, bigint | null] => [
      i % 7 === 0
        ? null
        : i % 5 === 0
          ? `s${i}`
          : i % 3 === 0
            ? `Zürich—北京 ${i % 4} 🚀 long enough`
            : `California.SanFrancisco${i % 10}`,
      i % 11 === 0 ? null : i / 4,
      i % 13 === 0 ? null : BigInt(i) * 1000000007n,
    ];
    await storage.withConnection((c) =>
      c.run(
        `CREATE TABLE strs AS SELECT i, CASE WHEN i % 7 = 0 THEN NULL WHEN i % 5 = 0 THEN 's' || i
           WHEN i % 3 = 0 THEN 'Zürich—北京 ' || (i % 4) || ' 🚀 long enough'
           ELSE 'California.SanFrancisco' || (i % 10) END AS s,
           CASE WHEN i % 11 = 0 THEN NULL ELSE i / 4 END::DOUBLE AS d,
           CASE WHEN i % 13 = 0 THEN NULL ELSE i::BIGINT * 1000000007 END AS b FROM range(${n}) t(i)`,
      ),
    );
    for (const order of ['i', 'hash(i)', 's, i']) {
      const cursor = await storage.stream(`SELECT i, s, d, b FROM strs ORDER BY ${order}`);
      const seen = new Set<number>();
      for (let b = await cursor.next(); b; b = await cursor.next()) {
        const cols = valueColumns(b);
        for (let r = 0; r < b.rowCount; r++) {
          const i = Number(cols[0]![r]);
          seen.add(i);
          expect([cols[1]![r], cols[2]![r], cols[3]![r]]).toEqual(expected(i));
        }
      }
      expect(seen.size).toBe(n);
    }
    // Dictionary-style vectors: few distinct long strings repeated in random order.
    const { rows } = await storage.withConnection((c) =>
      c.query(`SELECT 'a long repeated value number ' || (hash(i) % 3) AS s FROM range(5000) t(i)`),
    );
    expect(new Set(rows.map((r) => r[0])).size).toBe(3);
    const cursor = await storage.stream(
      `SELECT 'a long repeated value number ' || (hash(i) % 3) AS s FROM range(5000) t(i)`,
    );
    const got = new Set<unknown>();
    for (let b = await cursor.next(); b; b = await cursor.next())
      for (const v of valueColumns(b)[0]!) got.add(v);
    expect([...got].sort()).toEqual([...new Set(rows.map((r) => r[0]))].sort());
  });

  it('reads VARCHAR as raw-block entries with the same text, in batches of the asked size', async () => {
    const queries = [
      'SELECT i, s FROM strs ORDER BY i', // runs of back-to-back strings
      'SELECT i, s FROM strs ORDER BY hash(i)', // scattered
      `SELECT i, 'a long repeated value number ' || (hash(i) % 3) AS s FROM range(5000) t(i)`, // dictionary
      `SELECT i, CASE WHEN i % 2 = 0 THEN NULL ELSE '' END AS s FROM range(3000) t(i)`, // NULLs, empty
    ];
    for (const sql of queries) {
      const plain = await storage.stream(sql);
      const raw = await storage.stream(sql, undefined, false, { varEntries: [false, true], batchRows: 4096 });
      const want = new Map<number, unknown>();
      for (let b = await plain.next(); b; b = await plain.next()) {
        const [ids, texts] = valueColumns(b);
        for (let r = 0; r < b.rowCount; r++) want.set(Number(ids![r]), texts![r]);
      }
      let n = 0;
      for (let b = await raw.next(); b; b = await raw.next()) {
        expect(b.rowCount).toBeLessThanOrEqual(4096);
        expect(isVarEntries(b.columns[0])).toBe(false);
        expect(isVarEntries(b.columns[1])).toBe(true);
        const [ids, texts] = valueColumns(b);
        for (let r = 0; r < b.rowCount; r++) expect(texts![r]).toBe(want.get(Number(ids![r])));
        n += b.rowCount;
      }
      expect(n).toBe(want.size);
    }
  });
});

describe('append and transactions', () => {
  const types: PhysType[] = [
    'INTEGER',
    'BIGINT',
    'FLOAT',
    'VARCHAR',
    'BLOB',
    'DECIMAL(10,2)',
    'BOOLEAN',
    'UBIGINT',
  ];
  it('appends every physical type through DataChunks, with NULLs, across chunk boundaries', async () => {
    await storage.withConnection((c) =>
      c.run(
        'CREATE TABLE ap (i INTEGER, b BIGINT, f FLOAT, v VARCHAR, bl BLOB, d DECIMAL(10,2), t BOOLEAN, u UBIGINT)',
      ),
    );
    const n = 5000;
    const cols = [
      Array.from({ length: n }, (_, i) => i),
      Array.from({ length: n }, (_, i) => BigInt(i) * 1000000000000n),
      Array.from({ length: n }, (_, i) => (i % 3 === 0 ? null : i / 4)),
      Array.from({ length: n }, (_, i) => `s${i}`),
      Array.from({ length: n }, (_, i) => (i % 2 ? Uint8Array.from([i & 255]) : null)),
      Array.from({ length: n }, (_, i) => BigInt(i)),
      Array.from({ length: n }, (_, i) => i % 2 === 0),
      Array.from({ length: n }, () => 18446744073709551615n),
    ];
    await storage.withConnection((c) => c.append({ schema: 'main', table: 'ap' }, types, cols, n));
    const { rows } = await storage.withConnection((c) =>
      c.query('SELECT count(*), count(f), sum(i), max(b), max(d), count(bl), max(u) FROM ap'),
    );
    expect(rows).toEqual([
      [5000n, 3333n, 12497500n, 4999000000000000n, '49.99', 2500n, 18446744073709551615n],
    ]);
  });

  it('rolls back everything, appends included, when the body throws', async () => {
    await storage.withConnection((c) => c.run('CREATE TABLE tx (i INTEGER)'));
    await expect(
      storage.transaction(async (c) => {
        await c.append({ schema: 'main', table: 'tx' }, ['INTEGER'], [[1, 2, 3]], 3);
        await c.run('INSERT INTO tx VALUES (4)');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await storage.withConnection((c) => c.query('SELECT count(*) FROM tx'))).rows).toEqual([[0n]]);
    await storage.transaction((c) => c.append({ schema: 'main', table: 'tx' }, ['INTEGER'], [[7]], 1));
    expect((await storage.withConnection((c) => c.query('SELECT i FROM tx'))).rows).toEqual([[7]]);
  });

  it('DuckDB errors become TaosErrors and the pool recovers', async () => {
    await expect(storage.withConnection((c) => c.run('SELECT * FROM nowhere'))).rejects.toMatchObject({
      name: 'TaosError',
    });
    expect((await storage.withConnection((c) => c.query('SELECT 1'))).rows).toEqual([[1]]);
  });
});

describe('sqlLiteral', () => {
  const cases: [AppendValue, PhysType, unknown][] = [
    [null, 'INTEGER', null],
    ["it's", 'VARCHAR', "it's"],
    [1230n, 'DECIMAL(10,2)', '12.30'],
    [Uint8Array.from([0, 255]), 'BLOB', Uint8Array.from([0, 255])],
    [Math.fround(0.1), 'FLOAT', Math.fround(0.1)],
    [-9223372036854775808n, 'BIGINT', -9223372036854775808n],
    [true, 'BOOLEAN', true],
  ];
  for (const [v, type, back] of cases) {
    it(`${String(v)} as ${type}`, async () => {
      const { rows } = await storage.withConnection((c) => c.query(`SELECT ${sqlLiteral(v, type)}`));
      expect(rows).toEqual([[back]]);
    });
  }
});

describe('repeated query text', () => {
  async function rows(sql: string): Promise<unknown[][]> {
    const cursor = await storage.stream(sql);
    const out: unknown[][] = [];
    for (let b = await cursor.next(); b; b = await cursor.next()) {
      const cols = valueColumns(b);
      for (let r = 0; r < b.rowCount; r++) out.push(cols.map((c) => c[r]));
    }
    return out;
  }

  // Reusing a DuckDB prepared statement here once returned stale rows: its plan keeps the
  // statistics of prepare time (join key ranges), so rows with a new tid were filtered out.
  it('sees rows inserted since it last ran', async () => {
    await storage.withConnection((c) =>
      c.run(
        'CREATE TABLE rq_d (tid INTEGER, v INTEGER); CREATE TABLE rq_g (tid INTEGER, name VARCHAR);' +
          "INSERT INTO rq_d VALUES (1, 10), (2, 20); INSERT INTO rq_g VALUES (1, 'a'), (2, 'b')",
      ),
    );
    const sql =
      'SELECT g.name, max(d.v) FROM rq_d AS d JOIN rq_g AS g ON g.tid = d.tid GROUP BY g.name ORDER BY 1';
    for (let i = 0; i < 3; i++) expect(await rows(sql)).toHaveLength(2);
    await storage.withConnection((c) =>
      c.run("INSERT INTO rq_d VALUES (3, 30); INSERT INTO rq_g VALUES (3, 'c')"),
    );
    expect(await rows(sql)).toEqual([
      ['a', 10],
      ['b', 20],
      ['c', 30],
    ]);
  });
});

describe('insertion order (the engine skips sorting tables stored in ts order)', () => {
  it('a scan without ORDER BY returns rows in the order they were appended, whatever happened since', async () => {
    // A file-backed database like the server's, 2 threads, several row groups (122,880 rows each).
    const dir = mkdtempSync(join(tmpdir(), 'taosts-order-'));
    const s = await DuckDBStorage.open({ path: dir, threads: 2 });
    try {
      await s.withConnection((c) => c.run('CREATE TABLE o (tid INTEGER, ts BIGINT, v DOUBLE, s VARCHAR)'));
      const total = 400_000;
      // Many appends in many transactions, two tables (tids) interleaved, each in ts order.
      for (let at = 0; at < total; at += 25_000) {
        const n = 25_000;
        const tid = Array.from({ length: n }, (_, i) => (at + i) % 2);
        const ts = Array.from({ length: n }, (_, i) => BigInt(at + i));
        const v = Array.from({ length: n }, (_, i) => (at + i) / 2);
        const str = Array.from({ length: n }, (_, i) => `row ${at + i} of a long enough text`);
        await s.transaction((c) =>
          c.append(
            { schema: 'main', table: 'o' },
            ['INTEGER', 'BIGINT', 'DOUBLE', 'VARCHAR'],
            [tid, ts, v, str],
            n,
          ),
        );
      }
      // What the engine does to stored rows besides appending: in-place updates (merges of
      // existing keys), deletes, added and dropped columns, checkpoints.
      await s.withConnection(async (c) => {
        await c.run('UPDATE o SET v = -v WHERE ts % 1000 = 7');
        await c.run('DELETE FROM o WHERE ts % 5000 = 3');
        await c.run('CHECKPOINT');
        await c.run('ALTER TABLE o ADD COLUMN extra INTEGER');
        await c.run('ALTER TABLE o DROP COLUMN extra');
        await c.run('CHECKPOINT');
      });
      for (const sql of [
        'SELECT ts FROM o WHERE tid = 1',
        'SELECT ts, s FROM o WHERE tid = 0 AND ts > 1000 AND v <> 5',
        'SELECT ts FROM o WHERE tid = 1 LIMIT 70000 OFFSET 130000',
      ]) {
        const cursor = await s.stream(sql);
        let prev = -1n;
        let n = 0;
        for (let b = await cursor.next(); b; b = await cursor.next()) {
          const [tsCol] = valueColumns(b);
          for (let r = 0; r < b.rowCount; r++) {
            const ts = tsCol![r] as bigint;
            expect(ts > prev).toBe(true);
            prev = ts;
          }
          n += b.rowCount;
        }
        expect(n).toBeGreaterThan(60_000);
      }
    } finally {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
