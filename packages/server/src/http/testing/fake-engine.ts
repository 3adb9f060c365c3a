/** A tiny in-memory Engine for unit tests of the HTTP layer (not a TDengine emulation; not exported). */
import { TaosError, TypeCode } from '@taosts/protocol';
import type { Batch, Engine, ExecResult, QueryResult, Session, Value } from '../../engine/types.js';
import type { ResultColumn } from '@taosts/sql';

export interface FakeTable {
  readonly columns: readonly ResultColumn[];
  readonly batches: readonly (readonly (readonly Value[])[])[];
  readonly precision?: 'ms' | 'us' | 'ns';
  /** Throw from `next()` when asked for this batch index. */
  readonly failAt?: number;
}

export class FakeEngine implements Engine {
  readonly version = '3.3.6.0';
  readonly sessions: Session[] = [];
  readonly statements: string[] = [];
  closedResults = 0;
  closed = false;
  readonly #tables: Record<string, FakeTable>;

  constructor(tables: Record<string, FakeTable> = {}) {
    this.#tables = tables;
  }

  authenticate(user: string, password: string): boolean {
    return user === 'root' && password === 'taosdata';
  }

  async execute(sql: string, session: Session): Promise<ExecResult> {
    this.statements.push(sql);
    this.sessions.push(session);
    await Promise.resolve();
    const use = /^use `(.*)`$/i.exec(sql);
    if (use) {
      if (use[1] !== 'db1') throw new TaosError(0x0388, 'Database not exist');
      session.db = use[1];
      return { kind: 'affected', affectedRows: 0 };
    }
    if (/^insert/i.test(sql)) return { kind: 'affected', affectedRows: 3 };
    const table = this.#tables[sql];
    if (!table) throw new TaosError(0x2600, `syntax error near "${sql}"`);
    return this.#result(table);
  }

  #result(table: FakeTable): QueryResult {
    let i = 0;
    let closed = false;
    const close = () => {
      if (!closed) this.closedResults++;
      closed = true;
    };
    return {
      kind: 'query',
      columns: table.columns,
      precision: table.precision ?? 'ms',
      next: async (): Promise<Batch | undefined> => {
        await Promise.resolve();
        if (table.failAt === i) throw new TaosError(0x0118, 'fetch failed');
        const cols = table.batches[i++];
        if (!cols) {
          close();
          return undefined;
        }
        return { rowCount: cols[0]?.length ?? 0, columns: cols };
      },
      close,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

export const col = (
  name: string,
  type: TypeCode,
  length: number,
  extra: Partial<ResultColumn> = {},
): ResultColumn => ({
  name,
  type,
  length,
  ...extra,
});
