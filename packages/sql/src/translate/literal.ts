/** Rendering of SQL literals and identifiers for DuckDB. */

export function quoteString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

export function quoteIdent(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/** A BIGINT literal DuckDB will not narrow to INTEGER. */
export function bigintLit(v: bigint): string {
  return `CAST(${v.toString()} AS BIGINT)`;
}

/** UTF-8 byte length (TDengine VARCHAR lengths are bytes). */
export function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** Name of the k-th output column of a translated query (DuckDB folds identifier case, so we never use user names). */
export function outName(k: number): string {
  return `c${k}`;
}
