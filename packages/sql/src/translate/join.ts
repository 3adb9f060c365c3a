/**
 * JOIN sources (sql.md §4.13). Each table becomes a subquery `sK` projecting the columns the
 * query uses as `"jN"` (names unique across both sides); the join of the two is flattened to
 * `(SELECT * FROM s0 … JOIN s1 ON …) AS j`, so everything after FROM (WHERE, windows,
 * aggregates, derived row columns) reads one relation like a single table. ON is rendered over
 * `s0`/`s1`, everything else over `j`.
 *
 * Supported: INNER (also `FROM a, b WHERE …`), LEFT/RIGHT/FULL OUTER, LEFT/RIGHT SEMI and ANTI,
 * all needing the primary timestamp equality (`a.ts = b.ts`, TIMETRUNCATE allowed; else 0x2701,
 * no condition at all 0x2702); LEFT ASOF (`>`, `>=` (default), `=`, `<`, `<=`, one match).
 * Semantics: the driving table (left; right for RIGHT joins) gives the timeline (`_rowts`) and
 * the default order: driving ts, then the other table's ts (super tables: then child table
 * ids); FULL JOIN has no timeline and is ordered by the first non-NULL ts. SEMI joins keep the
 * first matching row of the other table (smallest ts). `SELECT *` / `a.*` list data columns only.
 * Not translated (0x0100): RIGHT ASOF, WINDOW joins, JLIMIT, more than two tables, subqueries,
 * tables of databases with different precisions. Time-series functions on a timeline that may
 * repeat a timestamp (super tables, TIMETRUNCATE conditions) check duplicates like a super table
 * (0x2805). Known gaps (errors, not wrong rows): tags under PARTITION BY tbname are not treated as
 * constant; SESSION windows over a join are rejected (0x2600).
 */
import { Code, TypeCode } from '@taosts/protocol';
import type { ColumnRef, Expr, FromItem, Join } from '../ast/index.js';
import type { Env } from './env.js';
import { fail, unsupported } from './errors.js';
import { asBool, genExpr } from './expr.js';
import {
  EXPECTED_TS_EQUAL,
  NOT_SUPPORT_CROSS_JOIN,
  NOT_SUPPORT_JOIN_COND,
  NOT_UNIQUE_TABLE_ALIAS,
  conjuncts,
  joinError,
  primaryCond,
  type CompareOp,
  type PrimaryCond,
} from './join-cond.js';
import { quoteIdent } from './literal.js';
import { orderTerm } from './render.js';
import { derived, lookupTable, tableSource, type Source, type Typed } from './scope.js';
import type { TranslateContext } from './types.js';

const ROWTS = new Set(['_rowts', '_c0']);

interface Side {
  readonly src: Source;
  /** The qualifier: alias, else table name. */
  readonly name: string;
  /** `s0` / `s1`. */
  readonly rel: string;
  readonly tsName: string;
  readonly isSuper: boolean;
  /** Inner SQL → output column name. */
  readonly cols: Map<string, string>;
}

type Scope = 'on' | 'out';

