/**
 * INTERP(x[, ignore_null]) … RANGE(start[, end]) EVERY(e) FILL(mode) (sql.md §4.11). Grid
 * points and data rows are merged per partition in ts order (data first at equal ts); window
 * functions carry the previous (`__p`, including an exact hit) and next (`__n`) data row to
 * every grid point. A row at the point is used as is (even NULL); otherwise FILL decides:
 * NULL/VALUE always emit, PREV/NEXT/LINEAR/NEAR emit only when their neighbours exist.
 * Data outside RANGE (but inside WHERE) serves as neighbours.
 */
import { Code, TypeCode } from '@taosts/protocol';
import type { Expr, Fill } from '../ast/index.js';
import type { ResultColumn } from '../schema.js';
import { castExpr } from './cast.js';
import type { Env } from './env.js';
import { fingerprint } from './env.js';
import { fail, unsupported } from './errors.js';
import { genExpr } from './expr.js';
import { bigintLit, quoteIdent } from './literal.js';
import { orderTerm, render } from './render.js';
import { emptySource, type Source, type Typed } from './scope.js';
import { outputs, type Prepared } from './select.js';
import { T, castTo, isInteger, isNumeric } from './sql-type.js';
import { constTicks, durationLitTicks } from './time-const.js';
import { find, hasAggregate, mapExpr } from './walk.js';

const MAX_POINTS = 10_000_000n;
const q = quoteIdent;

