/**
 * `stmt2_prepare` analysis (protocol.md §6): what an INSERT binds — a `?` table name (tbname),
 * `?` tags, `?` columns — with TDengine's field descriptors, or how many `?` a query has.
 * Shapes: `insert into ? using stb [(tags)] tags (?, …) [(cols)] values (?, …)`,
 * `insert into stb (tbname, ts, c1, t1) values (?, ?, ?, ?)`, `insert into d1 [(cols)] values (?, …)`.
 */
import { BindType, Code, TaosError, TypeCode, blockWidth, precisionCode, stmt2Field } from '@taosts/protocol';
import type { Stmt2Field } from '@taosts/protocol';
import type {
  ColumnSchema,
  Expr,
  Insert,
  InsertClause,
  SchemaProvider,
  Statement,
  TableSchema,
} from '@taosts/sql';
import { parse, tokenize } from '@taosts/sql';
import type { Value } from '../../engine/types.js';

/** Where a tag or column value comes from: a bound field, or a constant of the statement. */
export type Slot =
  { readonly name: string; readonly field: number } | { readonly name: string; readonly constant: Value };

export interface InsertPlan {
  readonly kind: 'insert';
  /** Explicit database qualifier (else the session's at exec time). */
  readonly db: string | undefined;
  /** Fixed target table; undefined when the table name is bound (`?`). */
  readonly table: string | undefined;
  /** Super table of auto-created children (USING, or a super-table insert). */
  readonly stable: string | undefined;
  readonly fields: Stmt2Field[];
  /** Tag values in statement order; `field` indexes the tag fields. */
  readonly tags: readonly Slot[];
  /** Column values in statement order; `field` indexes the column fields. */
  readonly columns: readonly Slot[];
  /**
   * `insert into ? values (…)` without USING: the columns depend on the table bound later, so
   * `fields` hold only `tbname` and this plans the insert into one existing table by name.
   */
  readonly forTable?: (table: string) => InsertPlan;
}

export interface QueryPlan {
  readonly kind: 'query';
  readonly stmt: Statement;
  /** Number of `?`. */
  readonly params: number;
}

export type Stmt2Plan = InsertPlan | QueryPlan;

/** TSDB_TABLE_FNAME_LEN: the declared width of the `tbname` field. */
const TBNAME_BYTES = 271;
/** Stands in for a `?` table name so the INSERT parser can read the statement. */
const TBNAME_MARK = '__taosts_stmt2_tbname__';

function invalid(msg: string): TaosError {
  return new TaosError(Code.INVALID_PARA, msg);
}

/** Replace a `?` in table-name position (`INTO ?`) by a marker identifier. */
function markTableParam(sql: string): { sql: string; marked: boolean } {
  const toks = tokenize(sql);
  for (let i = 0; i + 1 < toks.length; i++) {
    if (toks[i]!.kind === 'word' && toks[i]!.text.toLowerCase() === 'into' && toks[i + 1]!.kind === '?') {
      const q = toks[i + 1]!;
      return { sql: sql.slice(0, q.start) + '`' + TBNAME_MARK + '`' + sql.slice(q.end), marked: true };
    }
  }
  return { sql, marked: false };
}

function isInsertSql(sql: string): boolean {
  const first = tokenize(sql)[0];
  return first !== undefined && first.kind === 'word' && /^(insert|import)$/i.test(first.text);
}

/** The value of a literal written in the statement, or an error for anything else. */
function constantOf(e: Expr): Value {
  switch (e.kind) {
    case 'Null':
      return null;
    case 'Bool':
      return e.value;
    case 'String':
      return e.value;
    case 'Number':
      return e.isInt && !/[xX]/.test(e.text) ? BigInt(e.text) : Number(e.text);
    case 'Unary':
      if (e.op === '-' && e.operand.kind === 'Number') {
        const v = constantOf(e.operand);
        return typeof v === 'bigint' ? -v : -(v as number);
      }
      break;
    default:
      break;
  }
  throw new TaosError(
    Code.OPS_NOT_SUPPORT,
    `stmt2 supports only ? and literal values in INSERT, not ${e.kind}`,
  );
}

