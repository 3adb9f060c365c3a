/**
 * Typed reads of JSON request arguments. A value of the wrong type is taosAdapter's
 * `unmarshal … request error` (0xffff): its Go structs refuse to decode it.
 */
import { Code, TaosError } from '@taosts/protocol';

export type Args = Readonly<Record<string, unknown>>;

function bad(action: string): never {
  throw new TaosError(Code.ADAPTER_GENERIC, `unmarshal ${action} request error`);
}

/** A uint64 argument (ids); 0 when absent or null. */
export function argId(args: Args, key: string, action: string): number | bigint {
  const v = args[key];
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'bigint' && v >= 0n && v <= 0xffffffffffffffffn) return v;
  return bad(action);
}

/** A string argument; `''` when absent or null. */
export function argString(args: Args, key: string, action: string): string {
  const v = args[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') bad(action);
  return v;
}

/** An optional string argument: undefined when absent or null. */
export function argOptString(args: Args, key: string, action: string): string | undefined {
  const v = args[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') bad(action);
  return v;
}

export function argBool(args: Args, key: string, action: string): boolean {
  const v = args[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') bad(action);
  return v;
}

/** An optional int argument. */
export function argInt(args: Args, key: string, action: string): number | undefined {
  const v = args[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) bad(action);
  return v;
}

/** Ids as map keys: a number when safe, else -1 (matches nothing we issued). */
export function idKey(id: number | bigint): number {
  if (typeof id === 'number') return id;
  return id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : -1;
}
