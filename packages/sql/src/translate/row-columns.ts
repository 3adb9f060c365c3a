/** Derived per-row columns for aggregate and window queries (env.ts `RowColumns`). */
import type { RowColumns } from './env.js';
import type { Derive } from './scope.js';

export interface RowColumnSet extends RowColumns {
  /** `<sql> AS __xK` for each added column. */
  readonly columns: readonly string[];
}

export function rowColumnSet(alias: string, partition: readonly string[]): RowColumnSet {
  const columns: string[] = [];
  return {
    partition,
    columns,
    add(sql) {
      const found = columns.findIndex((c) => c.startsWith(`${sql} AS __x`));
      if (found >= 0) return `${alias}.__x${found}`;
      columns.push(`${sql} AS __x${columns.length}`);
      return `${alias}.__x${columns.length - 1}`;
    },
  };
}

/** `derive` with the set's columns computed over the base rows (before its own wrap). */
export function withRowColumns(derive: Derive | undefined, set: RowColumnSet): Derive | undefined {
  if (set.columns.length === 0) return derive;
  return {
    columns: [...(derive?.columns ?? []), ...set.columns],
    wrap: derive ? (base) => derive.wrap(base) : (base) => base,
  };
}