export function buildInterp(p: Prepared, ordinal: boolean): { sql: string; columns: ResultColumn[] } {
  const { sel, src, env } = p;
  const range = sel.range!;
  if (sel.window || sel.groupBy?.length) fail(Code.INVALID_INTERP_CLAUSE);
  if (!src.ts) fail(Code.INVALID_TIMELINE_FUNC);
  const fill: Fill | undefined = range.fill;
  if (!fill) unsupported('INTERP without FILL');
  const start = constTicks(range.start, p.ctx, src.precision);
  const end = range.end ? constTicks(range.end, p.ctx, src.precision) : start;
  if (start === undefined || end === undefined)
    fail(Code.INVALID_INTERP_CLAUSE, 'RANGE needs constant timestamps');
  let every = 1n;
  if (range.end) {
    if (!range.every) fail(Code.INVALID_INTERP_CLAUSE, 'EVERY is required with a RANGE end');
    every =
      range.every.kind === 'Duration'
        ? durationLitTicks(range.every.value, range.every.unit, src.precision)
        : BigInt(range.every.text);
    if (every <= 0n) fail(Code.INVALID_INTERP_CLAUSE, 'EVERY');
  }
  if (end < start) fail(Code.INVALID_INTERP_CLAUSE, 'RANGE end before start');
  if ((end - start) / every + 1n > MAX_POINTS) fail(Code.FILL_TIME_RANGE);

  // INTERP calls → placeholders `__interpK`; their arguments become data columns `__vK`.
  const calls: { arg: Typed; ignoreNull: boolean; fp: string }[] = [];
  const items = p.items.map((item) => ({
    ...item,
    expr: mapExpr(item.expr, (e) => {
      if (e.kind !== 'Func' || e.name !== 'interp') return e;
      if (e.args.length < 1 || e.args.length > 2) fail(Code.FUNC_INVALID_PARA_NUM, 'interp');
      const fp = fingerprint(e);
      let k = calls.findIndex((c) => c.fp === fp);
      if (k < 0) {
        const arg = genExpr(e.args[0], env);
        if (!isNumeric(arg.type) || hasAggregate(e.args[0])) fail(Code.FUNC_INVALID_PARA_TYPE, 'interp');
        const flag = e.args[1];
        const ignoreNull = flag !== undefined && flag.kind === 'Number' && Number(flag.text) === 1;
        calls.push({ arg, ignoreNull, fp });
        k = calls.length - 1;
      }
      return { kind: 'Column', name: `__interp${k}` } satisfies Expr;
    }),
  }));
  if (calls.length === 0) fail(Code.INVALID_INTERP_CLAUSE, 'INTERP function missing');
  if (calls.some((c) => c.ignoreNull) && calls.length > 1)
    unsupported('several INTERP columns with ignore_null_values');

  const keys = p.keys.map((k) => genExpr(k, env));
  const kc = keys.map((_k, i) => q(`k${i}`));
  const part = kc.length ? `PARTITION BY ${kc.join(', ')} ` : '';
  const dataWhere = [...p.where, ...(calls[0].ignoreNull ? [`${calls[0].arg.sql} IS NOT NULL`] : [])];
  const dataCols = [
    ...keys.map((k, i) => `${k.sql} AS ${kc[i]}`),
    `${src.ts.sql} AS __t`,
    ...calls.map((c, i) => `${c.arg.sql} AS __v${i}`),
  ];
  const data = render({ select: dataCols, from: src.from(dataWhere), where: dataWhere, order: [] }, false);
  const series = `unnest(range(${bigintLit(start)}, ${bigintLit(end + every)}, ${every})) AS __t`;
  const grid = kc.length
    ? `SELECT ${[...kc, series].join(', ')} FROM (SELECT DISTINCT ${kc.join(', ')} FROM data)`
    : `SELECT ${series}`;
  const nulls = calls.map((_c, i) => `NULL AS __v${i}`);
  const merged = `SELECT ${[...kc, '__t', ...calls.map((_c, i) => `__v${i}`), '0 AS __g'].join(', ')} FROM data UNION ALL SELECT ${[...kc, '__t', ...nulls, '1 AS __g'].join(', ')} FROM grid`;
  const row = `CASE WHEN __g = 0 THEN struct_pack(${['t := __t', ...calls.map((_c, i) => `v${i} := __v${i}`)].join(', ')}) END`;
  const win = `SELECT *, last_value(${row} IGNORE NULLS) OVER (${part}ORDER BY __t, __g ROWS UNBOUNDED PRECEDING) AS __p, first_value(${row} IGNORE NULLS) OVER (${part}ORDER BY __t, __g ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS __n FROM merged`;

  const exact = '(__p IS NOT NULL AND __p.t = __t)';
  const nearPrev = `(__n IS NULL OR (__p IS NOT NULL AND __t - __p.t <= __n.t - __t))`;
  let exists: string | undefined;
  let origin: string;
  switch (fill.mode) {
    case 'null':
    case 'null_f':
    case 'value':
    case 'value_f':
      origin = `(CASE WHEN ${exact} THEN __t END)`;
      break;
    case 'prev':
      exists = '__p IS NOT NULL';
      origin = '__p.t';
      break;
    case 'next':
      exists = `(${exact} OR __n IS NOT NULL)`;
      origin = `(CASE WHEN ${exact} THEN __t ELSE __n.t END)`;
      break;
    case 'linear':
      exists = `(${exact} OR (__p IS NOT NULL AND __n IS NOT NULL))`;
      origin = `(CASE WHEN ${exact} THEN __t END)`;
      break;
    case 'near':
      exists = '(__p IS NOT NULL OR __n IS NOT NULL)';
      origin = `(CASE WHEN ${exact} THEN __t WHEN ${nearPrev} THEN __p.t ELSE __n.t END)`;
      break;
    default:
      return unsupported(`FILL(${fill.mode}) with INTERP`);
  }
  const value = (i: number, t: Typed['type']): string => {
    const v = `__p.v${i}`;
    switch (fill.mode) {
      case 'null':
      case 'null_f':
        return `(CASE WHEN ${exact} THEN ${v} END)`;
      case 'value':
      case 'value_f': {
        const e = fill.values[i];
        if (!e) fail(Code.WRONG_VALUE_TYPE, 'missing FILL value');
        return `(CASE WHEN ${exact} THEN ${v} ELSE ${castExpr(genExpr(e, env), { code: t.code, length: t.length }).sql} END)`;
      }
      case 'prev':
        return v;
      case 'next':
        return `(CASE WHEN ${exact} THEN ${v} ELSE __n.v${i} END)`;
      case 'near':
        return `(CASE WHEN ${exact} THEN ${v} WHEN ${nearPrev} THEN ${v} ELSE __n.v${i} END)`;
      default: {
        const y = `(CAST(${v} AS DOUBLE) + (CAST(__n.v${i} AS DOUBLE) - CAST(${v} AS DOUBLE)) * CAST(__t - __p.t AS DOUBLE) / CAST(__n.t - __p.t AS DOUBLE))`;
        return `(CASE WHEN ${exact} THEN ${v} ELSE ${castTo(isInteger(t) || t.code === TypeCode.BOOL ? `trunc(${y})` : y, t)} END)`;
      }
    }
  };

  // Select items over the merged rows: placeholders, _irowts/_isfilled/_irowts_origin, keys.
  const pseudo = new Map<string, Typed>([
    ['_irowts', { sql: '__t', type: T.timestamp }],
    ['_isfilled', { sql: `(NOT ${exact})`, type: T.bool }],
    ['_irowts_origin', { sql: origin, type: T.timestamp }],
    ...calls.map((c, i): [string, Typed] => [
      `__interp${i}`,
      { sql: value(i, c.arg.type), type: c.arg.type },
    ]),
  ]);
  const base = emptySource(src.precision);
  const rowSrc: Source = { ...base, column: (name) => pseudo.get(name) };
  const keyMap = new Map<string, Typed>(
    p.keys.map((k, i) => [fingerprint(k), { sql: kc[i], type: keys[i].type }]),
  );
  // Agg scope so partition keys match by fingerprint; a plain name is the interpolated row's own.
  const outEnv: Env = {
    ...env,
    src: rowSrc,
    scope: 'agg',
    keys: keyMap,
    grouped: true,
    tagsConstant: false,
    companion: (c) => c,
  };
  for (const item of items) {
    if (find(item.expr, (e) => e.kind === 'Func' && hasAggregate(e))) fail(Code.INVALID_INTERP_CLAUSE);
  }
  const typed = items.map((i) => genExpr(i.expr, outEnv));
  const { select, columns } = outputs(p.items, typed);
  const order = p.order.length
    ? p.order.map((o) =>
        orderTerm(
          genExpr(items.find((i) => fingerprint(i.expr) === fingerprint(o.expr))?.expr ?? o.expr, outEnv).sql,
          o,
        ),
      )
    : [...kc.map((k) => orderTerm(k)), orderTerm('__t')];
  const sql = render(
    {
      ctes: [`data AS (${data})`, `grid AS (${grid})`, `merged AS (${merged})`, `w AS (${win})`],
      select,
      from: 'w',
      where: ['__g = 1', ...(exists ? [exists] : [])],
      order,
      partition: sel.partitionBy?.length ? kc : [],
      limit: sel.limit,
      slimit: sel.slimit,
      slimitKeys: kc,
    },
    ordinal,
  );
  return { sql, columns };
}
