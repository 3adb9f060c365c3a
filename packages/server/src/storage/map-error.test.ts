import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code, TaosError } from '@taosts/protocol';
import { DuckDBStorage } from './duckdb-storage.js';

let storage: DuckDBStorage;
beforeAll(async () => {
  storage = await DuckDBStorage.open();
});
afterAll(async () => {
  await storage.close();
});

async function failure(sql: string, via: 'query' | 'stream'): Promise<unknown> {
  try {
    if (via === 'query') await storage.withConnection((c) => c.query(sql));
    else {
      const cursor = await storage.stream(sql);
      while (await cursor.next());
    }
  } catch (e) {
    return e;
  }
  throw new Error(`${sql} did not fail`);
}

describe('DuckDB errors reach clients as TDengine errors', () => {
  /** (DuckDB SQL that fails, TDengine code, text the message must contain). */
  const cases: [string, number, string][] = [
    [
      'SELECT CAST(170141183460469231731687303715884105727::HUGEINT AS BIGINT)',
      Code.TSC_INVALID_OPERATION,
      'out of range',
    ],
    ['SELECT 9223372036854775807::BIGINT + 1', Code.TSC_INVALID_OPERATION, 'out of range'],
    [
      "SELECT error('TDengine error 0x2805: Duplicate timestamps not allowed in function')",
      Code.FUNC_DUP_TIMESTAMP,
      'Duplicate timestamps',
    ],
    ['SELECT nope FROM (SELECT 1 AS a)', Code.TSC_INVALID_OPERATION, 'internal error'],
  ];
  for (const via of ['query', 'stream'] as const)
    for (const [sql, code, text] of cases)
      it(`${via}: ${sql}`, async () => {
        const e = await failure(sql, via);
        expect(e).toBeInstanceOf(TaosError);
        expect((e as TaosError).code).toBe(code);
        expect((e as TaosError).message).toContain(text);
        // DuckDB's type names and error classes stay out of what the client reads.
        expect((e as TaosError).message).not.toMatch(/INT128|HUGEINT|Conversion Error|Out of Range Error/);
      });
});