function fieldOf(col: ColumnSchema, bindType: BindType, dbPrecision: number): Stmt2Field {
  const decimal = col.type === TypeCode.DECIMAL || col.type === TypeCode.DECIMAL64;
  return stmt2Field(col.name, col.type, bindType, {
    precision: decimal ? (col.precision ?? 0) : dbPrecision,
    scale: col.scale ?? 0,
    bytes: blockWidth(col.type, col.length),
  });
}

class Builder {
  readonly fields: Stmt2Field[] = [];
  readonly tags: Slot[] = [];
  readonly columns: Slot[] = [];
  #tagFields = 0;
  #colFields = 0;
  constructor(readonly precision: number) {}

  tbname(): void {
    this.fields.push(
      stmt2Field('tbname', TypeCode.VARCHAR, BindType.TBNAME, {
        precision: this.precision,
        bytes: TBNAME_BYTES,
      }),
    );
  }

  tag(col: ColumnSchema, e: Expr): void {
    if (e.kind === 'Param') {
      this.fields.push(fieldOf(col, BindType.TAG, this.precision));
      this.tags.push({ name: col.name, field: this.#tagFields++ });
    } else this.tags.push({ name: col.name, constant: constantOf(e) });
  }

  column(col: ColumnSchema, e: Expr): void {
    if (e.kind === 'Param') {
      this.fields.push(fieldOf(col, BindType.COLUMN, this.precision));
      this.columns.push({ name: col.name, field: this.#colFields++ });
    } else this.columns.push({ name: col.name, constant: constantOf(e) });
  }
}

function byName(cols: readonly ColumnSchema[], name: string, what: 'column' | 'tag'): ColumnSchema {
  const c = cols.find((x) => x.name === name);
  if (!c) {
    throw what === 'column'
      ? new TaosError(Code.INVALID_COLUMN, `Invalid column name: ${name}`)
      : new TaosError(Code.INVALID_TAG_NAME, `Invalid tag name: ${name}`);
  }
  return c;
}

function onlyRow(clause: InsertClause): readonly Expr[] {
  if (clause.rows.length !== 1) throw invalid('stmt2 INSERT binds exactly one VALUES row');
  return clause.rows[0]!;
}

function lookup(schema: SchemaProvider, db: string, name: string): TableSchema {
  if (!schema.database(db)) throw new TaosError(Code.DB_NOT_EXIST);
  const t = schema.table(db, name);
  if (!t) throw new TaosError(Code.TABLE_NOT_EXIST, `Table does not exist: ${name}`);
  return t;
}

function planInsert(
  ins: Insert,
  marked: boolean,
  schema: SchemaProvider,
  sessionDb: string | undefined,
): InsertPlan {
  if (ins.clauses.length !== 1) throw invalid('stmt2 INSERT writes one table clause');
  const clause = ins.clauses[0]!;
  if (clause.file !== undefined)
    throw new TaosError(Code.OPS_NOT_SUPPORT, 'INSERT … FILE is not a statement');
  const bound = marked && clause.table.name === TBNAME_MARK;
  const db = clause.using?.stable.db ?? clause.table.db;
  const dbName = db ?? sessionDb;
  if (dbName === undefined) throw new TaosError(Code.DB_NOT_SPECIFIED);
  const dbSchema = schema.database(dbName);
  if (!dbSchema) throw new TaosError(Code.DB_NOT_EXIST);
  const b = new Builder(precisionCode(dbSchema.precision));
  const row = onlyRow(clause);
  if (clause.using) {
    const st = lookup(schema, dbName, clause.using.stable.name);
    if (st.kind !== 'super')
      throw new TaosError(Code.STB_NOT_EXIST, `STable not exist: ${clause.using.stable.name}`);
    if (bound) b.tbname();
    const tagNames = clause.using.tagNames ?? st.tags.map((t) => t.name);
    if (tagNames.length !== clause.using.tags.length) throw new TaosError(Code.TAGS_NOT_MATCHED);
    tagNames.forEach((n, i) => b.tag(byName(st.tags, n, 'tag'), clause.using!.tags[i]!));
    const colNames = clause.columns ?? st.columns.map((c) => c.name);
    if (colNames.length !== row.length)
      throw new TaosError(Code.INVALID_COLUMNS_NUM, 'Illegal number of columns');
    colNames.forEach((n, i) => b.column(byName(st.columns, n, 'column'), row[i]!));
    return {
      kind: 'insert',
      db,
      table: bound ? undefined : clause.table.name,
      stable: st.name,
      fields: b.fields,
      tags: b.tags,
      columns: b.columns,
    };
  }
  if (bound) {
    b.tbname();
    const forTable = (table: string): InsertPlan =>
      planInsert(
        { ...ins, clauses: [{ ...clause, table: { ...clause.table, name: table } }] },
        false,
        schema,
        sessionDb,
      );
    return {
      kind: 'insert',
      db,
      table: undefined,
      stable: undefined,
      fields: b.fields,
      tags: [],
      columns: [],
      forTable,
    };
  }
  const t = lookup(schema, dbName, clause.table.name);
  if (t.kind === 'system') throw new TaosError(Code.SYSTABLE_NOT_ALLOWED);
  if (t.kind === 'super') {
    const names = clause.columns;
    if (!names || !names.includes('tbname')) throw new TaosError(Code.TBNAME_NOT_SET);
    if (names.length !== row.length)
      throw new TaosError(Code.INVALID_COLUMNS_NUM, 'Illegal number of columns');
    names.forEach((n, i) => {
      const e = row[i]!;
      if (n === 'tbname') {
        if (e.kind !== 'Param') throw invalid('stmt2: tbname must be bound');
        b.tbname();
      } else if (t.tags.some((x) => x.name === n)) b.tag(byName(t.tags, n, 'tag'), e);
      else b.column(byName(t.columns, n, 'column'), e);
    });
    return {
      kind: 'insert',
      db,
      table: undefined,
      stable: t.name,
      fields: b.fields,
      tags: b.tags,
      columns: b.columns,
    };
  }
  const colNames = clause.columns ?? t.columns.map((c) => c.name);
  if (colNames.length !== row.length)
    throw new TaosError(Code.INVALID_COLUMNS_NUM, 'Illegal number of columns');
  colNames.forEach((n, i) => b.column(byName(t.columns, n, 'column'), row[i]!));
  return {
    kind: 'insert',
    db,
    table: t.name,
    stable: undefined,
    fields: b.fields,
    tags: [],
    columns: b.columns,
  };
}

function countParams(node: unknown): number {
  let max = -1;
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x !== null && typeof x === 'object' && !(x instanceof Map)) {
      const o = x as Record<string, unknown>;
      if (o.kind === 'Param' && typeof o.index === 'number') max = Math.max(max, o.index);
      else for (const v of Object.values(o)) walk(v);
    }
  };
  walk(node);
  return max + 1;
}

/** Analyse the SQL of `stmt2_prepare`. */
export function planStmt2(sql: string, schema: SchemaProvider, sessionDb: string | undefined): Stmt2Plan {
  if (isInsertSql(sql)) {
    const { sql: text, marked } = markTableParam(sql);
    const stmt = parse(text);
    if (stmt.kind !== 'Insert')
      throw new TaosError(Code.OPS_NOT_SUPPORT, 'stmt2 does not support INSERT … SELECT');
    return planInsert(stmt, marked, schema, sessionDb);
  }
  const stmt = parse(sql);
  return { kind: 'query', stmt, params: countParams(stmt) };
}
