/**
 * One stmt1 statement (protocol.md §5): on top of what every prepared statement holds (the plan
 * shared with stmt2, query params, the result until `use_result`), the current table
 * (`set_table_name`, `set_tags`) and the rows bound per table until `exec`.
 */
import { BindType, Code, TaosError } from '@taosts/protocol';
import type { Stmt2Field } from '@taosts/protocol';
import type { Value } from '../../engine/types.js';
import type { TableRows } from '../../ingest/insert-rows.js';
import { PreparedStatement } from '../prepared-statement.js';
import { tableRows } from '../stmt2/bind-rows.js';
import type { InsertPlan } from '../stmt2/stmt2-plan.js';

interface BoundTable {
  tags: Value[] | null;
  readonly cols: Value[][];
  rows: number;
}

export class Stmt1Statement extends PreparedStatement {
  readonly kind = 'stmt1' as const;
  /** Rows bound per table name ('' for a fixed table), in first-bound order. */
  readonly #tables = new Map<string, BoundTable>();
  /** `insert into ? values (…)`: the plan of each table named so far. */
  readonly #plans = new Map<string, InsertPlan>();
  #current = '';

  insertPlan(): InsertPlan {
    const p = this.plan;
    if (!p) throw new TaosError(Code.INVALID_PARA, 'stmt is not prepared');
    if (p.kind !== 'insert') throw new TaosError(Code.INVALID_PARA, 'stmt is not an insert');
    return p;
  }

  /** The plan binds go by: the statement's, or for `insert into ? values` the current table's. */
  #planOf(table: string): InsertPlan {
    const p = this.insertPlan();
    if (!p.forTable) return p;
    const plan = this.#plans.get(table);
    if (!plan) throw new TaosError(Code.TSC_STMT_TBNAME_ERROR);
    return plan;
  }

  fields(bindType: BindType): Stmt2Field[] {
    const p = this.plan;
    if (!p) throw new TaosError(Code.INVALID_PARA, 'stmt is not prepared');
    if (p.kind !== 'insert') return [];
    return this.#planOf(this.#current).fields.filter((f) => f.bind_type === bindType);
  }

  #table(): BoundTable {
    let t = this.#tables.get(this.#current);
    if (!t) this.#tables.set(this.#current, (t = { tags: null, cols: [], rows: 0 }));
    return t;
  }

  setTableName(name: string): void {
    if (name === '') throw new TaosError(Code.INVALID_PARA, 'table name is empty');
    const forTable = this.insertPlan().forTable;
    if (forTable && !this.#plans.has(name)) this.#plans.set(name, forTable(name));
    this.#current = name;
  }

  setTags(tags: Value[]): void {
    this.#table().tags = tags;
  }

  /** Append column-major rows to the current table. */
  bind(cols: Value[][]): void {
    const plan = this.insertPlan();
    if (plan.table === undefined && this.#current === '') throw new TaosError(Code.TBNAME_NOT_SET);
    const t = this.#table();
    const rows = cols[0]?.length ?? 0;
    if (t.cols.length === 0) cols.forEach((c) => t.cols.push(c.slice()));
    else
      cols.forEach((c, j) => {
        const dst = t.cols[j]!;
        for (const v of c) dst.push(v);
      });
    t.rows += rows;
  }

  /** Every bound table as a structured insert; clears the binds. */
  take(): TableRows[] {
    const out: TableRows[] = [];
    for (const [name, t] of this.#tables) {
      if (t.rows === 0) continue;
      const plan = this.#planOf(name);
      out.push(tableRows(plan, plan.table ?? name, t.tags, t.cols, t.rows));
    }
    this.#tables.clear();
    return out;
  }

  override reset(): void {
    this.#tables.clear();
    this.#plans.clear();
    this.#current = '';
    super.reset();
  }
}
