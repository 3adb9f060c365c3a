/**
 * Every column type × ms/us/ns databases round-trips exactly through the published connector
 * (`taosts`) and the real embedded server over a real socket: 64-bit extremes, 9-digit
 * timestamps, NULL in every column, unicode NCHAR, binary, floats bit for bit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TDTimestamp, connect } from 'taosts';
import type { Connection, Precision, Value } from 'taosts';
import { startServer } from '@taosts/server';
import { TYPE_COLUMNS, TYPE_ROWS, norm } from './helpers/type-fixture.js';

let server: Awaited<ReturnType<typeof startServer>>;
let conn: Connection;
beforeAll(async () => {
  server = await startServer({ port: 0, memory: true });
  conn = await connect({ url: server.url, compression: false });
});
afterAll(async () => {
  await conn?.close();
  await server?.close();
});

const COLUMNS = [...TYPE_COLUMNS, ['c_ts', 'TIMESTAMP']] as const;
/** Rows without the primary timestamp; the test adds it per precision (c_ts is set per test). */
const ROWS = TYPE_ROWS.map((row) => [...row, null]);

/** Primary timestamps with every digit of the precision, plus one second column value. */
const TS: Record<Precision, { text: string[]; second: TDTimestamp }> = {
  ms: {
    text: [
      '2025-03-01T00:00:00.001Z',
      '2025-03-01T00:00:00.999Z',
      '2025-06-30T23:59:59.123Z',
      '2025-07-01T00:00:00.000Z',
      '2025-07-01T00:00:00.500Z',
    ],
    second: TDTimestamp.fromEpoch(-1n, 'ms'),
  },
  us: {
    text: [
      '2025-03-01T00:00:00.000001Z',
      '2025-03-01T00:00:00.999999Z',
      '2025-06-30T23:59:59.123456Z',
      '2025-07-01T00:00:00.000000Z',
      '2025-07-01T00:00:00.500001Z',
    ],
    second: TDTimestamp.fromEpoch(-1n, 'us'),
  },
  ns: {
    text: [
      '2025-03-01T00:00:00.000000001Z',
      '2025-03-01T00:00:00.999999999Z',
      '2025-06-30T23:59:59.123456789Z',
      '2025-07-01T00:00:00.000000000Z',
      '2025-07-01T00:00:00.500000001Z',
    ],
    second: TDTimestamp.fromEpoch(-1n, 'ns'),
  },
};

describe.each(['ms', 'us', 'ns'] as const)('%s database', (precision) => {
  const db = `types_${precision}`;
  const { text, second } = TS[precision];

  it('creates the table and inserts every row with bound parameters', async () => {
    await conn.execute(`create database ${db} precision '${precision}'`);
    await conn.execute(
      `create table ${db}.t (ts timestamp, ${COLUMNS.map(([n, t]) => `${n} ${t}`).join(', ')})`,
    );
    const rows = ROWS.map((r, k) => [
      TDTimestamp.parse(text[k] as string),
      ...r.slice(0, -1),
      k === 0 ? second : null,
    ]);
    const n = await conn.executeMany(
      `insert into ${db}.t values (${rows[0]!.map(() => '?').join(', ')})`,
      rows,
    );
    expect(n).toBe(ROWS.length);
  });

  it('reads every value back exactly', async () => {
    const r = await conn.query(`select * from ${db}.t order by ts`);
    expect(r.fields.map((f) => [f.name, f.type])).toStrictEqual([
      ['ts', 'TIMESTAMP'],
      ...COLUMNS.map(([n, t]) => [n, t.replace(/\(\d+\)/, '')]),
    ]);
    expect(r.precision).toBe(precision);
    const types = ['TIMESTAMP', ...COLUMNS.map(([, t]) => t)];
    const got = r.rows.map((row) => row.map((v, c) => norm(v, types[c] as string)));
    const want = ROWS.map((row, k) =>
      [TDTimestamp.parse(text[k] as string), ...row.slice(0, -1), k === 0 ? second : null].map((v, c) =>
        norm(v as Value, types[c] as string),
      ),
    );
    expect(got).toStrictEqual(want);
  });

  it('keeps 9-digit primary timestamps in every timestamp mode', async () => {
    for (const mode of ['bigint', 'string', 'date'] as const) {
      const c = await connect({ url: server.url, timestampMode: mode });
      try {
        const r = await c.query(`select ts from ${db}.t order by ts limit 1`);
        const ts = TDTimestamp.parse(text[0] as string);
        const v = r.rows[0]?.[0];
        if (mode === 'bigint') expect(v).toBe(ts.epoch);
        if (mode === 'string') expect(TDTimestamp.parse(v as string).equals(ts)).toBe(true);
        if (mode === 'date') expect((v as Date).getTime()).toBe(ts.epochMs);
      } finally {
        await c.close();
      }
    }
  });

  it('int64Mode string gives exact, JSON-safe 64-bit values', async () => {
    const c = await connect(`${server.url}?int64Mode=string`);
    try {
      const r = await c.query(`select c_bi, c_ubi from ${db}.t order by ts limit 2`);
      expect(r.rows).toStrictEqual([
        ['-9223372036854775808', '0'],
        ['9223372036854775807', '18446744073709551615'],
      ]);
      expect(JSON.parse(JSON.stringify(r.rows))).toStrictEqual(r.rows);
    } finally {
      await c.close();
    }
  });

  it('finds a row by a bound timestamp at full precision', async () => {
    const r = await conn.query(`select c_bi from ${db}.t where ts = ?`, [
      TDTimestamp.parse(text[2] as string),
    ]);
    expect(r.rows).toStrictEqual([[9007199254740993n]]);
  });
});

describe('types beyond the basic columns', () => {
  it('JSON tags are objects', async () => {
    await conn.execute('create database jt');
    await conn.execute('create stable jt.st (ts timestamp, v int) tags (j json)');
    await conn.execute('insert into jt.d1 using jt.st tags (?) values (?, 1)', [
      JSON.stringify({ k: 'v', n: 1.5, u: 'é"\\' }),
      '2025-01-01T00:00:00Z',
    ]);
    await conn.execute("insert into jt.d2 using jt.st tags ('{}') values ('2025-01-01T00:00:00Z', 2)");
    const r = await conn.query('select j from jt.st order by v');
    // TDengine stores an empty JSON tag object as NULL
    expect(r.rows).toStrictEqual([[{ k: 'v', n: 1.5, u: 'é"\\' }], [null]]);
  });

  it('DECIMAL stays an exact string', async () => {
    await conn.execute('create database dec');
    await conn.execute('create table dec.t (ts timestamp, d decimal(20,4), s decimal(10,2))');
    await conn.execute("insert into dec.t values ('2025-01-01T00:00:00Z', '4467440737095516.123', '-0.01')");
    const r = await conn.query('select d, s from dec.t');
    expect(r.rows).toStrictEqual([['4467440737095516.1230', '-0.01']]);
    expect(r.fields.map((f) => f.type)).toStrictEqual(['DECIMAL(20,4)', 'DECIMAL(10,2)']);
  });

  it('GEOMETRY comes back as WKB bytes', async () => {
    await conn.execute('create database geo');
    await conn.execute('create table geo.t (ts timestamp, g geometry(64))');
    await conn.execute("insert into geo.t values ('2025-01-01T00:00:00Z', 'POINT(100 100)')");
    const r = await conn.query('select g from geo.t');
    expect(Buffer.from(r.rows[0]?.[0] as Uint8Array).toString('hex')).toBe(
      '010100000000000000000059400000000000005940',
    );
  });
});
