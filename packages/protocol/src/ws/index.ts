export { parseWsJson, stringifyWsJson } from './ws-json.js';
export {
  encodeWsRequest,
  decodeWsRequest,
  encodeWsResponse,
  encodeWsError,
  decodeWsResponse,
  type Uint64,
  type WsRequest,
  type WsResponse,
  type WsResponseBase,
  type DecodedWsRequest,
  type WsQueryResponse,
} from './ws-envelope.js';
export { BinaryAction, binaryActionName } from './binary-actions.js';
export {
  BINARY_HEADER_SIZE,
  BINARY_PROTOCOL_VERSION,
  binaryRequest,
  decodeBinaryHeader,
  type BinaryHeader,
} from './binary-header.js';
export { encodeBinaryQuery, decodeBinaryQuery, type BinaryQuery } from './binary-query.js';
export {
  encodeFetchRawBlockRequest,
  decodeFetchRawBlockRequest,
  encodeFetchRawBlockReply,
  decodeFetchRawBlockReply,
  binaryReplyReqId,
  encodeFetchBlockReply,
  decodeFetchBlockReply,
  BINARY_REPLY_REQ_ID_OFFSET,
  FETCH_RAW_BLOCK_DATA_OFFSET,
  type FetchRawBlockReply,
  type FetchBlockReply,
} from './fetch-raw-block.js';
