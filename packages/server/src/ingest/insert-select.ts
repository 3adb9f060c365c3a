/**
 * INSERT INTO t [(cols)] SELECT … (sql.md §3.1): the query runs on DuckDB, its rows come back as
 * literals and go through the ordinary INSERT planning, so validation and merge rules are the
 * same as for VALUES. A super-table target needs `tbname` in the column list.
 */
import { TypeCode } from '@taosts/protocol';
import type { Precision } from '@taosts/protocol';
import type { Expr, Insert, InsertSelect, Translation } from '@taosts/sql';
import { convertTicks } from '@taosts/sql';
import type { Value } from '../engine/types.js';

function literal(v: Value, type: TypeCode, from: Precision, to: Precision): Expr {
  if (v === null) return { kind: 'Null' };
  if (typeof v === 'boolean') return { kind: 'Bool', value: v };
  if (typeof v === 'bigint') {
    const t = type === TypeCode.TIMESTAMP ? convertTicks(v, from, to) : v;
    return { kind: 'Number', text: t.toString(), isInt: true };
  }
  if (typeof v === 'number') {
    if (type === TypeCode.TIMESTAMP)
      return { kind: 'Number', text: convertTicks(BigInt(Math.trunc(v)), from, to).toString(), isInt: true };
    return {
      kind: 'Number',
      text: Number.isInteger(v) ? String(v) : v.toPrecision(17),
      isInt: Number.isInteger(v),
    };
  }
  if (typeof v === 'string') return { kind: 'String', value: v };
  return { kind: 'String', value: `\\x${Buffer.from(v).toString('hex')}` };
}

/** An INSERT … VALUES equivalent of the query result. */
export function asValuesInsert(
  s: InsertSelect,
  translation: Translation,
  rows: readonly (readonly Value[])[],
  targetPrecision: Precision,
): Insert {
  const types = translation.columns.map((c) => c.type);
  return {
    kind: 'Insert',
    clauses: [
      {
        table: s.table,
        ...(s.columns ? { columns: s.columns } : {}),
        rows: rows.map((r) => r.map((v, i) => literal(v, types[i]!, translation.precision, targetPrecision))),
      },
    ],
  };
}
