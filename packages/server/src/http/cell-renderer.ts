/**
 * One JSON renderer per result column, chosen once from the column type (protocol.md §2.5,
 * taosAdapter `tools/ctools/block.go`). Renderers get non-null values; the encoder writes `null`.
 */
import { TypeCode, type Precision } from '@taosts/protocol';
import type { ResultColumn } from '@taosts/sql';
import type { Value } from '../engine/types.js';
import { formatFloat32, formatFloat64 } from './format-float.js';
import { jsonString } from './json-string.js';
import { createTimestampRenderer } from './timestamp-renderer.js';

export type CellRenderer = (value: Exclude<Value, null>) => string;

const renderBool: CellRenderer = (v) => (v === true || (v !== false && Number(v) !== 0) ? 'true' : 'false');
const renderInteger: CellRenderer = (v) =>
  typeof v === 'number' || typeof v === 'bigint' ? String(v) : String(Number(v));
const renderFloat: CellRenderer = (v) => formatFloat32(Number(v));
const renderDouble: CellRenderer = (v) => formatFloat64(Number(v));
const renderString: CellRenderer = (v) =>
  jsonString(
    typeof v === 'string' ? v : v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : String(v),
  );
/** JSON tags carry JSON text and are inlined raw, not quoted. */
const renderJson: CellRenderer = (v) => (typeof v === 'string' ? v : String(v));
const renderHex: CellRenderer = (v) =>
  '"' +
  (v instanceof Uint8Array
    ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')
    : Buffer.from(String(v), 'utf8').toString('hex')) +
  '"';
/** DECIMAL values arrive as strings with exactly `scale` fraction digits. */
const renderDecimal: CellRenderer = (v) => '"' + String(v) + '"';
const renderNull: CellRenderer = () => 'null';

/** The renderer for one result column. */
export function cellRenderer(column: ResultColumn, precision: Precision, timezone: string): CellRenderer {
  switch (column.type) {
    case TypeCode.NULL:
      return renderNull;
    case TypeCode.BOOL:
      return renderBool;
    case TypeCode.TINYINT:
    case TypeCode.SMALLINT:
    case TypeCode.INT:
    case TypeCode.BIGINT:
    case TypeCode.UTINYINT:
    case TypeCode.USMALLINT:
    case TypeCode.UINT:
    case TypeCode.UBIGINT:
      return renderInteger;
    case TypeCode.FLOAT:
      return renderFloat;
    case TypeCode.DOUBLE:
      return renderDouble;
    case TypeCode.TIMESTAMP: {
      const render = createTimestampRenderer(precision, timezone);
      return (v) => render(typeof v === 'bigint' || typeof v === 'number' ? v : BigInt(String(v)));
    }
    case TypeCode.VARCHAR:
    case TypeCode.NCHAR:
      return renderString;
    case TypeCode.JSON:
      return renderJson;
    case TypeCode.VARBINARY:
    case TypeCode.GEOMETRY:
    case TypeCode.BLOB:
    case TypeCode.MEDIUMBLOB:
      return renderHex;
    case TypeCode.DECIMAL:
    case TypeCode.DECIMAL64:
      return renderDecimal;
    default: {
      const never: never = column.type;
      throw new Error(`no REST renderer for type ${String(never)}`);
    }
  }
}
