/** Column and CAST types (sql.md §2.1, `type_name` in sql.y). */
import { TypeCode } from '@taosts/protocol';
import type { DataType } from '../ast/index.js';
import type { Parser } from './parser.js';
import { TK } from './token-kind.js';

/** Integer types that take a trailing UNSIGNED. */
const INTEGERS: Readonly<Record<string, readonly [TypeCode, TypeCode]>> = {
  tinyint: [TypeCode.TINYINT, TypeCode.UTINYINT],
  smallint: [TypeCode.SMALLINT, TypeCode.USMALLINT],
  int: [TypeCode.INT, TypeCode.UINT],
  integer: [TypeCode.INT, TypeCode.UINT],
  bigint: [TypeCode.BIGINT, TypeCode.UBIGINT],
};

const PLAIN: Readonly<Record<string, TypeCode>> = {
  bool: TypeCode.BOOL,
  float: TypeCode.FLOAT,
  double: TypeCode.DOUBLE,
  timestamp: TypeCode.TIMESTAMP,
  json: TypeCode.JSON,
  blob: TypeCode.BLOB,
  mediumblob: TypeCode.MEDIUMBLOB,
};

/** Types that require a declared length: `VARCHAR(20)`. BINARY is VARCHAR (sql.md §2.1). */
const SIZED: Readonly<Record<string, TypeCode>> = {
  binary: TypeCode.VARCHAR,
  varchar: TypeCode.VARCHAR,
  nchar: TypeCode.NCHAR,
  varbinary: TypeCode.VARBINARY,
  geometry: TypeCode.GEOMETRY,
};

/** DECIMAL with precision ≤ 18 is stored as the 8-byte DECIMAL64 (sql.md §2.1). */
const DECIMAL64_MAX_PRECISION = 18;

export function parseDataType(p: Parser): DataType {
  const name = p.word();
  if (name === undefined) p.fail('data type is expected');
  const int = INTEGERS[name];
  if (int !== undefined) {
    p.next();
    return { code: p.acceptWord('unsigned') ? int[1] : int[0] };
  }
  const plain = PLAIN[name];
  if (plain !== undefined) {
    p.next();
    return { code: plain };
  }
  const sized = SIZED[name];
  if (sized !== undefined) {
    p.next();
    p.expect(TK.LP);
    const length = smallInt(p);
    p.expect(TK.RP);
    return { code: sized, length };
  }
  if (name === 'decimal') {
    p.next();
    if (!p.accept(TK.LP)) return { code: TypeCode.DECIMAL };
    const precision = smallInt(p);
    const scale = p.accept(TK.COMMA) ? smallInt(p) : 0;
    p.expect(TK.RP);
    const code = precision <= DECIMAL64_MAX_PRECISION ? TypeCode.DECIMAL64 : TypeCode.DECIMAL;
    return { code, precision, scale };
  }
  return p.fail('data type is expected');
}

function smallInt(p: Parser): number {
  const v = p.integer();
  if (v > 0x7fffffffn) throw p.errorAt(p.pos - 1);
  return Number(v);
}
