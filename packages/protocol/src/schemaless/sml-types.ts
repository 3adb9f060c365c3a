import { Code, TaosError } from '../errors.js';
import type { Value } from '../raw-block/types.js';
import type { TypeCode } from '../types.js';

/**
 * Timestamp precision of schemaless input (protocol.md §7.1): hours, minutes, seconds, ms,
 * µs (`u`), ns. Line protocol without a configured precision is ns.
 */
export type SmlPrecision = 'h' | 'm' | 's' | 'ms' | 'u' | 'ns';

/** A typed value: field values, and tags that are not plain NCHAR strings (OpenTSDB JSON). */
export interface SmlField {
  readonly type: TypeCode;
  /**
   * BOOL boolean; TINYINT…INT and unsigned ≤ 32 bits number; BIGINT/UBIGINT bigint; FLOAT the
   * float32 value; DOUBLE number; VARCHAR/NCHAR string; VARBINARY Uint8Array; GEOMETRY the WKT
   * text as written (`G"POINT(1 2)"` → 'POINT(1 2)'), left to the engine to convert.
   */
  readonly value: Value;
}

/** A tag: a plain string is NCHAR (line protocol, telnet); OpenTSDB JSON may carry typed tags. */
export type SmlTag = string | SmlField;

/** One parsed point, protocol-neutral (protocol.md §7.2). */
export interface SmlPoint {
  /** Super table name, unescaped (no `.`→`_` rewrite; see {@link smlChildTableName}). */
  readonly measurement: string;
  readonly tags: Map<string, SmlTag>;
  /** Columns other than the timestamp (`_value` for OpenTSDB). */
  readonly fields: Map<string, SmlField>;
  /** Timestamp in nanoseconds since the epoch. */
  readonly ts: bigint;
  /** Precision the timestamp was written in. */
  readonly tsPrecision: SmlPrecision;
}

/** Default name of the timestamp column (`smlTsDefaultName`). */
export const SML_TS_COLUMN = '_ts';
/** Value column of OpenTSDB points. */
export const SML_VALUE_COLUMN = '_value';

/** Nanoseconds per unit of each precision. */
export const NS_PER: Readonly<Record<SmlPrecision, bigint>> = {
  h: 3_600_000_000_000n,
  m: 60_000_000_000n,
  s: 1_000_000_000n,
  ms: 1_000_000n,
  u: 1_000n,
  ns: 1n,
};

export interface SmlOptions {
  /** Clock for points without a timestamp (or `0`), in ns. Default: `Date.now()` in ns. */
  readonly now?: () => bigint;
}

export function defaultNow(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

/** A schemaless error: TDengine's code, with the 1-based line number in the message. */
export function smlError(line: number, msg: string, code: number = Code.SML_INVALID_DATA): TaosError {
  return new TaosError(code, `line ${line}: ${msg}`);
}

/**
 * Map the WS `insert` / REST `precision` argument to a precision as taosAdapter does
 * (protocol.md §7.1): `''`, `h`, `m`, `s`, `ms`, `u`/`μ`, `ns`; anything else — including `us` —
 * is "not configured", which line protocol treats as ns.
 *
 * @example smlPrecisionOf('u') // 'u'
 */
export function smlPrecisionOf(arg: string | undefined): SmlPrecision {
  switch (arg) {
    case 'h':
    case 'm':
    case 's':
    case 'ms':
    case 'u':
      return arg;
    case 'μ':
      return 'u';
    default:
      return 'ns';
  }
}
