/**
 * One error family in the spirit of PEP 249. Every error carries the TDengine `code` (low 16 bits,
 * as REST reports it), the `reqId` of the request, and the SQL as a non-enumerable property so it
 * stays out of logs and JSON dumps (postgres.js does the same with `query`/`parameters`).
 */

/** Code used when no TDengine code applies (taosAdapter's generic code). */
export const GENERIC_CODE = 0xffff;
/** TDengine's "Unable to establish connection" (TSDB_CODE_RPC_NETWORK_UNAVAIL). */
export const NETWORK_CODE = 0x000b;

export interface ErrorDetails {
  code?: number;
  reqId?: bigint;
  sql?: string;
  /** HTTP status when the error came from an HTTP reply. */
  status?: number;
  cause?: unknown;
}

/** Base class of every error this package throws (PEP 249 `Error`). */
export class TDengineError extends Error {
  /** TDengine error code, low 16 bits (`0x2603` = table does not exist). */
  readonly code: number;
  readonly reqId: bigint | undefined;
  /** HTTP status of the reply, when there was one. */
  readonly status: number | undefined;
  declare readonly sql: string | undefined;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = (details.code ?? GENERIC_CODE) & 0xffff;
    this.reqId = details.reqId;
    this.status = details.status;
    Object.defineProperty(this, 'sql', { value: details.sql, enumerable: false, writable: true });
  }

  /** The code as TDengine documents it: `0x80002603`. */
  get codeHex(): string {
    return '0x' + (0x80000000 + this.code).toString(16).padStart(8, '0');
  }
}

/** Errors in the use of this package rather than the database (bad options, bad parameters). */
export class InterfaceError extends TDengineError {}
/** Errors reported by the database. */
export class DatabaseError extends TDengineError {}
/** Connection, authentication, network, resource and server-side operational failures. */
export class OperationalError extends DatabaseError {}
/** Syntax errors, missing or existing tables, wrong parameter counts. */
export class ProgrammingError extends DatabaseError {}
/** Relational integrity violations. */
export class IntegrityError extends DatabaseError {}
/** Bad values: out of range, wrong type, too long, invalid timestamps. */
export class DataError extends DatabaseError {}
/** A feature the server or this connector does not support. */
export class NotSupportedError extends DatabaseError {}
/** The server hit an internal inconsistency. */
export class InternalError extends DatabaseError {}
/** The request did not complete within its `timeout`. */
export class TimeoutError extends OperationalError {}
/**
 * The WebSocket connection went away. `requestSent` says whether the request had left: if it had,
 * a write may have landed, so it is never replayed automatically.
 */
export class ConnectionLostError extends OperationalError {
  readonly requestSent: boolean;
  constructor(message: string, requestSent: boolean, cause?: unknown) {
    super(message, { code: NETWORK_CODE, cause });
    this.requestSent = requestSent;
  }
}
/** The request was cancelled through its `AbortSignal`. */
export class AbortError extends TDengineError {}

type ErrorClass = new (message: string, details?: ErrorDetails) => TDengineError;

/** Exact codes first; ranges below are the fallback (TDDOC `09-error-code.md` module prefixes). */
const BY_CODE: ReadonlyMap<number, ErrorClass> = new Map<number, ErrorClass>([
  [0x0100, NotSupportedError], // operation not supported
  [0x0102, OperationalError], // out of memory
  [0x000b, OperationalError], // unable to establish connection
  [0x0118, ProgrammingError], // invalid parameters
  [0x013d, DataError], // decimal overflow
  [0x013e, DataError], // decimal division by zero
  [0x0200, ProgrammingError], // invalid operation
  [0x020f, OperationalError], // query terminated
  [0x0216, ProgrammingError], // syntax error
  [0x021b, ProgrammingError], // syntax error in line (schemaless)
  [0x0224, DataError], // value out of range
  [0x060b, DataError], // timestamp out of range
  [0x0603, ProgrammingError], // table already exists
  [0x2605, DataError], // invalid value type
  [0x2653, DataError], // value too long
  [0x2803, DataError], // invalid function parameter value
  [0x2805, DataError], // duplicate timestamps in function
  [0xfffd, OperationalError], // SQL forbidden by adapter
  [0xfffe, OperationalError], // request over limit
  [0xffff, OperationalError], // adapter generic
]);

const BY_RANGE: readonly (readonly [number, number, ErrorClass])[] = [
  [0x0001, 0x00ff, OperationalError], // rpc / common
  [0x0100, 0x01ff, InternalError], // common utilities
  [0x0200, 0x02ff, ProgrammingError], // client (tsc)
  [0x0350, 0x035f, OperationalError], // users and authentication
  [0x0360, 0x03ff, ProgrammingError], // catalog objects: exist / not exist
  [0x0300, 0x034f, OperationalError], // mnode
  [0x0400, 0x05ff, OperationalError], // dnode / vnode
  [0x0600, 0x06ff, InternalError], // tsdb
  [0x0700, 0x0aff, OperationalError], // query / sync / wal
  [0x1100, 0x11ff, OperationalError], // HTTP: auth and request errors
  [0x2600, 0x26ff, ProgrammingError], // parser
  [0x2700, 0x27ff, ProgrammingError], // planner
  [0x2800, 0x28ff, ProgrammingError], // functions
];

/** The error class for a TDengine code (table-driven; unknown codes are `DatabaseError`). */
export function errorClassOf(code: number): ErrorClass {
  const c = code & 0xffff;
  const exact = BY_CODE.get(c);
  if (exact) return exact;
  for (const [lo, hi, cls] of BY_RANGE) if (c >= lo && c <= hi) return cls;
  return DatabaseError;
}

/** Build the right error for a code the server reported. */
export function errorFromCode(
  code: number,
  message: string,
  details: Omit<ErrorDetails, 'code'> = {},
): TDengineError {
  const Cls = errorClassOf(code);
  return new Cls(message, { ...details, code });
}
