/** The translator's single exits for "cannot translate" and TDengine validation errors. */
import { Code, TaosError } from '@taosts/protocol';

/**
 * A TDengine feature we do not translate yet. Raised instead of emitting SQL that would give a
 * different answer than TDengine (style.md: never silently wrong SQL).
 */
export function unsupported(what: string): never {
  throw new TaosError(Code.OPS_NOT_SUPPORT, `${what} not supported by taosts yet`);
}

/** Raise a TDengine error; `detail` is appended the way TDengine's parser formats messages. */
export function fail(code: number, detail?: string): never {
  const err = new TaosError(code);
  if (detail === undefined) throw err;
  throw new TaosError(code, `${err.message}: ${detail}`);
}
