/**
 * Queries: a SELECT, or UNION [ALL] of queries (sql.md §4.12). Later blocks are converted to the
 * first block's column types; UNION ALL keeps block order, UNION (distinct) is ordered by all
 * columns.
 */
import { Code } from '@taosts/protocol';
import type { Query, SetOp } from '../ast/index.js';
import { fail } from './errors.js';
import { quoteIdent } from './literal.js';
import { orderTerm } from './render.js';
import { buildSelect, type Built } from './select.js';
import { castTo } from './sql-type.js';
import type { TranslateContext } from './types.js';

export function translateQueryInner(query: Query, ctx: TranslateContext, ordinal: boolean): Built {
  return query.kind === 'Select' ? buildSelect(query, ctx, ordinal) : buildSetOp(query, ctx, ordinal);
}

function flatten(q: Query, op: SetOp['op'], out: Query[]): void {
  if (q.kind === 'SetOp' && q.op === op && !q.orderBy && !q.limit) {
    flatten(q.left, op, out);
    flatten(q.right, op, out);
  } else out.push(q);
}

function buildSetOp(q: SetOp, ctx: TranslateContext, ordinal: boolean): Built {
  const blocks: Query[] = [];
  flatten(q.left, q.op, blocks);
  flatten(q.right, q.op, blocks);
  const all = q.op === 'union all';
  const built = blocks.map((b) => translateQueryInner(b, ctx, all));
  const first = built[0];
  const n = first.columns.length;
  const names = first.columns.map((_c, k) => quoteIdent(`c${k}`));
  const parts = built.map((b, i) => {
    if (b.columns.length !== n) fail(Code.INCORRECT_NUM_OF_COL);
    const cols = first.columns.map(
      (c, k) =>
        `${castTo(`u.${names[k]}`, { code: c.type, length: c.length, precision: c.precision, scale: c.scale })} AS ${names[k]}`,
    );
    const extra = all ? [`${i} AS __b`, 'u.__ord AS __o'] : [];
    return `SELECT ${[...cols, ...extra].join(', ')} FROM (${b.sql}) AS u`;
  });
  const body = parts.join(all ? ' UNION ALL ' : ' UNION ');
  let order: string[];
  if (q.orderBy?.length) {
    order = q.orderBy.map((o) => {
      let k = -1;
      if (o.expr.kind === 'Number' && o.expr.isInt) k = Number(o.expr.text) - 1;
      else if (o.expr.kind === 'Column')
        k = first.columns.findIndex((c) => c.name === (o.expr as { name: string }).name);
      if (k < 0 || k >= n) fail(Code.INVALID_COLUMN, 'ORDER BY of UNION must name a result column');
      return orderTerm(names[k], o);
    });
  } else order = all ? ['__b ASC', '__o ASC'] : names.map((c) => orderTerm(c));
  const over = `ORDER BY ${order.join(', ')}`;
  const select = [...names, ...(ordinal ? [`row_number() OVER (${over}) AS __ord`] : [])];
  const limit = q.limit ? ` LIMIT ${q.limit.count} OFFSET ${q.limit.offset ?? 0n}` : '';
  const sql = `SELECT ${select.join(', ')} FROM (${body}) AS un ${over}${limit}`;
  return {
    sql,
    columns: first.columns,
    precision: first.precision,
    systemTables: [...new Set(built.flatMap((b) => b.systemTables))],
  };
}
