/**
 * The single writer of data relations. A planned INSERT is staged at once (targets resolved,
 * new child tables reserved, rows batched per relation), then written by a loop that takes
 * every statement waiting and commits them in ONE DuckDB transaction (group commit: a durable
 * commit costs an fsync, whatever its size). Each statement keeps its own affected-row count,
 * sees the rows of statements before it (later rows win, column-wise), and fails alone: a failed
 * group is retried statement by statement.
 *
 * With a redo log (file-backed engines) an INSERT is acknowledged as soon as its text is in the
 * log (see redo-log.ts), and readers call `settled()` so they still see every acknowledged row.
 * Without one, it is acknowledged after its COMMIT.
 */
import { Code, TaosError } from '@taosts/protocol';
import { appendChildren, reserveChild, unreserveChild } from '../catalog/children.js';
import type { NewChild } from '../catalog/children.js';
import { appliedLsnSql, timeOrderSql } from '../catalog/meta-store.js';
import type { ChildEntry, DataOwner } from '../catalog/model.js';
import type { Storage, StorageConnection } from '../storage/storage.js';
import type { PlannedRows } from './plan-insert.js';
import type { RedoLog, RedoRecord } from './redo-log.js';
import type { IngestState } from './relation-writer.js';
import { applyWrite, prepareWrite } from './relation-writer.js';
import type { PreparedWrite } from './relation-writer.js';
import { RowBatch } from './row-batch.js';

/** Stop adding statements to a group past this many rows (bounds memory and latency). */
const GROUP_ROWS = 500_000;
/** Acknowledged-but-unwritten rows beyond which new statements wait (backpressure). */
const MAX_PENDING_ROWS = 1_000_000;

/** A statement turned into per-relation batches, with the children it creates and uses. */
interface Staged {
  readonly batches: Map<DataOwner, RowBatch>;
  readonly created: NewChild[];
  readonly uses: ReadonlySet<ChildEntry>;
  readonly written: number;
  readonly rows: number;
}

interface Job {
  readonly seq: number;
  /** Work that runs alone between groups (DELETE). */
  readonly task?: () => Promise<number>;
  readonly staged?: Staged;
  /** Redo-log record of this statement (already acknowledged unless replaying). */
  readonly lsn?: number;
  acked: boolean;
  readonly resolve: (affected: number) => void;
  readonly reject: (e: unknown) => void;
}

/** How a submitted INSERT is logged: its text (then acknowledged at once), or a replayed lsn. */
export type RedoInfo = Omit<RedoRecord, 'lsn'> | { readonly replayLsn: number };

export class IngestWriter {
  readonly #storage: Storage;
  readonly #state: IngestState;
  readonly #log: RedoLog | undefined;
  #lastLsn: number;
  #appliedLsn: number;
  #queue: Job[] = [];
  #running = false;
  #seq = 0;
  #doneSeq = 0;
  #pendingRows = 0;
  #waiters: { seq: number; wake: () => void }[] = [];
  #roomWaiters: (() => void)[] = [];
  readonly #failedChildren = new Set<ChildEntry>();
  /** Last error of a write that had already been acknowledged (should never happen). */
  lastLostWrite: unknown;
  /** Groups committed, statements in them, and groups that failed and were split up. */
  readonly stats = { groups: 0, statements: 0, splits: 0 };

  constructor(
    storage: Storage,
    state: IngestState,
    log?: { log: RedoLog; lastLsn: number; appliedLsn: number },
  ) {
    this.#storage = storage;
    this.#state = state;
    this.#log = log?.log;
    this.#lastLsn = log?.lastLsn ?? 0;
    this.#appliedLsn = log?.appliedLsn ?? 0;
  }

  /** True when INSERTs may be acknowledged from the redo log. */
  get logged(): boolean {
    return this.#log !== undefined;
  }

