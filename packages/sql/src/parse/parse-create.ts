/** CREATE DATABASE / STABLE / TABLE / USER, and the CREATE forms we accept as no-ops or reject. */
import type { ChildTableDef, CreateChildTables, Statement, TableName } from '../ast/index.js';
import type { Parser } from './parser.js';
import { parseColumnDefs } from './parse-column-def.js';
import { parseExprList } from './parse-expr.js';
import { parseNameList } from './parse-insert.js';
import { DB_OPTIONS, parseOptions, TABLE_OPTIONS, USER_OPTIONS } from './parse-options.js';
import { notSupported } from './sql-parse-error.js';
import { TK } from './token-kind.js';

/** CREATE objects taosts does not implement (streams, topics, views, TSMA, UDFs, cluster nodes…). */
const UNSUPPORTED: ReadonlySet<string> = new Set([
  'account',
  'aggregate',
  'anode',
  'bnode',
  'dnode',
  'function',
  'mnode',
  'or',
  'qnode',
  'recursive',
  'rsma',
  'snode',
  'stream',
  'topic',
  'tsma',
  'view',
  'vtable',
]);

/** The cursor is on CREATE. */
export function parseCreate(p: Parser): Statement {
  p.next();
  const what = p.word();
  switch (what) {
    case 'database': {
      p.next();
      const ifNotExists = p.acceptWords('if', 'not', 'exists');
      const name = p.identifier('database name is expected');
      return { kind: 'CreateDatabase', name, ifNotExists, options: parseOptions(p, DB_OPTIONS) };
    }
    case 'stable': {
      p.next();
      const ifNotExists = p.acceptWords('if', 'not', 'exists');
      const table = p.tableName();
      const columns = parseColumnDefs(p);
      p.expectWord('tags');
      const tags = parseColumnDefs(p);
      return {
        kind: 'CreateSTable',
        table,
        ifNotExists,
        columns,
        tags,
        options: parseOptions(p, TABLE_OPTIONS),
      };
    }
    case 'table':
      p.next();
      return parseCreateTable(p);
    case 'user': {
      p.next();
      const name = p.identifier('user name is expected');
      p.expectWord('pass');
      const password = p.string();
      return { kind: 'CreateUser', name, password, options: parseOptions(p, USER_OPTIONS) };
    }
    case 'index':
    case 'sma':
      // Tag and SMA indexes only change performance (sql.md §6.1).
      p.skipStatement();
      return { kind: 'NoOp', what: `create ${what}` };
    default:
      if (what !== undefined && UNSUPPORTED.has(what)) throw notSupported(`CREATE ${what.toUpperCase()}`);
      return p.fail();
  }
}

function parseCreateTable(p: Parser): Statement {
  const ifNotExists = p.acceptWords('if', 'not', 'exists');
  const table = p.tableName();
  if (p.isWord('using')) return parseChildTables(p, table, ifNotExists);
  const columns = parseColumnDefs(p);
  if (p.acceptWord('tags')) {
    const tags = parseColumnDefs(p);
    return {
      kind: 'CreateSTable',
      table,
      ifNotExists,
      columns,
      tags,
      options: parseOptions(p, TABLE_OPTIONS),
    };
  }
  return { kind: 'CreateTable', table, ifNotExists, columns, options: parseOptions(p, TABLE_OPTIONS) };
}

/** `t USING st [(tags)] TAGS (…) [options] [[IF NOT EXISTS] t2 USING …]…`. */
function parseChildTables(p: Parser, first: TableName, firstIfNotExists: boolean): CreateChildTables {
  const tables: ChildTableDef[] = [parseChildTable(p, first, firstIfNotExists)];
  while (!p.atEnd()) {
    const ifNotExists = p.acceptWords('if', 'not', 'exists');
    tables.push(parseChildTable(p, p.tableName(), ifNotExists));
  }
  return { kind: 'CreateChildTables', tables };
}

function parseChildTable(p: Parser, table: TableName, ifNotExists: boolean): ChildTableDef {
  p.expectWord('using');
  const stable = p.tableName();
  const tagNames = p.kind() === TK.LP ? parseNameList(p, 'tag name is expected') : undefined;
  p.expectWord('tags');
  p.expect(TK.LP);
  const tags = parseExprList(p);
  p.expect(TK.RP);
  const options = parseOptions(p, TABLE_OPTIONS);
  return { table, ifNotExists, stable, ...(tagNames !== undefined && { tagNames }), tags, options };
}
