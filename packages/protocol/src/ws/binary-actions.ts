/**
 * Binary action ids (header offset 16) and the `action` strings of their replies
 * (protocol.md §4.3, TA `controller/ws/ws/const.go`).
 */
export const BinaryAction = {
  SET_TAGS: 1,
  BIND: 2,
  WRITE_RAW: 3,
  WRITE_RAW_BLOCK: 4,
  WRITE_RAW_BLOCK_WITH_FIELDS: 5,
  BINARY_QUERY: 6,
  FETCH_RAW_BLOCK: 7,
  /** Used only on `/rest/tmq` for `fetch_raw_data` replies. */
  FETCH_RAW_DATA: 8,
  STMT2_BIND: 9,
  VALIDATE_SQL: 10,
  STMT2_BIND_EXEC: 11,
} as const;
export type BinaryAction = (typeof BinaryAction)[keyof typeof BinaryAction];

const NAMES: Readonly<Record<number, string>> = {
  1: 'set_tags',
  2: 'bind',
  3: 'write_raw',
  4: 'write_raw_block',
  5: 'write_raw_block_with_fields',
  6: 'binary_query',
  7: 'fetch_raw_block',
  8: 'fetch_raw_data',
  9: 'stmt2_bind',
  10: 'validate_sql',
  11: 'stmt2_bind_exec',
};

/**
 * Reply `action` string for a binary action id, or undefined for unknown ids (TA then answers
 * `unknown binary action <n>`). @example binaryActionName(6) // 'binary_query'
 */
export function binaryActionName(id: number | bigint): string | undefined {
  return NAMES[Number(id)];
}
