/** CREATE / DROP / ALTER / USE DATABASE (sql.md §1.1). */
import { Code, TaosError } from '@taosts/protocol';
import type { AlterDatabase, CreateDatabase, DropDatabase } from '@taosts/sql';
import { isSystemDb } from './catalog.js';
import { LIMITS, checkName } from './column-defs.js';
import { DEFAULT_DB_OPTIONS, applyDbOptions } from './db-options.js';
import type { DdlEnv } from './ddl-env.js';
import { nowMs } from './ddl-env.js';
import { createDatabaseSql, dropDatabaseSql, updateDatabaseSql } from './meta-store.js';
import type { DbEntry } from './model.js';

export async function createDatabase(s: CreateDatabase, env: DdlEnv): Promise<void> {
  checkName(s.name, LIMITS.dbName);
  if (isSystemDb(s.name) || env.catalog.dbs.has(s.name)) {
    if (s.ifNotExists) return;
    throw new TaosError(Code.DB_ALREADY_EXIST);
  }
  const options = applyDbOptions(DEFAULT_DB_OPTIONS, s.options);
  const id = env.catalog.allocDbId();
  const db: DbEntry = { id, name: s.name, options, ctime: nowMs(env), schema: `db_${id}`, tables: new Map() };
  await env.storage.transaction((c) => c.run(createDatabaseSql(db)));
  env.catalog.dbs.set(db.name, db);
}

export async function dropDatabase(s: DropDatabase, env: DdlEnv): Promise<void> {
  if (isSystemDb(s.name)) throw new TaosError(Code.PERMISSION_DENIED, 'Cannot drop a system database');
  const db = env.catalog.dbs.get(s.name);
  if (!db) {
    if (s.ifExists) return;
    throw new TaosError(Code.DB_NOT_EXIST);
  }
  await env.storage.transaction((c) => c.run(dropDatabaseSql(db)));
  env.catalog.dbs.delete(db.name);
  for (const t of db.tables.values()) if (t.kind !== 'child') env.state.invalidate(t);
}

export async function alterDatabase(s: AlterDatabase, env: DdlEnv): Promise<void> {
  if (isSystemDb(s.name)) throw new TaosError(Code.PERMISSION_DENIED, 'Cannot alter a system database');
  const db = env.catalog.getDb(s.name);
  const options = applyDbOptions(db.options, s.options, true);
  await env.storage.transaction((c) => c.run(updateDatabaseSql(db, options)));
  db.options = options;
}

/** USE: checks the database exists; the caller sets `session.db`. */
export function useDatabase(name: string, env: Pick<DdlEnv, 'catalog'>): void {
  if (!isSystemDb(name)) env.catalog.getDb(name);
}
