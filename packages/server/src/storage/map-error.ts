/**
 * DuckDB errors as TDengine errors. A DuckDB message names DuckDB's types and our generated
 * SQL, which mean nothing to a TDengine client: each error class gets the closest TDengine code
 * and a message in TDengine's terms. TaosErrors pass through; errors the translator raises in
 * SQL with `error()` (see `@taosts/sql` errorFromSqlMessage) become their TaosError again.
 */
import { Code, TaosError } from '@taosts/protocol';
import { errorFromSqlMessage } from '@taosts/sql';

/** DuckDB's `<Class> Error: …` prefix → TDengine code and message. */
const CLASSES: readonly (readonly [RegExp, number, string])[] = [
  [/^Out of Memory Error/i, Code.OUT_OF_MEMORY, 'Out of memory'],
  [/^INTERRUPT Error|^Interrupted/i, Code.TSC_QUERY_CANCELLED, 'Query terminated'],
  [
    /^(Conversion|Out of Range) Error/i,
    Code.TSC_INVALID_OPERATION,
    'Invalid operation: value out of range of its type',
  ],
  [/^Invalid Input Error/i, Code.TSC_INVALID_OPERATION, 'Invalid operation: invalid input value'],
  [/^Division By Zero/i, Code.TSC_INVALID_OPERATION, 'Invalid operation: division by zero'],
  [/^IO Error/i, Code.TSC_INVALID_OPERATION, 'Invalid operation: storage I/O error'],
  [
    /^(TransactionContext|Transaction) Error/i,
    Code.TSC_INVALID_OPERATION,
    'Invalid operation: conflicting concurrent write, retry',
  ],
];

/** The error to report for anything DuckDB threw. */
export function mapError(e: unknown): TaosError {
  if (e instanceof TaosError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const tagged = errorFromSqlMessage(message);
  if (tagged) return tagged;
  for (const [re, code, text] of CLASSES) if (re.test(message)) return withCause(code, text, e);
  // Binder/Parser/Catalog errors mean the translation produced SQL DuckDB rejects: our bug, so
  // the first line of DuckDB's message goes along for the report.
  const detail = message.split('\n', 1)[0]!;
  return withCause(Code.TSC_INVALID_OPERATION, `Invalid operation: internal error (${detail})`, e);
}

/** Keep DuckDB's original error as `cause` (for logs), out of the client-facing message. */
function withCause(code: number, message: string, cause: unknown): TaosError {
  const err = new TaosError(code, message);
  Object.defineProperty(err, 'cause', { value: cause, enumerable: false });
  return err;
}
