/** DROP DATABASE / TABLE / STABLE / USER / INDEX (sql.md §6.1). */
import type { Statement, TableName } from '../ast/index.js';
import type { Parser } from './parser.js';
import { notSupported } from './sql-parse-error.js';
import { TK } from './token-kind.js';

const UNSUPPORTED: ReadonlySet<string> = new Set([
  'anode',
  'bnode',
  'consumer',
  'dnode',
  'function',
  'mnode',
  'qnode',
  'rsma',
  'snode',
  'stream',
  'topic',
  'tsma',
  'view',
  'vtable',
]);

/** The cursor is on DROP. */
export function parseDrop(p: Parser): Statement {
  p.next();
  const what = p.word();
  switch (what) {
    case 'database': {
      p.next();
      const ifExists = p.acceptWords('if', 'exists');
      return { kind: 'DropDatabase', name: p.identifier('database name is expected'), ifExists };
    }
    case 'table': {
      p.next();
      const tables: { table: TableName; ifExists: boolean }[] = [];
      do {
        const ifExists = p.acceptWords('if', 'exists');
        tables.push({ table: p.tableName(), ifExists });
      } while (p.accept(TK.COMMA));
      return { kind: 'DropTable', stable: false, tables };
    }
    case 'stable': {
      // One super table per statement (0x8000263A in TDengine for a list).
      p.next();
      const ifExists = p.acceptWords('if', 'exists');
      return { kind: 'DropTable', stable: true, tables: [{ table: p.tableName(), ifExists }] };
    }
    case 'user':
      p.next();
      return { kind: 'DropUser', name: p.identifier('user name is expected') };
    case 'index':
      p.skipStatement();
      return { kind: 'NoOp', what: 'drop index' };
    default:
      if (what !== undefined && UNSUPPORTED.has(what)) throw notSupported(`DROP ${what.toUpperCase()}`);
      return p.fail();
  }
}
