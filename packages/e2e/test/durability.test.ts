/**
 * Every write the server acknowledged survives `kill -9` and a restart (issue: durable by
 * default in --data DIR). Runs the real CLI binary as a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../cli/bin/taosts.js', import.meta.url));
const AUTH = 'Basic ' + Buffer.from('root:taosdata').toString('base64');

async function serve(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /http:\/\/[\d.]+:\d+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { child, url };
}

async function sql(url: string, text: string): Promise<{ code: number; data?: unknown[][]; desc?: string }> {
  const res = await fetch(`${url}/rest/sql`, {
    method: 'POST',
    body: text,
    headers: { Authorization: AUTH },
  });
  return (await res.json()) as { code: number; data?: unknown[][] };
}

describe('durability', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taosts-durable-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps acknowledged writes across SIGKILL', async () => {
    const first = await serve(dir);
    expect((await sql(first.url, "create database dur precision 'us'")).code).toBe(0);
    expect(
      (await sql(first.url, 'create stable dur.meters (ts timestamp, v int, s nchar(4)) tags (g int)')).code,
    ).toBe(0);
    let acknowledged = 0;
    for (let batch = 0; batch < 20; batch++) {
      const rows = Array.from(
        { length: 50 },
        (_, i) => `(${1_600_000_000_000_000 + batch * 1000 + i}, ${i}, 'é')`,
      );
      const r = await sql(
        first.url,
        `insert into dur.d${batch % 3} using dur.meters tags (${batch % 3}) values ${rows.join(' ')}`,
      );
      expect(r.code).toBe(0);
      acknowledged += 50;
    }
    // an update of existing rows, then a delete: both must survive too
    expect((await sql(first.url, 'insert into dur.d0 (ts, v) values (1600000000000000, 999)')).code).toBe(0);
    expect((await sql(first.url, 'delete from dur.d1 where ts < 1600000000001010')).code).toBe(0);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    const second = await serve(dir);
    try {
      const count = await sql(second.url, 'select count(*) from dur.meters');
      // d1 got batches 1, 4, 7, …; the delete removed batch 1's first 10 rows.
      expect(count.data).toEqual([[acknowledged - 10]]);
      const merged = await sql(second.url, 'select v, s from dur.d0 where ts = 1600000000000000');
      expect(merged.data).toEqual([[999, 'é']]);
      const tags = await sql(second.url, 'select distinct tbname, g from dur.meters order by tbname');
      expect(tags.data).toEqual([
        ['d0', 0],
        ['d1', 1],
        ['d2', 2],
      ]);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    }
  }, 60_000);
});
