/**
 * SESSION, STATE_WINDOW and COUNT_WINDOW as gaps-and-islands over the filtered rows, per
 * partition, in ts order (sql.md §4.10, §10): each row gets a window id `__w`.
 * - SESSION(ts, gap): a new window when the distance to the previous row exceeds `gap`;
 * - STATE_WINDOW(expr): a new window when the state changes; NULL states belong to the window
 *   in progress (leading NULLs to the first one); partitions whose states are all NULL give none;
 * - COUNT_WINDOW(n): every n rows (the last window may be shorter).
 * - EVENT_WINDOW START WITH s END WITH e: see the case below (windows never overlap; unclosed
 *   trailing windows are dropped).
 * STATE_WINDOW's extend/TRUE_FOR, EVENT_WINDOW's TRUE_FOR and COUNT_WINDOW's sliding are not translated.
 */
import { Code, TypeCode } from '@taosts/protocol';
import type { Window } from '../ast/index.js';
import { fail, unsupported } from './errors.js';
import { asBool, genExpr } from './expr.js';
import { durationLitTicks } from './time-const.js';
import type { Derive } from './scope.js';
import type { Prepared } from './select.js';
import { isFloat } from './sql-type.js';

export function planRowWindow(w: Window, p: Prepared, keys: readonly string[]): { derive: Derive } {
  const { src } = p;
  const a = src.alias;
  const ts = src.ts!.sql.replace(/^[a-z]+\./, `${a}.`);
  const partCols = keys.map((k, i) => `${k} AS __p${i}`);
  const part = keys.length ? `PARTITION BY ${keys.map((_k, i) => `${a}.__p${i}`).join(', ')} ` : '';
  const over = `OVER (${part}ORDER BY ${ts})`;
  const running = `OVER (${part}ORDER BY ${ts} ROWS UNBOUNDED PRECEDING)`;
  switch (w.kind) {
    case 'Session': {
      if (
        w.column.kind !== 'Column' ||
        (w.column.name !== src.table?.columns[0]?.name &&
          w.column.name !== '_rowts' &&
          w.column.name !== '_c0')
      ) {
        fail(Code.SYNTAX_ERROR, 'SESSION needs the primary timestamp column');
      }
      if (w.gap.kind !== 'Duration' && !w.gap.isInt) fail(Code.WRONG_VALUE_TYPE);
      const gap =
        w.gap.kind === 'Duration'
          ? durationLitTicks(w.gap.value, w.gap.unit, src.precision)
          : BigInt(w.gap.text);
      if (gap <= 0n) fail(Code.WRONG_VALUE_TYPE, 'session gap');
      return {
        derive: {
          columns: partCols,
          wrap: (base) =>
            `SELECT ${a}.*, sum(${a}.__new) ${running} AS __w FROM (` +
            `SELECT ${a}.*, CASE WHEN ${ts} - lag(${ts}) ${over} <= ${gap} THEN 0 ELSE 1 END AS __new FROM (${base}) AS ${a}) AS ${a}`,
        },
      };
    }
    case 'StateWindow': {
      const state = genExpr(w.expr, p.env);
      if (isFloat(state.type) || state.type.code === TypeCode.TIMESTAMP)
        fail(Code.FUNC_INVALID_PARA_TYPE, 'state window');
      if (state.sql.startsWith('g.') || state.sql.startsWith('any_value(g.'))
        fail(Code.FUNC_INVALID_PARA_TYPE, 'state window on a tag');
      const all = `OVER (${part}ORDER BY ${ts} ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)`;
      return {
        derive: {
          columns: [...partCols, `${state.sql} AS __s`],
          wrap: (base) =>
            `SELECT ${a}.*, sum(${a}.__new) ${running} AS __w FROM (` +
            `SELECT ${a}.*, CASE WHEN ${a}.__e IS NOT DISTINCT FROM lag(${a}.__e) ${over} THEN 0 ELSE 1 END AS __new FROM (` +
            `SELECT ${a}.*, coalesce(last_value(${a}.__s IGNORE NULLS) ${running}, first_value(${a}.__s IGNORE NULLS) ${all}) AS __e ` +
            `FROM (${base}) AS ${a}) AS ${a} WHERE ${a}.__e IS NOT NULL) AS ${a}`,
        },
      };
    }
    case 'CountWindow': {
      if (w.sliding !== undefined && w.sliding !== w.count) unsupported('COUNT_WINDOW with a sliding count');
      if (w.count < 2) fail(Code.FUNC_INVALID_PARA_VALUE, 'count window');
      return {
        derive: {
          columns: partCols,
          wrap: (base) =>
            `SELECT ${a}.*, (row_number() ${over} - 1) // ${w.count} AS __w FROM (${base}) AS ${a}`,
        },
      };
    }
    case 'EventWindow': {
      // Segments end at rows satisfying END WITH: segment g holds the rows after the g-th
      // end row up to and including the next one. A window opens at the segment's first START
      // row (later starts are ignored while it is open) and closes at the segment's end row;
      // rows before the start and a trailing segment without an end row belong to no window.
      const cond = (e: Window & { kind: 'EventWindow' }, which: 'start' | 'end'): string =>
        `coalesce(${asBool(genExpr(e[which], p.env))}, FALSE)`;
      const seg = `PARTITION BY ${[...keys.map((_k, i) => `${a}.__p${i}`), `${a}.__w`].join(', ')}`;
      return {
        derive: {
          columns: [...partCols, `${cond(w, 'start')} AS __es`, `${cond(w, 'end')} AS __ee`],
          wrap: (base) =>
            `SELECT ${a}.* FROM (` +
            `SELECT ${a}.*, bool_or(${a}.__es) OVER (${seg} ORDER BY ${ts} ROWS UNBOUNDED PRECEDING) AS __st, ` +
            `bool_or(${a}.__ee) OVER (${seg}) AS __cl FROM (` +
            `SELECT ${a}.*, coalesce(sum(CASE WHEN ${a}.__ee THEN 1 ELSE 0 END) OVER (${part}ORDER BY ${ts} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS __w ` +
            `FROM (${base}) AS ${a}) AS ${a}) AS ${a} WHERE ${a}.__st AND ${a}.__cl`,
        },
      };
    }
    default:
      return unsupported(`${w.kind} window`);
  }
}
