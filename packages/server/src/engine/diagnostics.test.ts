import { describe, expect, it } from 'vitest';
import { createEngine } from './index.js';

describe('engine diagnostics', () => {
  it('translate() gives the DuckDB SQL of a SELECT, which runDuckDB() runs', async () => {
    await using engine = await createEngine();
    const s = { user: 'root', timezone: 'UTC' };
    await engine.execute('create database d', s);
    await engine.execute('create table d.t (ts timestamp, v int)', s);
    const sql = await engine.translate('select count(*) from d.t where v > 1', s);
    expect(sql).toMatch(/^SELECT /);
    expect(sql).not.toContain('d.t'); // physical names, not user names
    await expect(engine.runDuckDB(sql)).resolves.toBeUndefined();
    await expect(engine.translate('insert into d.t values (now, 1)', s)).rejects.toThrow(/only SELECT/);
    await expect(engine.translate('select * from d.missing', s)).rejects.toMatchObject({ code: 0x2603 });
  });
});
