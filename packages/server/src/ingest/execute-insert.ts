/**
 * The single writer of data relations. INSERT statements, once planned and validated, queue
 * here; the writer takes every statement waiting and writes them in ONE DuckDB transaction
 * (group commit: a durable commit costs an fsync, ~10 ms on a small VM, whatever its size).
 * Each statement still gets its own affected-row count, sees the rows of statements queued
 * before it (later rows win, column-wise), and fails alone: when a group fails, its statements
 * are retried one by one. Max-ts bookkeeping and new child tables become final after COMMIT.
 */
import { Code, TaosError } from '@taosts/protocol';
import { appendChildren, reserveChild, unreserveChild } from '../catalog/children.js';
import type { NewChild } from '../catalog/children.js';
import type { ChildEntry, DataOwner, SuperEntry } from '../catalog/model.js';
import type { Storage, StorageConnection } from '../storage/storage.js';
import type { PlannedRows } from './plan-insert.js';
import type { IngestState } from './relation-writer.js';
import { applyWrite, prepareWrite } from './relation-writer.js';
import type { PreparedWrite } from './relation-writer.js';
import { RowBatch } from './row-batch.js';

/** Stop adding statements to a group past this many rows (bounds memory and latency). */
const GROUP_ROWS = 500_000;

interface Job {
  /** Set for work that must run alone between groups (DELETE). */
  readonly task?: () => Promise<number>;
  readonly planned: readonly PlannedRows[];
  readonly nowMs: bigint;
  readonly rows: number;
  readonly resolve: (affected: number) => void;
  readonly reject: (e: unknown) => void;
}

/** A job turned into per-relation batches, with the children it creates. */
interface Staged {
  readonly job: Job;
  readonly batches: Map<DataOwner, RowBatch>;
  readonly created: NewChild[];
  readonly written: number;
}

export class IngestWriter {
  readonly #storage: Storage;
  readonly #state: IngestState;
  #queue: Job[] = [];
  #running = false;
  #idle: (() => void)[] = [];

  constructor(storage: Storage, state: IngestState) {
    this.#storage = storage;
    this.#state = state;
  }

  /** Queue a planned statement; resolves with its affected rows once committed. */
  submit(planned: readonly PlannedRows[], nowMs: bigint): Promise<number> {
    if (planned.length === 0) return Promise.resolve(0);
    return new Promise((resolve, reject) => {
      this.#queue.push({ planned, nowMs, rows: planned.reduce((n, p) => n + p.rows.length, 0), resolve, reject });
      if (!this.#running) void this.#loop();
    });
  }

  /** Run `task` alone, after everything queued before it (e.g. DELETE, which resets max ts). */
  exclusive(task: () => Promise<number>): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ task, planned: [], nowMs: 0n, rows: 0, resolve, reject });
      if (!this.#running) void this.#loop();
    });
  }

  /** Resolves when nothing is queued or being written. */
  idle(): Promise<void> {
    if (!this.#running && this.#queue.length === 0) return Promise.resolve();
    return new Promise((r) => this.#idle.push(r));
  }

  async #loop(): Promise<void> {
    this.#running = true;
    try {
      while (this.#queue.length > 0) {
        const head = this.#queue[0]!;
        if (head.task) {
          this.#queue.shift();
          await head.task().then(head.resolve, head.reject);
          continue;
        }
        let rows = 0;
        let n = 0;
        while (n < this.#queue.length && !this.#queue[n]!.task && (n === 0 || rows + this.#queue[n]!.rows <= GROUP_ROWS)) rows += this.#queue[n++]!.rows;
        const group = this.#queue.splice(0, n);
        await this.#writeGroup(group);
      }
    } finally {
      this.#running = false;
      for (const r of this.#idle.splice(0)) r();
    }
  }

  async #writeGroup(group: readonly Job[]): Promise<void> {
    const staged: Staged[] = [];
    for (const job of group) {
      try {
        staged.push(stage(job));
      } catch (e) {
        job.reject(e);
      }
    }
    if (staged.length === 0) return;
    try {
      await this.#commit(staged);
      for (const s of staged) s.job.resolve(s.written);
    } catch (e) {
      for (const s of staged) for (const ch of s.created) unreserveChild(ch.entry);
      if (staged.length === 1) {
        staged[0]!.job.reject(e);
        return;
      }
      // Find the culprit: each statement alone, in order.
      for (const s of staged) await this.#writeGroup([s.job]);
    }
  }

  /** Write staged statements in one transaction. */
  async #commit(staged: readonly Staged[]): Promise<void> {
    const owners = new Map<DataOwner, RowBatch[]>();
    for (const s of staged) for (const [owner, batch] of s.batches) owners.set(owner, [...(owners.get(owner) ?? []), batch]);
    try {
      const missing = [...owners.keys()].filter((o) => !this.#state.cached(o));
      if (missing.length > 0) {
        await this.#storage.withConnection(async (c) => {
          for (const o of missing) await this.#state.maxTs(c, o);
        });
      }
      const writes: PreparedWrite[] = [...owners].map(([owner, batches]) => prepareWrite(owner, RowBatch.concat(batches), this.#state.cached(owner)!));
      const created = staged.flatMap((s) => s.created);
      const write = async (c: StorageConnection) => {
        const byStable = new Map<SuperEntry, NewChild[]>();
        for (const ch of created) byStable.set(ch.entry.stable, [...(byStable.get(ch.entry.stable) ?? []), ch]);
        for (const [st, list] of byStable) await appendChildren(c, st, list);
        for (const w of writes) await applyWrite(c, w);
      };
      // Always an explicit transaction: the appender alone would commit (fsync) synchronously
      // on the JS thread, while an awaited COMMIT lets other statements parse meanwhile.
      await this.#storage.transaction(write);
      for (const w of writes) this.#state.apply(w.owner, w.maxima);
    } catch (e) {
      for (const owner of owners.keys()) this.#state.invalidate(owner);
      throw e;
    }
  }
}

/** Resolve targets (reserving new children) and build the statement's batches. */
function stage(job: Job): Staged {
  const created: NewChild[] = [];
  const pending = new Map<string, ChildEntry>();
  try {
    const batches = new Map<DataOwner, RowBatch>();
    for (const p of job.planned) {
      const tid = p.target.kind === 'existing' ? (p.target.entry.kind === 'child' ? p.target.entry.tid : 0) : resolveCreate(p.target, pending, created, job.nowMs);
      let batch = batches.get(p.owner);
      if (!batch) batches.set(p.owner, (batch = new RowBatch(p.owner.columns.length)));
      for (const row of p.rows) batch.push(tid, row, p.mask);
    }
    let written = 0;
    for (const batch of batches.values()) written += batch.distinctKeys();
    return { job, batches, created, written };
  } catch (e) {
    for (const ch of created) unreserveChild(ch.entry);
    throw e;
  }
}

function resolveCreate(target: Extract<PlannedRows['target'], { kind: 'create' }>, pending: Map<string, ChildEntry>, created: NewChild[], nowMs: bigint): number {
  const key = `${target.stable.id}:${target.name}`;
  const mine = pending.get(key);
  if (mine) return mine.tid;
  // An earlier statement may have created it: then TAGS are ignored (sql.md §1.3).
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
