/** `taosts shell` as a user runs it: a real child process against the embedded server. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '@taosts/server';

const BIN = fileURLToPath(new URL('../../cli/bin/taosts.js', import.meta.url));

function shell(args: string[], stdin?: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'shell', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(stdin ?? '');
  });
}

describe('taosts shell', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({ port: 0, memory: true });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('runs -s statements, switches databases with USE and prints tables', async () => {
    const r = await shell([
      '--url',
      server.url,
      '-s',
      "create database sh; use sh; create table t (ts timestamp, v int, s nchar(4)); insert into t values ('2024-01-01 00:00:00', 1, '中文'); select v, s from t",
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Database changed\./);
    expect(r.out).toMatch(/Query OK, 1 row\(s\) affected/);
    expect(r.out).toContain(' v | s    |');
    expect(r.out).toContain(' 1 | 中文 |');
    expect(r.out).toMatch(/Query OK, 1 row\(s\) in set/);
  });

  it('reads statements from stdin across lines, reports errors with their code, exits 1', async () => {
    const r = await shell(
      ['--url', server.url, '-d', 'sh'],
      'select\n count(*)\n from t;\nselect * from missing;\n',
    );
    expect(r.out).toMatch(/count\(\*\)/);
    expect(r.out).toMatch(/DB error: Table does not exist.*\[0x80002603\]/);
    expect(r.code).toBe(1);
  });

  it('rejects unknown options with a usage error', async () => {
    const r = await shell(['--bogus']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Unknown option/);
  });
});
