/** Column and tag definitions of CREATE/ALTER TABLE (sql.md §1.2, §1.5). */
import type { ColumnDef } from '../ast/index.js';
import type { Parser } from './parser.js';
import { parseDataType } from './parse-data-type.js';
import { TK } from './token-kind.js';

/** `(def, …)`. */
export function parseColumnDefs(p: Parser): ColumnDef[] {
  p.expect(TK.LP);
  const defs = [parseColumnDef(p)];
  while (p.accept(TK.COMMA)) defs.push(parseColumnDef(p));
  p.expect(TK.RP);
  return defs;
}

/** `name type [PRIMARY KEY|COMPOSITE KEY] [ENCODE '…'] [COMPRESS '…'] [LEVEL '…'] [COMMENT '…']`. */
export function parseColumnDef(p: Parser): ColumnDef {
  const name = p.identifier('column name is expected');
  const type = parseDataType(p);
  let primaryKey = false;
  let comment: string | undefined;
  const options = new Map<string, string>();
  for (;;) {
    if (p.acceptWords('primary', 'key') || p.acceptWords('composite', 'key')) {
      primaryKey = true;
    } else if (p.isWord('encode') || p.isWord('compress') || p.isWord('level')) {
      const key = p.word() as string;
      p.next();
      options.set(key, p.string());
    } else if (p.acceptWord('comment')) {
      comment = p.string();
    } else {
      break;
    }
  }
  return {
    name,
    type,
    ...(primaryKey && { primaryKey }),
    ...(options.size > 0 && { options }),
    ...(comment !== undefined && { comment }),
  };
}
