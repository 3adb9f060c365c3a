/**
 * Async locks. DDL takes the catalog lock exclusively; INSERT/DELETE take it shared and then the
 * mutex of each data relation they write (in a fixed order, so no deadlocks).
 */

export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  /** Resolves with a release function once the lock is held. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const prev = this.#tail;
    this.#tail = prev.then(() => next);
    return prev.then(() => release);
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/** Readers share, a writer excludes everyone; waiting writers block new readers (no starvation). */
export class RWLock {
  #readers = 0;
  #writer = false;
  #queue: { write: boolean; wake: () => void }[] = [];

  async read<T>(fn: () => Promise<T>): Promise<T> {
    await this.#acquire(false);
    try {
      return await fn();
    } finally {
      this.#readers--;
      this.#pump();
    }
  }

  async write<T>(fn: () => Promise<T>): Promise<T> {
    await this.#acquire(true);
    try {
      return await fn();
    } finally {
      this.#writer = false;
      this.#pump();
    }
  }

  #acquire(write: boolean): Promise<void> {
    if (this.#queue.length === 0 && !this.#writer && (!write || this.#readers === 0)) {
      if (write) this.#writer = true;
      else this.#readers++;
      return Promise.resolve();
    }
    return new Promise((wake) => this.#queue.push({ write, wake }));
  }

  #pump(): void {
    while (this.#queue.length > 0 && !this.#writer) {
      const head = this.#queue[0]!;
      if (head.write) {
        if (this.#readers > 0) return;
        this.#queue.shift();
        this.#writer = true;
        head.wake();
        return;
      }
      this.#queue.shift();
      this.#readers++;
      head.wake();
    }
  }
}

/** One mutex per key, created on demand. */
export class KeyedMutex {
  #locks = new Map<string, Mutex>();

  /** Hold the locks of all `keys` (sorted, deduplicated) while `fn` runs. */
  async run<T>(keys: Iterable<string>, fn: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const releases: (() => void)[] = [];
    try {
      for (const k of sorted) {
        let m = this.#locks.get(k);
        if (!m) this.#locks.set(k, (m = new Mutex()));
        releases.push(await m.acquire());
      }
      return await fn();
    } finally {
      for (const r of releases.reverse()) r();
    }
  }
}