export function joinSource(join: Join, where: Expr | undefined, ctx: TranslateContext): Source {
  if (join.type.endsWith('window')) unsupported('WINDOW JOIN');
  if (join.type === 'right asof') unsupported('RIGHT ASOF JOIN');
  const sides = [side(join.left, 0, ctx), side(join.right, 1, ctx)];
  if (sides[0].name === sides[1].name) joinError(NOT_UNIQUE_TABLE_ALIAS, sides[0].name);
  const precision = sides[0].src.precision;
  if (sides[1].src.precision !== precision) unsupported('JOIN of databases with different precisions');

  let counter = 0;
  const ref = (s: Side, t: Typed, scope: Scope): Typed => {
    let name = s.cols.get(t.sql);
    if (name === undefined) s.cols.set(t.sql, (name = `j${counter++}`));
    return { sql: `${scope === 'on' ? s.rel : 'j'}.${quoteIdent(name)}`, type: t.type };
  };
  const tsOf = (s: Side, scope: Scope): Typed => ref(s, s.src.ts!, scope);
  const tidOf = (s: Side, scope: Scope): string[] =>
    s.isSuper ? [ref(s, { sql: s.src.tid!, type: { code: TypeCode.INT, length: 4 } }, scope).sql] : [];

  const pick = (qualifier: string | undefined): Side[] =>
    qualifier === undefined ? sides : sides.filter((s) => s.name === qualifier);
  const column = (scope: Scope) => (name: string, qualifier?: string) => {
    if (ROWTS.has(name)) return qualifier === undefined ? undefined : tsOf(pick(qualifier)[0], scope);
    const hits = pick(qualifier).flatMap((s) => {
      const t = s.src.column(name);
      return t ? [ref(s, t, scope)] : [];
    });
    if (hits.length > 1) fail(Code.AMBIGUOUS_COLUMN, name);
    return hits[0];
  };
  const view = (scope: Scope): Source => ({
    kind: 'join',
    precision,
    qualifiers: sides.map((s) => s.name),
    systemTables: [],
    tagsOnly: false,
    alias: 'j',
    column: column(scope),
    star: (_withTags, qualifier) =>
      pick(qualifier).flatMap((s) => s.src.star(false).map((c) => ({ ...c, qualifier: s.name }))),
    from: () => '',
  });

  // The primary condition decides which conditions are valid (sql.md §4.13).
  const tsSide = (c: ColumnRef): number | undefined => {
    const cands = pick(c.table).filter((s) => s.src.column(c.name) || (c.table && ROWTS.has(c.name)));
    if (cands.length !== 1) return undefined;
    return cands[0].tsName === c.name || ROWTS.has(c.name) ? (cands[0].rel === 's0' ? 0 : 1) : undefined;
  };
  const asof = join.type === 'left asof';
  const onConds = conjuncts(join.on);
  const inner = join.type === 'inner' || join.type === 'comma';
  const conds = inner ? [...onConds, ...conjuncts(where)] : onConds;
  let primary: PrimaryCond | undefined;
  if (asof) {
    primary = primaryCond(conds, tsSide, ['=', '<', '<=', '>', '>=']);
    for (const c of conds) if (c !== primary?.cond && !isColumnEquality(c)) joinError(NOT_SUPPORT_JOIN_COND);
  } else {
    if (conds.length === 0) joinError(NOT_SUPPORT_CROSS_JOIN);
    primary = primaryCond(conds, tsSide, ['=']);
    if (!primary) joinError(EXPECTED_TS_EQUAL);
  }

  const onEnv: Env = { ctx, src: view('on'), precision, scope: 'row', grouped: false };
  const gen = (e: Expr): string => asBool(genExpr(e, onEnv));
  const onSql = asof ? '' : join.on ? gen(join.on) : gen(primary!.cond);
  const driving = join.type.startsWith('right') ? 1 : 0;
  const [drv, other] = [sides[driving], sides[1 - driving]];
  const drvKey = [tsOf(drv, 'on').sql, ...tidOf(drv, 'on')];
  const otherOrder = [tsOf(other, 'on').sql, ...tidOf(other, 'on')].map((t) => orderTerm(t)).join(', ');
  const firstMatch = `QUALIFY row_number() OVER (PARTITION BY ${drvKey.join(', ')} ORDER BY ${otherOrder}) = 1`;
  const asofSql = asof
    ? asofJoin(primary, onConds, gen, tsOf(sides[0], 'on').sql, tsOf(sides[1], 'on').sql)
    : undefined;

  const out = view('out');
  const full = join.type === 'full';
  const [lts, rts] = [tsOf(sides[0], 'out').sql, tsOf(sides[1], 'out').sql];
  const order = [tsOf(drv, 'out').sql, ...tidOf(drv, 'out'), tsOf(other, 'out').sql, ...tidOf(other, 'out')];
  const body = (): string => {
    const [l, r] = sides.map(sideSql);
    const notMatched = `${tsOf(other, 'on').sql} IS NULL`;
    switch (join.type) {
      case 'inner':
      case 'comma':
        return `${l} JOIN ${r} ON ${onSql}`;
      case 'left':
      case 'right':
      case 'full':
        return `${l} ${join.type.toUpperCase()} JOIN ${r} ON ${onSql}`;
      case 'left semi':
      case 'right semi':
        return `${l} JOIN ${r} ON ${onSql} ${firstMatch}`;
      case 'left anti':
        return `${l} LEFT JOIN ${r} ON ${onSql} WHERE ${notMatched}`;
      case 'right anti':
        return `${l} RIGHT JOIN ${r} ON ${onSql} WHERE ${notMatched}`;
      case 'left asof':
        return asofSql!.op === '='
          ? `${l} LEFT JOIN ${r} ON ${asofSql!.on} ${firstMatch}`
          : `${l} ASOF LEFT JOIN ${r} ON ${asofSql!.on}`;
      default:
        return unsupported(`${join.type.toUpperCase()} JOIN`);
    }
  };
  return {
    ...out,
    ts: full ? undefined : tsOf(drv, 'out'),
    // One row per driving timestamp only for 1:1 joins: tables (not super tables) on `a.ts = b.ts`.
    duplicateTs:
      sides.some((s) => s.isSuper) ||
      (primary !== undefined && (primary.left.kind !== 'Column' || primary.right.kind !== 'Column')),
    rowOrder: (full
      ? [`coalesce(${lts}, ${rts})`, lts, rts, ...tidOf(sides[0], 'out'), ...tidOf(sides[1], 'out')]
      : order
    ).map((t) => orderTerm(t)),
    from(whereOut, derive) {
      const flat = `(SELECT * FROM ${body()}) AS j`;
      return derive ? derived('j', flat, whereOut, derive) : flat;
    },
  };
}

