/** SHOW commands (sql.md §6.1–6.2, sql.y `cmd ::= SHOW …`). */
import type { Show, ShowWhat } from '../ast/index.js';
import type { Parser } from './parser.js';
import { notSupported } from './sql-parse-error.js';
import { TK } from './token-kind.js';

/** One-word SHOW commands that map directly onto a `ShowWhat`. */
const SIMPLE: Readonly<Record<string, ShowWhat>> = {
  users: 'users',
  dnodes: 'dnodes',
  mnodes: 'mnodes',
  variables: 'variables',
  functions: 'functions',
  topics: 'topics',
  streams: 'streams',
  consumers: 'consumers',
  subscriptions: 'subscriptions',
  connections: 'connections',
  queries: 'queries',
  grants: 'grants',
};

/** Valid TDengine SHOW commands we do not answer. */
const UNSUPPORTED: ReadonlySet<string> = new Set([
  'accounts',
  'alive',
  'anodes',
  'apps',
  'arbgroups',
  'bnodes',
  'compact',
  'compacts',
  'dnode',
  'licences',
  'qnodes',
  'scores',
  'snodes',
  'transactions',
  'tsmas',
  'vnodes',
]);

/** The cursor is on SHOW. */
export function parseShow(p: Parser): Show {
  p.next();
  if (p.acceptWord('create')) return parseShowCreate(p);
  if (p.acceptWords('user', 'databases')) return { kind: 'Show', what: 'databases', filter: 'user' };
  if (p.acceptWords('system', 'databases')) return { kind: 'Show', what: 'databases', filter: 'system' };
  if (p.acceptWords('user', 'privileges')) throw notSupported('SHOW USER PRIVILEGES');
  if (p.acceptWords('tags', 'from')) return parseShowTags(p, 'tags');
  if (p.acceptWords('table', 'tags')) {
    if (!p.acceptWord('from')) throw notSupported('SHOW TABLE TAGS with a tag list');
    return parseShowTags(p, 'table tags');
  }
  if (p.acceptWords('table', 'distributed')) throw notSupported('SHOW TABLE DISTRIBUTED');
  if (p.acceptWords('indexes', 'from')) return parseShowTags(p, 'indexes');
  if (p.acceptWord('cluster')) {
    if (p.acceptWord('variables')) return withLike(p, { kind: 'Show', what: 'variables' });
    if (p.isWord('alive') || p.isWord('machines'))
      throw notSupported(`SHOW CLUSTER ${p.text().toUpperCase()}`);
    return { kind: 'Show', what: 'cluster' };
  }
  if (p.acceptWords('local', 'variables')) return withLike(p, { kind: 'Show', what: 'variables' });
  const filter = p.acceptWord('normal') ? 'normal' : p.acceptWord('child') ? 'child' : undefined;
  let db: string | undefined;
  if (p.kind(1) === TK.DOT) {
    db = p.identifier('database name is expected');
    p.next();
  }
  const word = p.word();
  if (
    word === 'tables' ||
    (filter === undefined && (word === 'stables' || word === 'vgroups' || word === 'views'))
  ) {
    p.next();
    const like = word !== 'vgroups' && p.acceptWord('like') ? p.string() : undefined;
    return {
      kind: 'Show',
      what: word,
      ...(db !== undefined && { db }),
      ...(like !== undefined && { like }),
      ...(filter !== undefined && { filter }),
    };
  }
  if (filter === undefined && db === undefined && word !== undefined) {
    if (word === 'databases') {
      p.next();
      return { kind: 'Show', what: 'databases' };
    }
    const simple = SIMPLE[word];
    if (simple !== undefined) {
      p.next();
      if (simple === 'grants' && (p.isWord('full') || p.isWord('logs')))
        throw notSupported(`SHOW GRANTS ${p.text().toUpperCase()}`);
      return simple === 'variables'
        ? withLike(p, { kind: 'Show', what: simple })
        : { kind: 'Show', what: simple };
    }
  }
  if (word !== undefined && UNSUPPORTED.has(word)) throw notSupported(`SHOW ${word.toUpperCase()}`);
  return p.fail();
}

/** `SHOW [CLUSTER|LOCAL] VARIABLES [LIKE 'pattern']`. */
function withLike(p: Parser, show: Show): Show {
  return p.acceptWord('like') ? { ...show, like: p.string() } : show;
}

function parseShowCreate(p: Parser): Show {
  if (p.acceptWord('database')) {
    return { kind: 'Show', what: 'create database', db: p.identifier('database name is expected') };
  }
  if (p.acceptWord('stable')) return { kind: 'Show', what: 'create stable', table: p.tableName() };
  if (p.acceptWord('table')) return { kind: 'Show', what: 'create table', table: p.tableName() };
  if (p.isWord('view') || p.isWord('stream') || p.isWord('topic')) {
    throw notSupported(`SHOW CREATE ${p.text().toUpperCase()}`);
  }
  return p.fail();
}

/** `… FROM t [FROM db]` or `… FROM db.t`; the cursor is after the first FROM. */
function parseShowTags(p: Parser, what: 'tags' | 'table tags' | 'indexes'): Show {
  const table = p.tableName();
  const db = p.acceptWord('from') ? p.identifier('database name is expected') : undefined;
  return { kind: 'Show', what, table, ...(db !== undefined && { db }) };
}
