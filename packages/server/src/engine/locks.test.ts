import { describe, expect, it } from 'vitest';
import { KeyedMutex, Mutex, RWLock } from './locks.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('locks', () => {
  it('Mutex runs critical sections one at a time, in order', async () => {
    const m = new Mutex();
    const log: string[] = [];
    await Promise.all(
      [1, 2, 3].map((i) =>
        m.run(async () => {
          log.push(`in${i}`);
          await tick();
          log.push(`out${i}`);
        }),
      ),
    );
    expect(log).toEqual(['in1', 'out1', 'in2', 'out2', 'in3', 'out3']);
  });

  it('RWLock shares readers, excludes writers, and a waiting writer blocks new readers', async () => {
    const l = new RWLock();
    const log: string[] = [];
    const reader = (name: string) =>
      l.read(async () => {
        log.push(`+${name}`);
        await tick();
        log.push(`-${name}`);
      });
    const writer = (name: string) =>
      l.write(async () => {
        log.push(`+${name}`);
        await tick();
        log.push(`-${name}`);
      });
    await Promise.all([reader('r1'), reader('r2'), writer('w'), reader('r3')]);
    expect(log.slice(0, 2)).toEqual(['+r1', '+r2']);
    expect(log.indexOf('+w')).toBeGreaterThan(log.indexOf('-r2'));
    expect(log.indexOf('+r3')).toBeGreaterThan(log.indexOf('-w'));
  });

  it('a failing section releases the lock', async () => {
    const l = new RWLock();
    await expect(l.write(async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(l.read(async () => 1)).resolves.toBe(1);
  });

  it('KeyedMutex serialises per key and not across keys', async () => {
    const k = new KeyedMutex();
    const log: string[] = [];
    const job = (keys: string[], name: string) =>
      k.run(keys, async () => {
        log.push(`+${name}`);
        await tick();
        log.push(`-${name}`);
      });
    await Promise.all([job(['a'], 'A'), job(['b'], 'B'), job(['b', 'a'], 'AB')]);
    expect(log.slice(0, 2).sort()).toEqual(['+A', '+B']);
    expect(log.indexOf('+AB')).toBeGreaterThan(Math.max(log.indexOf('-A'), log.indexOf('-B')));
  });
});
