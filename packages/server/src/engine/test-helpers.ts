/** Test helpers: an in-memory engine and compact ways to run SQL against it. */
import { TaosError } from '@taosts/protocol';
import { createEngine } from './engine.js';
import type { TaosEngine, EngineOptions } from './engine.js';
import { readAll } from './results.js';
import type { Session, Value } from './types.js';

export async function memoryEngine(options: EngineOptions = {}): Promise<TaosEngine> {
  return createEngine(options);
}

export function session(db?: string, timezone = 'UTC'): Session {
  return { user: 'root', timezone, ...(db !== undefined ? { db } : {}) };
}

/** Run statements in order; returns the last result as rows (query) or affected rows. */
export async function run(engine: TaosEngine, s: Session, ...sqls: string[]): Promise<Value[][] | number> {
  let out: Value[][] | number = 0;
  for (const sql of sqls) {
    const r = await engine.execute(sql, s);
    out = r.kind === 'affected' ? r.affectedRows : await readAll(r);
  }
  return out;
}

export async function query(engine: TaosEngine, s: Session, sql: string): Promise<Value[][]> {
  const r = await engine.execute(sql, s);
  if (r.kind !== 'query') throw new Error(`expected rows from ${sql}`);
  return readAll(r);
}

/** The TDengine code `sql` fails with, or undefined when it succeeds. */
export async function errorCode(engine: TaosEngine, s: Session, sql: string): Promise<number | undefined> {
  try {
    await run(engine, s, sql);
    return undefined;
  } catch (e) {
    if (e instanceof TaosError) return e.code;
    throw e;
  }
}
