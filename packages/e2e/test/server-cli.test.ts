/** `taosts serve` as a user runs it: a child process that prints its URL and stops cleanly. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../cli/bin/taosts.js', import.meta.url));
const AUTH = 'Basic ' + Buffer.from('root:taosdata').toString('base64');

function run(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${stdout}${stderr}`)), 20_000);
    child.stdout.on('data', () => {
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    // Never rejects; once the URL is printed this reject is a no-op.
    void exited.then(() => reject(new Error(`exited early: ${stdout}${stderr}`)));
  });
  url.catch(() => undefined); // only some tests wait for the URL

  return { child, url, exited, output: () => stdout + stderr };
}

describe('taosts serve', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('prints its URL, serves, and exits 0 on %s', async (signal) => {
    const p = run(['serve', '--port', '0', '--memory', '--token', 'tok']);
    const url = await p.url;
    expect(p.output()).toMatch(/^taosts serve: listening on http:\/\/127\.0\.0\.1:\d+ \(memory\)\n/);
    const r = await fetch(`${url}/rest/sql`, {
      method: 'POST',
      body: 'select 1',
      headers: { authorization: AUTH },
    });
    expect(await r.text()).toBe('{"code":0,"column_meta":[["1","BIGINT",8]],"data":[[1]],"rows":1}');
    const t = await fetch(`${url}/rest/sql?token=tok`, { method: 'POST', body: 'select 1' });
    expect(t.status).toBe(200);
    p.child.kill(signal);
    expect(await p.exited).toBe(0);
  });

  const bad: [string[], RegExp][] = [
    [['serve', '--bogus'], /Unknown option '--bogus'/],
    [['serve', '--port', 'x'], /invalid --port/],
    [['nonsense'], /unknown command 'nonsense'/],
  ];
  it.each(bad)('%j is a usage error with exit code 2', async (args, message) => {
    const p = run(args);
    expect(await p.exited).toBe(2);
    expect(p.output()).toMatch(message);
  });

  it('--help exits 0', async () => {
    const p = run(['serve', '--help']);
    expect(await p.exited).toBe(0);
    expect(p.output()).toContain('Usage: taosts serve');
  });
});
