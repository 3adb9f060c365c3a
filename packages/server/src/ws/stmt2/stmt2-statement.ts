/**
 * One stmt2 statement of a WS connection: on top of what every prepared statement holds (the
 * plan, query params, the result until `stmt2_result`), the bound INSERT tables waiting for
 * `exec`.
 */
import type { TableRows } from '../../ingest/insert-rows.js';
import { PreparedStatement } from '../prepared-statement.js';

export class Stmt2Statement extends PreparedStatement {
  readonly kind = 'stmt2' as const;
  /** Bound tables (INSERT), accumulated until exec. */
  tables: TableRows[] = [];

  override reset(): void {
    this.tables = [];
    super.reset();
  }
}
