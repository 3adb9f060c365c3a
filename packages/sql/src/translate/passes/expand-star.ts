/**
 * Pass 1 — expand `*`: on a normal/child table the data columns, on a super table data columns
 * then tags (sql.md §4.2); `FIRST(*)`/`LAST(*)`/`LAST_ROW(*)` and `last(a, b)` become one column
 * per argument named `last(ts)`, `last(current)` … (sql.md §4.3).
 */
import { Code } from '@taosts/protocol';
import type { Expr, SelectItem } from '../../ast/index.js';
import { fail, unsupported } from '../errors.js';
import { checkQualifier, type Source, type StarColumn } from '../scope.js';

const column = (c: StarColumn): Expr => ({
  kind: 'Column',
  name: c.name,
  ...(c.qualifier !== undefined && { table: c.qualifier }),
});

const MULTI = new Set(['first', 'last', 'last_row']);

export function expandStar(items: readonly SelectItem[], src: Source): SelectItem[] {
  const out: SelectItem[] = [];
  for (const item of items) {
    const e = item.expr;
    if (e.kind === 'Star') {
      checkQualifier(src, e.table);
      if (src.kind === 'none') fail(Code.SYNTAX_ERROR, '*');
      for (const c of src.star(true, e.table)) out.push({ expr: column(c), text: c.name });
      continue;
    }
    if (e.kind === 'Func' && MULTI.has(e.name) && (e.args.length > 1 || e.args[0]?.kind === 'Star')) {
      if (item.alias !== undefined && e.args[0]?.kind === 'Star') fail(Code.SYNTAX_ERROR, item.alias);
      for (const arg of e.args) out.push(...expandArg(e.name, arg, src));
      continue;
    }
    out.push(item);
  }
  return out;
}

function expandArg(fn: string, arg: Expr, src: Source): SelectItem[] {
  if (arg.kind === 'Star') {
    checkQualifier(src, arg.table);
    return src.star(false, arg.table).map((c) => ({
      expr: { kind: 'Func', name: fn, args: [column(c)] },
      text: `${fn}(${c.name})`,
    }));
  }
  if (arg.kind !== 'Column') unsupported(`${fn.toUpperCase()} with several expression arguments`);
  return [{ expr: { kind: 'Func', name: fn, args: [arg] }, text: `${fn}(${arg.name})` }];
}
