/** The translator's single exits for "cannot translate" and TDengine validation errors. */
import { Code, TaosError } from '@taosts/protocol';

/**
 * A TDengine feature we do not translate yet. Raised instead of emitting SQL that would give a
 * different answer than TDengine (style.md: never silently wrong SQL).
 */
export function unsupported(what: string): never {
  throw new TaosError(Code.OPS_NOT_SUPPORT, `${what} not supported by taosts yet`);
}

/** Parser messages TDengine formats with a name (sql.md §8.2); others use the static text. */
const FORMATTED: Partial<Record<number, string>> = {
  [Code.INVALID_COLUMN]: 'Invalid column name',
  [Code.TABLE_NOT_EXIST]: 'Table does not exist',
};

/** Raise a TDengine error; `detail` is appended the way TDengine's parser formats messages. */
export function fail(code: number, detail?: string): never {
  const base = FORMATTED[code] ?? new TaosError(code).message;
  throw new TaosError(code, detail === undefined ? base : `${base}: ${detail}`);
}
