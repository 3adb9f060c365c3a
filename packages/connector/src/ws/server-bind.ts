import { BindType } from '@taosts/protocol';
import type { Stmt2Field } from '@taosts/protocol';
import type { BindValue, Params } from '../bind.js';
import { ProgrammingError } from '../errors.js';
import { scanSql } from '../sql-scan.js';
import type { StmtValue, TableBind } from './stmt-values.js';

/** An INSERT/SELECT with its parameters in `?` order, ready for stmt2. */
export interface ServerBind {
  /** The SQL with `:name` placeholders turned into `?`. */
  readonly sql: string;
  readonly values: readonly StmtValue[];
  /** The values as one table's bind, following the prepared INSERT fields in order. */
  toTable(fields: readonly Stmt2Field[]): TableBind;
}

const SERVER_BOUND = new Set(['insert', 'select']);

/**
 * Whether `execute(sql, params)` can bind on the server: an INSERT or SELECT whose parameters
 * are plain values (an array for `IN (?)` needs client-side expansion). `:name` placeholders
 * become `?` with their values in text order.
 */
export function serverBindable(sql: string, params: Params): ServerBind | undefined {
  if (params === null || typeof params !== 'object') return undefined;
  const scan = scanSql(sql);
  const first = scan.words[0]?.text;
  if (first === undefined || !SERVER_BOUND.has(first)) return undefined;
  const named = !Array.isArray(params);
  const holes = scan.holes.filter((h) => (h.name !== undefined) === named);
  if (holes.length === 0 || holes.length !== scan.holes.length) return undefined;
  let values: BindValue[];
  let text = sql;
  if (named) {
    const obj = params as Record<string, BindValue>;
    values = holes.map((h) => {
      if (!Object.prototype.hasOwnProperty.call(obj, h.name as string))
        throw new ProgrammingError(`missing named parameter :${h.name}`);
      return obj[h.name as string];
    });
    for (let i = holes.length - 1; i >= 0; i--) {
      const h = holes[i]!;
      text = text.slice(0, h.start) + '?' + text.slice(h.end);
    }
  } else {
    values = [...(params as readonly BindValue[])];
    if (values.length !== holes.length) return undefined; // client-side binding reports the count
  }
  if (values.some((v) => Array.isArray(v))) return undefined;
  const vals = values as StmtValue[];
  return {
    sql: text,
    values: vals,
    toTable(fields) {
      if (fields.length !== vals.length)
        throw new ProgrammingError(
          `the statement has ${fields.length} placeholders, ${vals.length} values were given`,
        );
      let table: string | undefined;
      const tags: StmtValue[] = [];
      const row: StmtValue[] = [];
      fields.forEach((f, i) => {
        const v = vals[i];
        if (f.bind_type === BindType.TBNAME) table = String(v);
        else if (f.bind_type === BindType.TAG) tags.push(v);
        else row.push(v);
      });
      return { ...(table !== undefined ? { table } : {}), ...(tags.length ? { tags } : {}), rows: [row] };
    },
  };
}
