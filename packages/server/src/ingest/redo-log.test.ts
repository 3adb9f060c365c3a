import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../engine/engine.js';
import { query, run, session } from '../engine/test-helpers.js';
import { RedoLog } from './redo-log.js';
import type { RedoRecord } from './redo-log.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'taosts-redo-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const rec = (lsn: number, sql = `insert into t values (${1700000000000 + lsn}, ${lsn})`): RedoRecord => ({
  lsn,
  sql,
  db: 'r',
  timezone: 'UTC',
  now: String(BigInt(Date.now()) * 1_000_000n),
});

describe('RedoLog', () => {
  it('reads back what it appended, in order', () => {
    const path = join(tempDir(), 'x.redo');
    const { log } = RedoLog.open(path);
    log.append([rec(1), rec(2)]);
    log.append([rec(3)]);
    log.close();
    const { log: again, records } = RedoLog.open(path);
    again.close();
    expect(records.map((r) => r.lsn)).toEqual([1, 2, 3]);
    expect(records[0]!.sql).toBe(rec(1).sql);
  });

  /** (what is appended after two good records, records read back). */
  const tails: [string, (path: string) => void, number][] = [
    ['a torn header', (p) => appendFileSync(p, Buffer.from([5, 0])), 2],
    [
      'a torn payload',
      (p) => appendFileSync(p, Buffer.concat([Buffer.from([50, 0, 0, 0, 1, 2, 3, 4]), Buffer.from('{"ls')])),
      2,
    ],
    [
      'a checksum mismatch',
      (p) => appendFileSync(p, Buffer.concat([Buffer.from([2, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{}')])),
      2,
    ],
  ];
  for (const [name, damage, count] of tails) {
    it(`stops at ${name} and cuts it off`, () => {
      const path = join(tempDir(), 'x.redo');
      const { log } = RedoLog.open(path);
      log.append([rec(1), rec(2)]);
      log.close();
      const good = statSync(path).size;
      damage(path);
      const { log: again, records } = RedoLog.open(path);
      expect(records).toHaveLength(count);
      expect(statSync(path).size).toBe(good);
      again.append([rec(3)]);
      again.close();
      expect(RedoLog.open(path).records.map((r) => r.lsn)).toEqual([1, 2, 3]);
    });
  }

  it('truncate empties the file', () => {
    const path = join(tempDir(), 'x.redo');
    const { log } = RedoLog.open(path);
    log.append([rec(1)]);
    log.truncate();
    log.close();
    expect(readFileSync(path)).toHaveLength(0);
  });
});

describe('engine replay', () => {
  it('applies logged INSERTs DuckDB never committed, once', async () => {
    const dir = tempDir();
    const a = await createEngine({ path: dir });
    await run(
      a,
      session(),
      'create database r',
      'use r',
      'create table t (ts timestamp, v int)',
      'insert into t values (1700000000000, 0)',
    );
    await a.close();
    // What a process killed after acknowledging (logging) but before committing leaves behind.
    const { log } = RedoLog.open(join(dir, 'taosts.redo'));
    log.append([
      rec(2),
      rec(3),
      rec(4, `insert into t values (1700000000000, 40) c1 using nost tags (1) values (1700000000001, 1)`),
    ]);
    log.close();
    const b = await createEngine({ path: dir });
    expect(await query(b, session('r'), 'select ts, v from t order by ts')).toEqual([
      [1700000000000n, 0],
      [1700000000002n, 2],
      [1700000000003n, 3],
    ]);
    // Everything replayed is committed, so the log starts over.
    expect(statSync(join(dir, 'taosts.redo')).size).toBe(0);
    await run(b, session('r'), 'insert into t values (1700000000009, 9)');
    await b.close();
    const c = await createEngine({ path: dir });
    expect(await query(c, session('r'), 'select count(*) from t')).toEqual([[4n]]);
    await c.close();
  });
});
