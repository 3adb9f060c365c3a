export type {
  Value,
  BlockColumn,
  EncodeRawBlockOptions,
  ColumnData,
  BlockColumnInfo,
  DecodedColumn,
  DecodedBlock,
  DecodeRawBlockOptions,
  VarEntries,
} from './types.js';
export { isVarEntries } from './types.js';
export { VarEntriesBuilder } from './var-entries.js';
export { encodeRawBlock } from './encode-raw-block.js';
export { decodeRawBlock } from './decode-raw-block.js';
export {
  decodeRawBlockRows,
  blockToRows,
  columnValues,
  mapColumnValues,
  type ColumnSource,
} from './block-rows.js';
export {
  BLOCK_HEADER_SIZE,
  readBlockHeader,
  bitmapLength,
  isNullAt,
  packDecimalBytes,
  type BlockHeader,
} from './block-header.js';
