/**
 * CAST(x AS type). TDengine never fails a cast on a value (sql.md §5.6): strings parse a numeric
 * prefix (`'12ab'` → 12, `'a'` → 0), floats truncate toward zero, longer strings are cut.
 * Known difference: integer overflow wraps in TDengine; here it yields NULL (TRY_CAST).
 */
import { TypeCode, fixedWidth } from '@taosts/protocol';
import type { DataType } from '../ast/index.js';
import { unsupported } from './errors.js';
import type { Typed } from './scope.js';
import { duckType, isFloat, isInteger, isNumeric, isString, isTimestamp, type TType } from './sql-type.js';

const NUM_PREFIX = `'^\\s*[+-]?([0-9]+\\.?[0-9]*([eE][+-]?[0-9]+)?|\\.[0-9]+)'`;

/** A string's leading number as DOUBLE, 0 when there is none, NULL for NULL. */
function stringNumber(sql: string): string {
  return `(CASE WHEN ${sql} IS NULL THEN NULL ELSE coalesce(TRY_CAST(regexp_extract(${sql}, ${NUM_PREFIX}) AS DOUBLE), 0) END)`;
}

export function targetType(to: DataType): TType {
  const width = fixedWidth(to.code);
  return { code: to.code, length: width || (to.length ?? 0), precision: to.precision, scale: to.scale };
}

export function castExpr(x: Typed, to: DataType): Typed {
  const type = targetType(to);
  const duck = duckType(type);
  const from = x.type;
  if (x.sql === 'NULL') return { sql: `CAST(NULL AS ${duck})`, type };
  switch (type.code) {
    case TypeCode.VARCHAR:
    case TypeCode.NCHAR: {
      if (isTimestamp(from)) unsupported('CAST of TIMESTAMP to a string');
      const text = isString(from) ? x.sql : `CAST(${x.sql} AS VARCHAR)`;
      return { sql: type.length > 0 ? `left(${text}, ${type.length})` : text, type };
    }
    case TypeCode.TIMESTAMP:
    case TypeCode.BIGINT:
    case TypeCode.INT:
    case TypeCode.SMALLINT:
    case TypeCode.TINYINT:
    case TypeCode.UBIGINT:
    case TypeCode.UINT:
    case TypeCode.USMALLINT:
    case TypeCode.UTINYINT:
      if (isString(from)) return { sql: `TRY_CAST(trunc(${stringNumber(x.sql)}) AS ${duck})`, type };
      if (isFloat(from)) return { sql: `TRY_CAST(trunc(${x.sql}) AS ${duck})`, type };
      if (isInteger(from) || isTimestamp(from) || from.code === TypeCode.BOOL)
        return { sql: `TRY_CAST(${x.sql} AS ${duck})`, type };
      break;
    case TypeCode.FLOAT:
    case TypeCode.DOUBLE:
      if (isString(from)) return { sql: `CAST(${stringNumber(x.sql)} AS ${duck})`, type };
      if (isNumeric(from) || isTimestamp(from)) return { sql: `CAST(${x.sql} AS ${duck})`, type };
      break;
    case TypeCode.BOOL:
      if (isNumeric(from) || isTimestamp(from)) return { sql: `(${x.sql} <> 0)`, type };
      if (isString(from)) return { sql: `(${stringNumber(x.sql)} <> 0)`, type };
      break;
    case TypeCode.DECIMAL:
    case TypeCode.DECIMAL64:
      if (isNumeric(from)) return { sql: `CAST(${x.sql} AS ${duck})`, type };
      if (isString(from)) return { sql: `TRY_CAST(${x.sql} AS ${duck})`, type };
      break;
    default:
      break;
  }
  return unsupported(`CAST to type ${type.code} from type ${from.code}`);
}
