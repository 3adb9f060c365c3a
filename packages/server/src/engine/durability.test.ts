/**
 * Every acknowledged write survives `kill -9`: a child process inserts and reports each
 * acknowledged statement, we SIGKILL it mid-stream, reopen the data directory and count.
 * The child runs the compiled engine (Node 20 cannot run TypeScript), so this builds first.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from './engine.js';
import { query, run, session } from './test-helpers.js';

const root = resolve(import.meta.dirname, '../../../..');
const dist = pathToFileURL(join(root, 'packages/server/dist/engine/index.js')).href;
const T0 = 1700000000000n;

const CHILD = `
import { createEngine } from '${dist}';
const engine = await createEngine({ path: process.argv[2] });
const s = { user: 'root', timezone: 'UTC' };
const exec = (sql) => engine.execute(sql, s);
await exec('create database if not exists dur');
await exec('use dur');
await exec('create stable if not exists st (ts timestamp, v int) tags (g int)');
await exec('create table if not exists nt (ts timestamp, a int)');
await exec('alter table nt add column extra varchar(8)');
await exec("create user dur_user pass 'Dur4ble!pw'");
try { await exec('insert into nt values (${T0}, 99999999999, null)'); } catch {}
process.stdout.write('READY\\n');
for (let i = 0; ; i++) {
  // Alternate appends, out-of-order merges, auto-creates and (early on, so that they are
  // committed long before the kill, not replayed) writes into the past.
  const ts = ${T0}n + BigInt(i % 11 === 5 && i < 100 ? -i : i % 7 === 3 ? i - 2 : i);
  await exec(\`insert into d\${i % 5} using st tags (\${i % 5}) values (\${ts}, \${i}) nt values (\${${T0}n + BigInt(i)}, \${i}, 'x')\`);
  process.stdout.write('ACK ' + i + '\\n');
}
`;

const dir = mkdtempSync(join(tmpdir(), 'taosts-dur-'));
beforeAll(() => {
  // tsc emits even when a file elsewhere in the package has type errors (work in progress).
  spawnSync('npx', ['tsc', '-b', 'packages/server'], { cwd: root, stdio: 'pipe' });
  if (!existsSync(fileURLToPath(dist))) throw new Error('packages/server/dist was not built');
}, 180_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function runChildUntil(acks: number): Promise<number> {
  const script = join(dir, 'child.mjs');
  writeFileSync(script, CHILD);
  const child = spawn(process.execPath, [script, join(dir, 'data')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let last = -1;
  let buf = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolvePromise, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = /^ACK (\d+)$/.exec(line);
        if (m) last = Number(m[1]);
        if (last >= acks) child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolvePromise(last);
      else reject(new Error(`child exited ${code}: ${stderr}`));
    });
  });
}

describe('durability', () => {
  it('acknowledged writes survive SIGKILL; catalog, users and schema changes too', async () => {
    const acked = await runChildUntil(300);
    expect(acked).toBeGreaterThanOrEqual(300);
    const engine = await createEngine({ path: join(dir, 'data') });
    try {
      const s = session('dur');
      // Each statement wrote one nt row with a = i; every acknowledged i must be there.
      const [[count]] = (await query(engine, s, `select count(*) from nt where a <= ${acked}`)) as [[bigint]];
      expect(count).toBe(BigInt(acked + 1));
      const total = (await query(engine, s, 'select count(*) from nt'))[0]![0] as bigint;
      expect(total === BigInt(acked + 1) || total === BigInt(acked + 2)).toBe(true);
      // Super-table rows: out-of-order rows merged (ts reused) so count distinct keys.
      const expected = new Set<string>();
      for (let i = 0; i <= acked; i++)
        expected.add(`${i % 5}:${i % 11 === 5 && i < 100 ? -i : i % 7 === 3 ? i - 2 : i}`);
      const rows = await query(engine, s, `select tbname, ts from st where v <= ${acked}`);
      const got = new Set(rows.map((r) => `${String(r[0]).slice(1)}:${(r[1] as bigint) - T0}`));
      for (const k of expected) expect(got.has(k)).toBe(true);
      // Rows written into the past were recorded as such with them: each table reads in ts order.
      for (const t of ['d0', 'd1', 'd2', 'd3', 'd4', 'nt']) {
        const ts = (await query(engine, s, `select ts from ${t}`)).map((r) => r[0] as bigint);
        expect(ts).toEqual([...ts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      }
      expect(await query(engine, s, 'show tables')).toHaveLength(6);
      expect((await query(engine, s, 'describe nt')).map((r) => r[0])).toEqual(['ts', 'a', 'extra']);
      expect(engine.authenticate('dur_user', 'Dur4ble!pw')).toBe(true);
      // The reopened engine keeps working: appends after reload respect the reloaded max ts.
      expect(await run(engine, s, `insert into d0 values (${T0}, -1)`)).toBe(1);
      expect(await query(engine, s, `select v from d0 where ts = ${T0}`)).toEqual([[-1]]);
    } finally {
      await engine.close();
    }
  }, 120_000);

  it('in-memory engines keep nothing', async () => {
    const a = await createEngine();
    await run(a, session(), 'create database mem');
    await a.close();
    const b = await createEngine();
    expect(await query(b, session(), 'show databases')).toEqual([
      ['information_schema'],
      ['performance_schema'],
    ]);
    await b.close();
  });
});
