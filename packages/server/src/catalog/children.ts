/**
 * Creating child tables: allocate a tid, reserve the name in the catalog, append the tag row.
 * Used by CREATE TABLE … USING and by INSERT auto-create; callers hold the super table's lock.
 */
import { Code, TaosError } from '@taosts/protocol';
import type { AppendValue, PhysType, StorageConnection } from '../storage/storage.js';
import { physTypeOf, tagTableName } from './model.js';
import type { ChildEntry, SuperEntry, TableOptions } from './model.js';

export interface NewChild {
  readonly entry: ChildEntry;
  readonly tags: readonly AppendValue[];
}

/**
 * Reserve `name` as a new child of `stable` (visible in the catalog at once; `unreserve` on
 * failure). Throws 0x0603 when the name is taken.
 */
export function reserveChild(
  stable: SuperEntry,
  name: string,
  tags: readonly AppendValue[],
  options: TableOptions,
  ctime: bigint,
): NewChild {
  const db = stable.db;
  if (db.tables.has(name)) throw new TaosError(Code.TABLE_ALREADY_EXIST);
  const entry: ChildEntry = { kind: 'child', db, name, stable, tid: stable.nextTid++, ctime, options };
  db.tables.set(name, entry);
  stable.children.set(entry.tid, entry);
  return { entry, tags };
}

export function unreserveChild(child: ChildEntry): void {
  if (child.db.tables.get(child.name) === child) child.db.tables.delete(child.name);
  child.stable.children.delete(child.tid);
}

/** Append the tag rows of new children, one append per super table. */
export async function appendChildren(c: StorageConnection, children: readonly NewChild[]): Promise<void> {
  const byStable = new Map<SuperEntry, NewChild[]>();
  for (const ch of children) {
    const list = byStable.get(ch.entry.stable);
    if (list) list.push(ch);
    else byStable.set(ch.entry.stable, [ch]);
  }
  for (const [stable, list] of byStable) await appendStableChildren(c, stable, list);
}

async function appendStableChildren(
  c: StorageConnection,
  stable: SuperEntry,
  children: readonly NewChild[],
): Promise<void> {
  const types: PhysType[] = ['INTEGER', 'VARCHAR', 'BIGINT', 'VARCHAR', ...stable.tags.map(physTypeOf)];
  const cols: AppendValue[][] = [[], [], [], []];
  stable.tags.forEach(() => cols.push([]));
  for (const ch of children) {
    cols[0]!.push(ch.entry.tid);
    cols[1]!.push(ch.entry.name);
    cols[2]!.push(ch.entry.ctime);
    cols[3]!.push(Object.keys(ch.entry.options).length === 0 ? null : JSON.stringify(ch.entry.options));
    ch.tags.forEach((v, i) => cols[4 + i]!.push(v));
  }
  await c.append({ schema: stable.db.schema, table: tagTableName(stable) }, types, cols, children.length);
}
