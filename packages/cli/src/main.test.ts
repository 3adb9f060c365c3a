import { describe, expect, it } from 'vitest';
import type { CliIo } from './cli-io.js';
import { main } from './main.js';
import { parseServeArgs } from './serve.js';

function io(): CliIo & { stdout: string; stderr: string } {
  const o = {
    stdout: '',
    stderr: '',
    out: (t: string) => void (o.stdout += t),
    err: (t: string) => void (o.stderr += t),
    waitForStop: () => Promise.resolve('SIGTERM'),
  };
  return o;
}

describe('parseServeArgs', () => {
  const rows: [string[], unknown][] = [
    [[], { help: false, options: {} }],
    [['--port', '0', '--memory'], { help: false, options: { port: 0, memory: true } }],
    [
      ['--host', '0.0.0.0', '--port=7000', '--data', '/tmp/d'],
      { help: false, options: { host: '0.0.0.0', port: 7000, data: '/tmp/d' } },
    ],
    [
      ['--token', 'T', '--user', 'admin', '--password', 'pw'],
      { help: false, options: { token: 'T', user: 'admin', password: 'pw' } },
    ],
    [['-h'], { help: true }],
    [['--help'], { help: true }],
  ];
  it.each(rows)('%j', (argv, want) => {
    expect(parseServeArgs(argv)).toEqual(want);
  });

  const bad: [string[], RegExp][] = [
    [['--bogus'], /Unknown option '--bogus'/],
    [['extra'], /Unexpected argument 'extra'/],
    [['--port', 'abc'], /invalid --port 'abc'/],
    [['--port', '70000'], /invalid --port '70000'/],
    [['--port'], /argument missing/],
    [['--memory', '--data', 'x'], /cannot be used together/],
    [['--user', ''], /--user must not be empty/],
  ];
  it.each(bad)('%j is a usage error', (argv, message) => {
    expect(() => parseServeArgs(argv)).toThrow(message);
  });
});

describe('main', () => {
  const rows: [string[], number, RegExp, 'stdout' | 'stderr'][] = [
    [[], 2, /Usage: taosts <command>/, 'stderr'],
    [['--help'], 0, /Usage: taosts <command>/, 'stdout'],
    [['frobnicate'], 2, /unknown command 'frobnicate'/, 'stderr'],
    [['serve', '--help'], 0, /Usage: taosts serve/, 'stdout'],
    [['serve', '--nope'], 2, /taosts serve: Unknown option '--nope'/, 'stderr'],
  ];
  it.each(rows)('%j → exit %i', async (argv, code, text, stream) => {
    const o = io();
    expect(await main(argv, o)).toBe(code);
    expect(o[stream]).toMatch(text);
  });

  it('serve starts, reports its URL, and stops on the signal with exit 0', async () => {
    const o = io();
    expect(await main(['serve', '--port', '0', '--memory'], o)).toBe(0);
    expect(o.stdout).toMatch(/^taosts serve: listening on http:\/\/127\.0\.0\.1:\d+ \(memory\)\n/);
    expect(o.stdout).toContain('SIGTERM received, shutting down');
  });
});
