/**
 * Window clauses (sql.md §4.9–4.11): INTERVAL/SLIDING/FILL, SESSION, STATE_WINDOW,
 * EVENT_WINDOW, COUNT_WINDOW, and INTERP's RANGE/EVERY/FILL.
 */
import type { DurationLit, Expr, Fill, FillMode, NumberLit, Range, Window } from '../ast/index.js';
import { durationLit, isDurationText } from './literals.js';
import type { Parser } from './parser.js';
import { numberLit, parseExpr, parseExprList } from './parse-expr.js';
import { notSupported } from './sql-parse-error.js';
import { TK } from './token-kind.js';

/** Whether a window clause starts at the cursor. */
export function atWindow(p: Parser): boolean {
  return (
    p.isWord('interval') ||
    p.isWord('session') ||
    p.isWord('state_window') ||
    p.isWord('event_window') ||
    p.isWord('count_window') ||
    p.isWord('external_window')
  );
}

export function parseWindow(p: Parser): Window {
  const word = p.word();
  p.next();
  switch (word) {
    case 'interval':
      return parseInterval(p);
    case 'session': {
      p.expect(TK.LP);
      const column = parseExpr(p);
      p.expect(TK.COMMA);
      const gap = windowDuration(p);
      p.expect(TK.RP);
      return { kind: 'Session', column, gap };
    }
    case 'state_window': {
      p.expect(TK.LP);
      const expr = parseExpr(p);
      if (p.kind() === TK.COMMA) throw notSupported('STATE_WINDOW extend/zeroth_state arguments');
      p.expect(TK.RP);
      rejectTrueFor(p);
      return { kind: 'StateWindow', expr };
    }
    case 'event_window': {
      p.expectWord('start');
      p.expectWord('with');
      const start = parseExpr(p);
      p.expectWord('end');
      p.expectWord('with');
      const end = parseExpr(p);
      rejectTrueFor(p);
      return { kind: 'EventWindow', start, end };
    }
    case 'count_window': {
      p.expect(TK.LP);
      const count = Number(p.integer());
      const sliding = p.accept(TK.COMMA) ? Number(p.integer()) : undefined;
      if (p.kind() === TK.COMMA) throw notSupported('COUNT_WINDOW column arguments');
      p.expect(TK.RP);
      return { kind: 'CountWindow', count, ...(sliding !== undefined && { sliding }) };
    }
    case 'external_window':
      throw notSupported('EXTERNAL_WINDOW');
    default:
      return p.fail();
  }
}

function parseInterval(p: Parser): Window {
  p.expect(TK.LP);
  const interval = windowDuration(p);
  let offset: DurationLit | NumberLit | 'auto' | undefined;
  if (p.accept(TK.COMMA)) offset = p.acceptWord('auto') ? 'auto' : windowDuration(p);
  p.expect(TK.RP);
  let sliding: DurationLit | NumberLit | undefined;
  if (p.acceptWord('sliding')) {
    p.expect(TK.LP);
    sliding = windowDuration(p);
    p.expect(TK.RP);
  }
  const fill = p.isWord('fill') ? parseFill(p) : undefined;
  return {
    kind: 'Interval',
    interval,
    ...(offset !== undefined && { offset }),
    ...(sliding !== undefined && { sliding }),
    ...(fill !== undefined && { fill }),
  };
}

/**
 * `10s`, a unit-less tick count `1000`, or the string form `'1s'` (sql.y
 * `interval_sliding_duration_literal`).
 */
export function windowDuration(p: Parser): DurationLit | NumberLit {
  const k = p.kind();
  if (k === TK.DURATION) {
    const lit = durationLit(p.text());
    p.next();
    return lit;
  }
  if (k === TK.INT) return numberLit(p);
  if (k === TK.STRING) {
    const text = p.text().slice(1, -1);
    if (isDurationText(text)) {
      p.next();
      return durationLit(text);
    }
    if (/^\d+$/.test(text)) {
      p.next();
      return { kind: 'Number', text, isInt: true };
    }
  }
  return p.fail();
}

function rejectTrueFor(p: Parser): void {
  if (p.isWord('true_for')) throw notSupported('TRUE_FOR');
}

const FILL_MODES: ReadonlySet<string> = new Set<FillMode>([
  'none',
  'null',
  'null_f',
  'value',
  'value_f',
  'prev',
  'next',
  'linear',
  'near',
]);

/** `FILL(mode)` or `FILL(VALUE[_F], v1, v2, …)`. */
export function parseFill(p: Parser): Fill {
  p.expectWord('fill');
  p.expect(TK.LP);
  const mode = p.word();
  if (mode === undefined || !FILL_MODES.has(mode)) return p.fail();
  p.next();
  let values: Expr[] = [];
  if (mode === 'value' || mode === 'value_f') {
    p.expect(TK.COMMA);
    values = parseExprList(p);
  }
  p.expect(TK.RP);
  return { mode: mode as FillMode, values };
}

/** INTERP's `RANGE(start[, end]) [EVERY(d)] [FILL(…)]`; the cursor is on RANGE. */
export function parseRange(p: Parser): Range {
  p.expectWord('range');
  p.expect(TK.LP);
  const start = parseExpr(p);
  const end = p.accept(TK.COMMA) ? parseExpr(p) : undefined;
  if (p.kind() === TK.COMMA) throw notSupported('RANGE with an around duration');
  p.expect(TK.RP);
  let every: DurationLit | NumberLit | undefined;
  if (p.acceptWord('every')) {
    p.expect(TK.LP);
    every = windowDuration(p);
    p.expect(TK.RP);
  }
  const fill = p.isWord('fill') ? parseFill(p) : undefined;
  return {
    start,
    ...(end !== undefined && { end }),
    ...(every !== undefined && { every }),
    ...(fill !== undefined && { fill }),
  };
}
