import { TypeCode } from '@taosts/protocol';
import { describe, expect, it } from 'vitest';
import type { Batch, QueryResult } from '../engine/types.js';
import { AHEAD, BLOCK_ROWS, OpenResult } from './result-store.js';

/**
 * A query result of `batches` batches (row counts; 0 = an empty batch) that records how it is
 * called and fails the test on a call that overlaps another or comes after close.
 */
function fakeResult(batches: readonly number[], delayMs = 1) {
  const log = { calls: 0, overlapped: false, afterClose: false, closed: 0, inFlight: 0 };
  let i = 0;
  const result: QueryResult = {
    kind: 'query',
    columns: [{ name: 'v', type: TypeCode.INT, length: 4 }],
    precision: 'ms',
    async next(): Promise<Batch | undefined> {
      log.calls++;
      if (log.inFlight > 0) log.overlapped = true;
      if (log.closed > 0) log.afterClose = true;
      log.inFlight++;
      await new Promise((r) => setTimeout(r, delayMs));
      log.inFlight--;
      const n = batches[i++];
      if (n === undefined) return undefined;
      return { rowCount: n, columns: [Int32Array.from({ length: n }, (_, k) => k)] };
    },
    close() {
      log.closed++;
    },
  };
  return { result, log };
}

/** Until no engine call is running and none has started for a few timer turns (however loaded the machine). */
async function idle(log: { calls: number; inFlight: number }): Promise<void> {
  for (let quiet = 0, last = -1; quiet < 3;) {
    await new Promise((r) => setTimeout(r, 5));
    quiet = log.inFlight === 0 && log.calls === last ? quiet + 1 : 0;
    last = log.calls;
  }
}

describe('OpenResult reading ahead', () => {
  it('reads at most AHEAD batches ahead of a client that never fetches', async () => {
    const { result, log } = fakeResult(Array<number>(50).fill(BLOCK_ROWS));
    const open = new OpenResult(1, result, () => undefined);
    await idle(log);
    expect(log.calls).toBe(AHEAD);
    await new Promise((r) => setTimeout(r, 30));
    expect(log.calls).toBe(AHEAD);
    open.close();
  });

  it('reads one more batch for each block fetched, one engine call at a time', async () => {
    const { result, log } = fakeResult(Array<number>(50).fill(BLOCK_ROWS));
    const open = new OpenResult(1, result, () => undefined);
    for (let k = 1; k <= 3; k++) {
      const b = await open.next();
      expect(b?.batch.rowCount).toBe(BLOCK_ROWS);
      await idle(log);
      expect(log.calls).toBe(AHEAD + k);
    }
    expect(log.overlapped).toBe(false);
    open.close();
  });

  it('hands out every row in order, skipping empty batches, and frees itself at the end', async () => {
    const sizes = [3, 0, 0, BLOCK_ROWS + 5, 0, 7, 0];
    const { result, log } = fakeResult(sizes);
    let freed = 0;
    const open = new OpenResult(1, result, () => freed++);
    const got: number[] = [];
    for (let b = await open.next(); b; b = await open.next()) got.push(b.batch.rowCount);
    expect(got).toEqual([3, BLOCK_ROWS, 5, 7]);
    expect(log.overlapped).toBe(false);
    expect(freed).toBe(1);
    expect(log.closed).toBe(1);
    expect(open.closed).toBe(true);
  });

  it('closed while reading ahead: the engine result is closed once, after the call in flight', async () => {
    // Slow engine calls: the one after the first batch is surely still running at close.
    const { result, log } = fakeResult(Array<number>(50).fill(BLOCK_ROWS), 200);
    const open = new OpenResult(1, result, () => undefined);
    await open.next();
    open.close();
    expect(log.closed).toBe(0); // a read is still running on the engine result
    await idle(log);
    expect(log.closed).toBe(1);
    expect(log.afterClose).toBe(false);
    await expect(open.next()).rejects.toThrow(/freed/);
  });

  it('an engine error surfaces on the fetch that reaches it and frees the result', async () => {
    const { result } = fakeResult([BLOCK_ROWS]);
    const failing: QueryResult = {
      ...result,
      next: (() => {
        let n = 0;
        return () => (n++ === 0 ? result.next() : Promise.reject(new Error('disk on fire')));
      })(),
    };
    const open = new OpenResult(1, failing, () => undefined);
    expect((await open.next())?.batch.rowCount).toBe(BLOCK_ROWS);
    await expect(open.next()).rejects.toThrow('disk on fire');
    expect(open.closed).toBe(true);
  });
});
