/**
 * The engine's catalog lock: DDL takes it exclusively; INSERT and DELETE take it shared while
 * they plan (writes themselves are serialised by the single ingest writer).
 */

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
