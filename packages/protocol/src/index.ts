export * from './types.js';
export * from './errors.js';
export * from './raw-block/index.js';
export { formatDecimal, parseDecimal } from './util/decimal.js';
export { utf8Length, encodeUtf8 } from './util/utf8.js';
export { toHex, fromHex } from './util/hex.js';
export * from './ws/index.js';
export * from './stmt2/index.js';
export * from './schemaless/index.js';