  /**
   * Stage a planned statement now (in submission order) and queue it. Resolves with its
   * affected rows: at once when logged, else after COMMIT.
   */
  async submit(planned: readonly PlannedRows[], nowMs: bigint, redo?: RedoInfo): Promise<number> {
    if (planned.length === 0) return 0;
    while (this.#log && this.#pendingRows > MAX_PENDING_ROWS)
      await new Promise<void>((r) => this.#roomWaiters.push(r));
    const staged = stage(planned, nowMs);
    return new Promise((resolve, reject) => {
      let lsn: number | undefined;
      let acked = false;
      if (this.#log && redo) {
        if ('replayLsn' in redo) lsn = redo.replayLsn;
        else {
          lsn = this.#lastLsn + 1;
          try {
            this.#log.append([{ lsn, ...redo }]);
          } catch (e) {
            for (const ch of staged.created) unreserveChild(ch.entry);
            reject(e);
            return;
          }
          this.#lastLsn = lsn;
          acked = true;
          resolve(staged.written);
        }
      }
      this.#push({ seq: ++this.#seq, staged, ...(lsn !== undefined ? { lsn } : {}), acked, resolve, reject });
      this.#pendingRows += staged.rows;
    });
  }

  /** Run `task` alone, after everything queued before it (DELETE, which resets max ts). */
  exclusive(task: () => Promise<number>): Promise<number> {
    return new Promise((resolve, reject) =>
      this.#push({ seq: ++this.#seq, task, acked: false, resolve, reject }),
    );
  }

  /** Resolves once everything submitted before this call is written (or has failed). */
  settled(): Promise<void> {
    const seq = this.#seq;
    if (this.#doneSeq >= seq) return Promise.resolve();
    return new Promise((wake) => this.#waiters.push({ seq, wake }));
  }

  /** Lsn of the last logged statement and of the last one committed to DuckDB. */
  get lsns(): { readonly last: number; readonly applied: number } {
    return { last: this.#lastLsn, applied: this.#appliedLsn };
  }

  #push(job: Job): void {
    this.#queue.push(job);
    if (!this.#running) void this.#loop();
  }

  async #loop(): Promise<void> {
    this.#running = true;
    try {
      while (this.#queue.length > 0) {
        const head = this.#queue[0]!;
        if (head.task) {
          this.#queue.shift();
          await head.task().then(head.resolve, head.reject);
          this.#done(head.seq);
          continue;
        }
        let rows = 0;
        let n = 0;
        while (
          n < this.#queue.length &&
          !this.#queue[n]!.task &&
          (n === 0 || rows + this.#queue[n]!.staged!.rows <= GROUP_ROWS)
        )
          rows += this.#queue[n++]!.staged!.rows;
        const group = this.#queue.splice(0, n);
        await this.#writeGroup(group);
        this.#pendingRows -= rows;
        for (const wake of this.#roomWaiters.splice(0)) wake();
        this.#done(group[group.length - 1]!.seq);
      }
      // Everything logged is in DuckDB: the log can start over.
      if (this.#log && this.#appliedLsn >= this.#lastLsn) this.#log.truncate();
    } finally {
      this.#running = false;
    }
  }

  #done(seq: number): void {
    this.#doneSeq = seq;
    const ready = this.#waiters.filter((w) => w.seq <= seq);
    this.#waiters = this.#waiters.filter((w) => w.seq > seq);
    for (const w of ready) w.wake();
  }

  #fail(job: Job, e: unknown): void {
    for (const ch of job.staged!.created) {
      unreserveChild(ch.entry);
      this.#failedChildren.add(ch.entry);
    }
    if (job.acked) this.lastLostWrite = e;
    else job.reject(e);
  }

  async #writeGroup(group: readonly Job[]): Promise<void> {
    const live: Job[] = [];
    for (const job of group) {
      // A statement writing into a child table whose creating statement failed fails too.
      const dead = [...job.staged!.uses].find((ch) => this.#failedChildren.has(ch));
      if (dead) this.#fail(job, new TaosError(Code.TABLE_NOT_EXIST, `Table does not exist: ${dead.name}`));
      else live.push(job);
    }
    if (live.length === 0) return;
    try {
      await this.#commit(live);
      this.stats.groups++;
      this.stats.statements += live.length;
      for (const job of live) if (!job.acked) job.resolve(job.staged!.written);
    } catch (e) {
      if (live.length === 1) this.#fail(live[0]!, e);
      else {
        this.stats.splits++;
        for (const job of live) await this.#writeGroup([job]);
      }
    }
  }

  /** Write staged statements in one transaction. */
  async #commit(jobs: readonly Job[]): Promise<void> {
    const owners = new Map<DataOwner, RowBatch[]>();
    for (const j of jobs)
      for (const [owner, batch] of j.staged!.batches) {
        const list = owners.get(owner);
        if (list) list.push(batch);
        else owners.set(owner, [batch]);
      }
    try {
      const missing = [...owners.keys()].filter((o) => !this.#state.cached(o));
      if (missing.length > 0) {
        await this.#storage.withConnection(async (c) => {
          for (const o of missing) await this.#state.maxTs(c, o);
        });
      }
      const writes: PreparedWrite[] = [...owners].map(([owner, batches]) =>
        prepareWrite(owner, RowBatch.concat(batches), this.#state.cached(owner)!),
      );
      const marks = writes.map((w) => this.#state.beforeWrite(w));
      const created = jobs.flatMap((j) => j.staged!.created);
      const lsn = jobs.reduce((m, j) => Math.max(m, j.lsn ?? 0), 0);
      // Always an explicit transaction: the appender alone commits (fsyncs) synchronously on the
      // JS thread, while an awaited COMMIT lets other statements parse meanwhile.
      await this.#storage.transaction(async (c: StorageConnection) => {
        await appendChildren(c, created);
        for (const w of writes) await applyWrite(c, w);
        for (let k = 0; k < writes.length; k++)
          if (marks[k]!.length > 0) await c.run(timeOrderSql(writes[k]!.owner.id, marks[k]!));
        if (lsn > this.#appliedLsn) await c.run(appliedLsnSql(lsn));
      });
      for (const w of writes) {
        this.#state.apply(w.owner, w.maxima);
        this.#state.listener?.committed(w);
      }
      if (lsn > this.#appliedLsn) this.#appliedLsn = lsn;
    } catch (e) {
      for (const owner of owners.keys()) this.#state.invalidate(owner);
      throw e;
    }
  }
}

/** Resolve targets (reserving new children) and build the statement's batches. */
function stage(planned: readonly PlannedRows[], nowMs: bigint): Staged {
  const created: NewChild[] = [];
  const uses = new Set<ChildEntry>();
  const pending = new Map<string, ChildEntry>();
  try {
    const batches = new Map<DataOwner, RowBatch>();
    let rows = 0;
    for (const p of planned) {
      let tid = 0;
      if (p.target.kind === 'create') tid = resolveCreate(p.target, pending, created, nowMs, uses);
      else if (p.target.entry.kind === 'child') {
        tid = p.target.entry.tid;
        uses.add(p.target.entry);
      }
      let batch = batches.get(p.owner);
      if (!batch) batches.set(p.owner, (batch = new RowBatch(p.owner.columns.length)));
      batch.pushColumns(tid, p.cols, p.count, p.mask);
      rows += p.count;
    }
    let written = 0;
    for (const batch of batches.values()) written += batch.distinctKeys();
    return { batches, created, uses, written, rows };
  } catch (e) {
    for (const ch of created) unreserveChild(ch.entry);
    throw e;
  }
}

function resolveCreate(
  target: Extract<PlannedRows['target'], { kind: 'create' }>,
  pending: Map<string, ChildEntry>,
  created: NewChild[],
  nowMs: bigint,
  uses: Set<ChildEntry>,
): number {
  const key = `${target.stable.id}:${target.name}`;
  const mine = pending.get(key);
  if (mine) return mine.tid;
  // An earlier statement may have created it: then TAGS are ignored (sql.md §1.3).
  const existing = target.stable.db.tables.get(target.name);
  if (existing) {
    if (existing.kind === 'child' && existing.stable === target.stable) {
      uses.add(existing);
      return existing.tid;
    }
    throw new TaosError(Code.TABLE_ALREADY_EXIST, `Table already exists in other stables: ${target.name}`);
  }
  const child = reserveChild(target.stable, target.name, target.tags, {}, nowMs);
  pending.set(key, child.entry);
  created.push(child);
  return child.entry.tid;
}