/** One joined table: `(SELECT <used columns> FROM <table> WHERE <child table>) AS sK`. */
function side(item: FromItem, k: number, ctx: TranslateContext): Side {
  if (item.kind === 'Join') unsupported('JOIN of more than two tables');
  if (item.kind === 'Subquery') unsupported('JOIN with a subquery');
  const table = lookupTable(item.table, ctx);
  if (table.kind === 'system') unsupported('JOIN of system tables');
  return {
    src: tableSource(table, item.alias, ctx),
    name: item.alias ?? table.name,
    rel: `s${k}`,
    tsName: table.columns[0].name,
    isSuper: table.kind === 'super',
    cols: new Map(),
  };
}

function sideSql(s: Side): string {
  const where: string[] = [];
  const cols = [...s.cols].map(([sql, name]) => `${sql} AS ${quoteIdent(name)}`);
  const from = s.src.from(where);
  return `(SELECT ${cols.join(', ')} FROM ${from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}) AS ${s.rel}`;
}

function isColumnEquality(e: Expr): boolean {
  return e.kind === 'Binary' && e.op === '=' && e.left.kind === 'Column' && e.right.kind === 'Column';
}

/**
 * LEFT ASOF: the grouping equalities AND the primary comparison (default `left.ts >= right.ts`).
 * TIMETRUNCATE operands are compared as written.
 */
function asofJoin(
  primary: PrimaryCond | undefined,
  onConds: readonly Expr[],
  gen: (e: Expr) => string,
  lts: string,
  rts: string,
): { op: CompareOp; on: string } {
  const groups = onConds.filter((c) => c !== primary?.cond).map(gen);
  const op = primary?.op ?? '>=';
  const main = primary
    ? gen({ kind: 'Binary', op, left: primary.left, right: primary.right })
    : `${lts} >= ${rts}`;
  return { op, on: [...groups, main].join(' AND ') };
}
