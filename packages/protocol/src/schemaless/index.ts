export {
  SML_TS_COLUMN,
  SML_VALUE_COLUMN,
  smlPrecisionOf,
  type SmlPrecision,
  type SmlField,
  type SmlTag,
  type SmlPoint,
  type SmlOptions,
} from './sml-types.js';
export { parseSmlValue } from './sml-value.js';
export {
  parseLineProtocol,
  parseLineProtocolInto,
  type LineProtocolOptions,
  type LineSink,
} from './line-protocol.js';
export { parseOpenTsdbTelnet } from './opentsdb-telnet.js';
export { parseOpenTsdbJson } from './opentsdb-json.js';
export { smlChildTableName, type ChildTableNameOptions } from './child-table-name.js';
