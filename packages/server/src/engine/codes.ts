/**
 * TDengine codes the engine raises that `@taosts/protocol`'s `Code` table does not list yet
 * (kept here so the shared table is only touched by its owner; move them when convenient).
 */
export const XCode = {
  /** `Only one tag if there is a json tag` (parser 0x2633). */
  ONLY_ONE_JSON_TAG: 0x2633,
  /** `Invalid JSON format` for a JSON tag value (TSC 0x022C). */
  INVALID_JSON: 0x022c,
  /** `Invalid JSON data type`: nested objects/arrays in a JSON tag (TSC 0x022D). */
  INVALID_JSON_TYPE: 0x022d,
} as const;
