/**
 * Writing a planned INSERT: under the locks of every data relation it touches, create missing
 * children, then append/merge all rows in one DuckDB transaction. Max-ts bookkeeping and new
 * catalog entries become final only after COMMIT.
 */
import { Code, TaosError } from '@taosts/protocol';
import { appendChildren, reserveChild, unreserveChild } from '../catalog/children.js';
import type { NewChild } from '../catalog/children.js';
import type { ChildEntry, DataOwner, SuperEntry } from '../catalog/model.js';
import type { KeyedMutex } from '../engine/locks.js';
import type { Storage } from '../storage/storage.js';
import type { PlannedRows } from './plan-insert.js';
import { IngestState, writeBatch } from './relation-writer.js';
import { RowBatch } from './row-batch.js';

export interface IngestEnv {
  readonly storage: Storage;
  readonly state: IngestState;
  readonly locks: KeyedMutex;
}

/** Write planned rows; returns affected rows (rows written after in-statement merging). */
export async function executeInsert(planned: readonly PlannedRows[], env: IngestEnv, nowMs: bigint): Promise<number> {
  if (planned.length === 0) return 0;
  const owners = [...new Set(planned.map((p) => p.owner))];
  return env.locks.run(owners.map(IngestState.key), async () => {
    const created: NewChild[] = [];
    const pending = new Map<string, ChildEntry>();
    try {
      const batches = new Map<DataOwner, RowBatch>();
      for (const p of planned) {
        const tid = p.target.kind === 'existing' ? (p.target.entry.kind === 'child' ? p.target.entry.tid : 0) : resolveCreate(p.target, pending, created, nowMs);
        let batch = batches.get(p.owner);
        if (!batch) batches.set(p.owner, (batch = new RowBatch(p.owner.columns.length)));
        for (const row of p.rows) batch.push(tid, row, p.mask);
      }
      const results = await env.storage.transaction(async (c) => {
        const byStable = new Map<SuperEntry, NewChild[]>();
        for (const ch of created) {
          const list = byStable.get(ch.entry.stable) ?? [];
          list.push(ch);
          byStable.set(ch.entry.stable, list);
        }
        for (const [st, list] of byStable) await appendChildren(c, st, list);
        const outcomes = [];
        for (const [owner, batch] of batches) {
          const maxTs = await env.state.maxTs(c, owner);
          outcomes.push({ owner, outcome: await writeBatch(c, owner, batch, maxTs) });
        }
        return outcomes;
      });
      let written = 0;
      for (const { owner, outcome } of results) {
        env.state.apply(owner, outcome.maxima);
        written += outcome.written;
      }
      return written;
    } catch (e) {
      for (const ch of created) unreserveChild(ch.entry);
      for (const owner of owners) env.state.invalidate(owner);
      throw e;
    }
  });
}

function resolveCreate(target: Extract<PlannedRows['target'], { kind: 'create' }>, pending: Map<string, ChildEntry>, created: NewChild[], nowMs: bigint): number {
  const key = `${target.stable.id}:${target.name}`;
  const mine = pending.get(key);
  if (mine) return mine.tid;
  // Another statement may have created it while we waited for the lock: then TAGS are ignored.
  const existing = target.stable.db.tables.get(target.name);
  if (existing) {
    if (existing.kind === 'child' && existing.stable === target.stable) return existing.tid;
    throw new TaosError(Code.TABLE_ALREADY_EXIST, `Table already exists in other stables: ${target.name}`);
  }
  const child = reserveChild(target.stable, target.name, target.tags, {}, nowMs);
  pending.set(key, child.entry);
  created.push(child);
  return child.entry.tid;
}
