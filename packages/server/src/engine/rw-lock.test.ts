import { describe, expect, it } from 'vitest';
import { RWLock } from './rw-lock.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('locks', () => {
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
});
