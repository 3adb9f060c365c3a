/**
 * The bulk-ingest fast path (perf.md §5.4): `INSERT INTO t [USING st [(tags)] TAGS (…)] [(cols)]
 * VALUES (…)…` with plain literal values is read straight from the SQL text into column arrays,
 * with no token arrays and no AST node per value. Targets resolve and values convert through the
 * same functions as `planInsert` (resolveClause, converterFor, checkTs), so the rules live in
 * one place.
 *
 * Anything else — a super-table insert by tbname, NOW, expressions, `?`, comments, quoted names,
 * FILE — and ANY error returns undefined: the caller then runs `parse()` + `planInsert`, which
 * produces TDengine's error in statement order. Errors are rare; bulk inserts are not.
 */
import type { Expr, TableName } from '@taosts/sql';
import { InsertScanner } from '@taosts/sql';
import type { AppendValue } from '../storage/storage.js';
import { converterFor, numberConverterFor } from './convert-value.js';
import type { Converter, NumberConverter } from './convert-value.js';
import { resolveClause } from './plan-insert.js';
import type { ClauseHead, Created, PlanEnv, PlannedRows, ResolvedClause } from './plan-insert.js';

const LP = 40;
const RP = 41;
const COMMA = 44;
/** checkTs only reads its expression to word an error, and errors go to the general path. */
const NO_EXPR: Expr = { kind: 'Null' };

const { NONE, NUMBER } = InsertScanner;

/** The scanned value as a node of its own (the scanner's are shared). */
function ownExpr(sc: InsertScanner, kind: number): Expr {
  return { ...(kind === NUMBER ? sc.numberExpr() : sc.expr) };
}

/** `(literal, …)` of TAGS. */
function tagValues(sc: InsertScanner): Expr[] | undefined {
  if (!sc.punct(LP)) return undefined;
  const out: Expr[] = [];
  for (;;) {
    const kind = sc.value();
    if (kind === NONE) return undefined;
    out.push(ownExpr(sc, kind));
    if (sc.punct(RP)) return out;
    if (!sc.punct(COMMA)) return undefined;
  }
}

/** The clause head up to and including VALUES. */
function clauseHead(sc: InsertScanner): ClauseHead | undefined {
  const table: TableName | undefined = sc.tableName();
  if (!table) return undefined;
  let columns = sc.peek(LP) ? sc.nameList() : undefined;
  let using: ClauseHead['using'];
  if (sc.word('using')) {
    const stable = sc.tableName();
    if (!stable) return undefined;
    const tagNames = sc.peek(LP) ? sc.nameList() : undefined;
    if (sc.peek(LP) || !sc.word('tags')) return undefined;
    const tags = tagValues(sc);
    if (!tags) return undefined;
    using = { stable, ...(tagNames !== undefined && { tagNames }), tags };
  }
  if (columns === undefined && sc.peek(LP)) columns = sc.nameList();
  if (!sc.word('values') || !sc.peek(LP)) return undefined;
  return { table, ...(using !== undefined && { using }), ...(columns !== undefined && { columns }) };
}

/** Read a clause's rows into column arrays; undefined when a row is not plain literals. */
function readRows(sc: InsertScanner, r: ResolvedClause): PlannedRows | undefined {
  const { cc, owner, positions } = r;
  const width = positions.length;
  const conv: Converter[] = positions.map((j) => converterFor(owner.columns[j]!, cc.ctx));
  const convNum: NumberConverter[] = positions.map((j) => numberConverterFor(owner.columns[j]!));
  // Filled by push: number columns stay unboxed double/SMI arrays (no object per value).
  const dst: AppendValue[][] = positions.map(() => []);
  const tsCol = dst[positions.indexOf(0)]!;
  let n = 0;
  while (sc.punct(LP)) {
    for (let k = 0; k < width; k++) {
      if (k > 0 && !sc.punct(COMMA)) return undefined;
      const kind = sc.value();
      if (kind === NONE) return undefined;
      let v: AppendValue | undefined;
      if (kind === NUMBER) {
        if (sc.exact) v = convNum[k]!(sc.num, sc.isInt);
        if (v === undefined) v = conv[k]!(sc.numberExpr());
      } else v = conv[k]!(sc.expr);
      dst[k]!.push(v);
    }
    if (!sc.punct(RP)) return undefined;
    cc.checkTs(tsCol[n]!, NO_EXPR);
    n++;
    // Commas between rows are optional (parse-insert.ts parseData).
    if (sc.punct(COMMA) && !sc.peek(LP)) return undefined;
  }
  const cols: AppendValue[][] = owner.columns.map(() => []);
  for (let k = 0; k < width; k++) cols[positions[k]!] = dst[k]!;
  for (let j = 0; j < cols.length; j++)
    if (cols[j]!.length !== n) cols[j] = new Array<AppendValue>(n).fill(null);
  return { owner: r.owner, target: r.target, cols, count: n, mask: r.mask };
}

/** Plan `sql` without parsing it, or undefined when the general path must do it. */
export function planFastInsert(sql: string, env: PlanEnv): PlannedRows[] | undefined {
  const sc = new InsertScanner(sql);
  if (!sc.begin()) return undefined;
  const out: PlannedRows[] = [];
  const created: Created = new Map();
  try {
    do {
      const head = clauseHead(sc);
      if (!head) return undefined;
      const r = resolveClause(head, env, created);
      if ('stable' in r) return undefined;
      const rows = readRows(sc, r);
      if (!rows) return undefined;
      out.push(rows);
    } while (!sc.atEnd());
  } catch {
    return undefined;
  }
  return out;
}
