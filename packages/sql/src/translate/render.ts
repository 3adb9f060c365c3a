/** Assembling the final DuckDB SELECT: ordering, LIMIT/OFFSET, per-partition LIMIT and SLIMIT. */
import type { Limit, OrderItem } from '../ast/index.js';

export interface Core {
  readonly ctes?: readonly string[];
  readonly distinct?: boolean;
  /** `expr AS "cK"` … */
  readonly select: readonly string[];
  readonly from?: string;
  readonly where?: readonly string[];
  readonly groupBy?: readonly string[];
  readonly having?: readonly string[];
  /** Complete ORDER BY terms (`x ASC NULLS LAST`). */
  readonly order: readonly string[];
  /** PARTITION BY keys: LIMIT/OFFSET apply per partition (sql.md §4.7). */
  readonly partition?: readonly string[];
  readonly limit?: Limit;
  readonly slimit?: Limit;
  /** Keys SLIMIT counts distinct values of. */
  readonly slimitKeys?: readonly string[];
}

/** TDengine's default null order: NULLS LAST for ASC, NULLS FIRST for DESC. */
export function orderTerm(sql: string, o?: Pick<OrderItem, 'desc' | 'nulls'>): string {
  const desc = o?.desc ?? false;
  const nulls = o?.nulls ?? (desc ? 'first' : 'last');
  return `${sql} ${desc ? 'DESC' : 'ASC'} NULLS ${nulls.toUpperCase()}`;
}

const between = (l: Limit): string => `BETWEEN ${(l.offset ?? 0n) + 1n} AND ${(l.offset ?? 0n) + l.count}`;

/**
 * Render a core. `ordinal` adds `__ord`, the row's position in this result, so an outer query
 * can keep a subquery's order.
 */
export function render(core: Core, ordinal: boolean): string {
  const orderBy = core.order.length ? core.order.join(', ') : '';
  const over = orderBy ? `ORDER BY ${orderBy}` : '';
  const select = [...core.select];
  const wrapDistinct = ordinal && core.distinct;
  if (ordinal && !core.distinct) select.push(`row_number() OVER (${over}) AS __ord`);
  const qualify: string[] = [];
  const partitioned = core.partition && core.partition.length > 0;
  if (core.limit && partitioned) {
    qualify.push(
      `row_number() OVER (PARTITION BY ${core.partition!.join(', ')} ${over}) ${between(core.limit)}`,
    );
  }
  if (core.slimit && core.slimitKeys && core.slimitKeys.length > 0) {
    qualify.push(
      `dense_rank() OVER (ORDER BY ${core.slimitKeys.map((k) => orderTerm(k)).join(', ')}) ${between(core.slimit)}`,
    );
  }
  const parts = [
    core.ctes && core.ctes.length ? `WITH ${core.ctes.join(', ')}` : '',
    `SELECT ${core.distinct ? 'DISTINCT ' : ''}${select.join(', ')}`,
    core.from ? `FROM ${core.from}` : '',
    core.where && core.where.length ? `WHERE ${core.where.join(' AND ')}` : '',
    core.groupBy && core.groupBy.length ? `GROUP BY ${core.groupBy.join(', ')}` : '',
    core.having && core.having.length ? `HAVING ${core.having.join(' AND ')}` : '',
    qualify.length ? `QUALIFY ${qualify.join(' AND ')}` : '',
    orderBy ? `ORDER BY ${orderBy}` : '',
    core.limit && !partitioned ? `LIMIT ${core.limit.count} OFFSET ${core.limit.offset ?? 0n}` : '',
  ];
  const sql = parts.filter((p) => p !== '').join(' ');
  if (!wrapDistinct) return sql;
  return `SELECT q.*, row_number() OVER (${over}) AS __ord FROM (${sql}) AS q ORDER BY __ord`;
}
