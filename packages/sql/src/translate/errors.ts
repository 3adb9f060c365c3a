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

/**
 * Errors found while DuckDB runs a translation (0x2805 duplicate timestamps) are raised with
 * DuckDB's `error()`; the message starts with this tag and the TDengine code in hex.
 */
export const SQL_ERROR_TAG = 'TDengine error';

/** SQL that raises TDengine error `code` when evaluated. */
export function sqlError(code: number): string {
  const msg = new TaosError(code).message.replaceAll("'", "''");
  return `error('${SQL_ERROR_TAG} 0x${code.toString(16).padStart(4, '0')}: ${msg}')`;
}

/** The TaosError inside a DuckDB error message raised by `sqlError`, if any (for the engine). */
export function errorFromSqlMessage(message: string): TaosError | undefined {
  const m = new RegExp(`${SQL_ERROR_TAG} 0x([0-9a-f]{4}): (.*)$`, 's').exec(message);
  return m ? new TaosError(parseInt(m[1], 16), m[2].trim()) : undefined;
}
