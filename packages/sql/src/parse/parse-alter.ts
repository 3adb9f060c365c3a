/** ALTER DATABASE / TABLE / STABLE / USER (sql.md §1.1, §6.1, §7.2). */
import type { AlterAction, Expr, Statement } from '../ast/index.js';
import type { Parser } from './parser.js';
import { parseColumnDef } from './parse-column-def.js';
import { parseDataType } from './parse-data-type.js';
import { parseExpr } from './parse-expr.js';
import { DB_OPTIONS, parseOptions, TABLE_OPTIONS, USER_OPTIONS } from './parse-options.js';
import { notSupported } from './sql-parse-error.js';
import { TK } from './token-kind.js';

/** The cursor is on ALTER. */
export function parseAlter(p: Parser): Statement {
  p.next();
  const what = p.word();
  switch (what) {
    case 'database': {
      p.next();
      const name = p.identifier('database name is expected');
      const options = parseOptions(p, DB_OPTIONS);
      if (options.size === 0) p.fail();
      return { kind: 'AlterDatabase', name, options };
    }
    case 'table':
    case 'stable': {
      p.next();
      const table = p.tableName();
      return { kind: 'AlterTable', stable: what === 'stable', table, action: parseAlterAction(p) };
    }
    case 'user':
      return parseAlterUser(p);
    case 'dnode':
    case 'all':
    case 'local':
    case 'cluster':
      // Configuration of cluster nodes and the client: nothing to change on an embedded node.
      p.skipStatement();
      return { kind: 'NoOp', what: `alter ${what}` };
    default:
      if (what === 'stream' || what === 'view' || what === 'topic')
        throw notSupported(`ALTER ${what.toUpperCase()}`);
      return p.fail();
  }
}

function parseAlterAction(p: Parser): AlterAction {
  if (p.acceptWords('add', 'column')) return { kind: 'AddColumn', column: parseColumnDef(p) };
  if (p.acceptWords('drop', 'column'))
    return { kind: 'DropColumn', name: p.identifier('column name is expected') };
  if (p.acceptWords('modify', 'column')) return { kind: 'ModifyColumn', column: parseModified(p) };
  if (p.acceptWords('rename', 'column')) return { kind: 'RenameColumn', ...parseRename(p) };
  if (p.acceptWords('add', 'tag')) return { kind: 'AddTag', column: parseColumnDef(p) };
  if (p.acceptWords('drop', 'tag')) return { kind: 'DropTag', name: p.identifier('tag name is expected') };
  if (p.acceptWords('modify', 'tag')) return { kind: 'ModifyTag', column: parseModified(p) };
  if (p.acceptWords('rename', 'tag')) return { kind: 'RenameTag', ...parseRename(p) };
  if (p.acceptWords('set', 'tag')) return { kind: 'SetTag', values: parseTagAssignments(p) };
  const options = parseOptions(p, TABLE_OPTIONS);
  if (options.size === 0) p.fail();
  return { kind: 'SetOptions', options };
}

/** `MODIFY COLUMN c type`; `MODIFY COLUMN c ENCODE|COMPRESS|LEVEL '…'` changes compression only. */
function parseModified(p: Parser) {
  const name = p.identifier('column name is expected');
  if (p.isWord('encode') || p.isWord('compress') || p.isWord('level')) {
    throw notSupported('ALTER … MODIFY COLUMN … ENCODE/COMPRESS/LEVEL');
  }
  return { name, type: parseDataType(p) };
}

function parseRename(p: Parser): { from: string; to: string } {
  const from = p.identifier('column name is expected');
  p.acceptWord('to');
  return { from, to: p.identifier('column name is expected') };
}

/** `t1 = v1[, t2 = v2 …]`. */
function parseTagAssignments(p: Parser): { name: string; value: Expr }[] {
  const values: { name: string; value: Expr }[] = [];
  do {
    const name = p.identifier('tag name is expected');
    p.expect(TK.EQ);
    values.push({ name, value: parseExpr(p) });
  } while (p.accept(TK.COMMA));
  return values;
}

function parseAlterUser(p: Parser): Statement {
  p.next();
  const name = p.identifier('user name is expected');
  if (p.isWord('add') || p.isWord('drop')) throw notSupported('ALTER USER … ADD/DROP HOST');
  const options = parseOptions(p, USER_OPTIONS);
  if (options.size === 0) p.fail();
  return { kind: 'AlterUser', name, options };
}
