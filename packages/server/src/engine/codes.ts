/**
 * TDengine codes the engine raises that `@taosts/protocol`'s `Code` table does not list yet
 * (kept here so the shared table is only touched by its owner; move them when convenient).
 */
export const XCode = {
  /** `Only one tag if there is a json tag` (parser 0x2633). */
  ONLY_ONE_JSON_TAG: 0x2633,
  /** `Invalid json data` for a JSON tag value. */
  INVALID_JSON: 0x2634,
} as const;
