/**
 * INSERT value evaluation per column type (sql.md §2.3–2.4): literal expressions become stored
 * values, or TDengine's error (`syntax error near '…' (reason)` 0x0216, 0x2653 too long…).
 */
import { Code, TaosError, TypeCode } from '@taosts/protocol';
import type { Precision } from '@taosts/protocol';
import type { ColumnSchema, Expr } from '@taosts/sql';
import { durationTicks, nsToTicks, parseTimestamp } from '@taosts/sql';
import type { AppendValue } from '../storage/storage.js';
import { byteLength } from '../catalog/column-defs.js';
import { XCode } from '../engine/codes.js';
import { wktToWkb } from './wkt.js';

export interface EvalContext {
  readonly precision: Precision;
  readonly timezone: string;
  /** Statement time in ns: every NOW in a statement is this value. */
  readonly now: bigint;
}

export function syntaxError(token: string, reason: string): TaosError {
  return new TaosError(Code.TSC_SQL_SYNTAX_ERROR, `syntax error near '${token}' (${reason})`);
}

/** A literal as the converters see it. */
type Lit =
  | { kind: 'null' }
  | { kind: 'number'; text: string; isInt: boolean }
  | { kind: 'string'; value: string }
  | { kind: 'bool'; value: boolean };

function literal(e: Expr): Lit | undefined {
  switch (e.kind) {
    case 'Null':
      return { kind: 'null' };
    case 'Number':
      return { kind: 'number', text: e.text, isInt: e.isInt };
    case 'String':
      return { kind: 'string', value: e.value };
    case 'Bool':
      return { kind: 'bool', value: e.value };
    case 'Unary':
      if (e.op === '-' || e.op === '+') {
        const inner = literal(e.operand);
        if (inner?.kind === 'number') {
          const sign = e.op === '-' ? (inner.text.startsWith('-') ? '' : '-') : '';
          const text = e.op === '-' && inner.text.startsWith('-') ? inner.text.slice(1) : sign + inner.text;
          return { kind: 'number', text, isInt: inner.isInt };
        }
      }
      return undefined;
    default:
      return undefined;
  }
}

export function exprText(e: Expr): string {
  switch (e.kind) {
    case 'Number':
      return e.text;
    case 'String':
      return e.value;
    case 'Bool':
      return String(e.value);
    case 'Null':
      return 'null';
    case 'Duration':
      return e.text;
    case 'Func':
      return `${e.name}(${e.args.map(exprText).join(', ')})`;
    case 'Unary':
      return `${e.op}${exprText(e.operand)}`;
    case 'Binary':
      return `${exprText(e.left)} ${e.op} ${exprText(e.right)}`;
    case 'Column':
      return e.name;
    case 'Timestamp':
      return e.value;
    default:
      return e.kind.toLowerCase();
  }
}

const INT_RANGE: Partial<Record<TypeCode, readonly [bigint, bigint]>> = {
  [TypeCode.TINYINT]: [-128n, 127n],
  [TypeCode.SMALLINT]: [-32768n, 32767n],
  [TypeCode.INT]: [-2147483648n, 2147483647n],
  [TypeCode.BIGINT]: [-(2n ** 63n), 2n ** 63n - 1n],
  [TypeCode.UTINYINT]: [0n, 255n],
  [TypeCode.USMALLINT]: [0n, 65535n],
  [TypeCode.UINT]: [0n, 4294967295n],
  [TypeCode.UBIGINT]: [0n, 2n ** 64n - 1n],
};

const NUMERIC_TEXT = /^[-+]?(0[xX][0-9a-fA-F]+|(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)$/;

/** Integer from number text, C-truncating a fraction; undefined when not numeric. */
function parseInteger(text: string): bigint | undefined {
  const t = text.trim();
  if (!NUMERIC_TEXT.test(t)) return undefined;
  if (/^[-+]?0[xX]/.test(t)) {
    const neg = t.startsWith('-');
    const v = BigInt(t.replace(/^[-+]/, ''));
    return neg ? -v : v;
  }
  if (/^[-+]?\d+$/.test(t)) return BigInt(t);
  const n = Number(t);
  if (!Number.isFinite(n)) return undefined;
  // Exact for integral parts within double range; TDengine converts through double too.
  return BigInt(Math.trunc(n));
}

function parseFloatText(text: string): number | undefined {
  const t = text.trim();
  if (!NUMERIC_TEXT.test(t)) return undefined;
  if (/^[-+]?0[xX]/.test(t)) return Number(parseInteger(t));
  return Number(t);
}

const FLOAT_MAX = 3.4028234663852886e38;

function convertInteger(lit: Lit, col: ColumnSchema, token: string): AppendValue {
  const unsigned =
    col.type === TypeCode.UTINYINT ||
    col.type === TypeCode.USMALLINT ||
    col.type === TypeCode.UINT ||
    col.type === TypeCode.UBIGINT;
  let v: bigint | undefined;
  if (lit.kind === 'bool') v = lit.value ? 1n : 0n;
  else if (lit.kind === 'number') v = parseInteger(lit.text);
  else if (lit.kind === 'string') {
    const s = lit.value.trim().toLowerCase();
    v = s === 'true' ? 1n : s === 'false' ? 0n : parseInteger(lit.value);
  }
  if (v === undefined) throw syntaxError(token, unsigned ? 'invalid unsigned int data' : 'invalid int data');
  const [min, max] = INT_RANGE[col.type]!;
  if (v < min || v > max)
    throw syntaxError(token, unsigned ? 'unsigned int data overflow' : 'int data overflow');
  return col.type === TypeCode.BIGINT || col.type === TypeCode.UBIGINT ? v : Number(v);
}

function convertFloat(lit: Lit, col: ColumnSchema, token: string): AppendValue {
  let v: number | undefined;
  if (lit.kind === 'bool') v = lit.value ? 1 : 0;
  else if (lit.kind === 'number') v = parseFloatText(lit.text);
  else if (lit.kind === 'string') {
    const s = lit.value.trim().toLowerCase();
    v = s === 'true' ? 1 : s === 'false' ? 0 : parseFloatText(lit.value);
  }
  if (v === undefined || Number.isNaN(v))
    throw syntaxError(token, col.type === TypeCode.FLOAT ? 'invalid float data' : 'invalid double data');
  if (!Number.isFinite(v) || (col.type === TypeCode.FLOAT && Math.abs(v) > FLOAT_MAX)) {
    throw syntaxError(token, col.type === TypeCode.FLOAT ? 'float data overflow' : 'double data overflow');
  }
  return col.type === TypeCode.FLOAT ? Math.fround(v) : v;
}

function convertBool(lit: Lit, token: string): AppendValue {
  if (lit.kind === 'bool') return lit.value;
  if (lit.kind === 'number') {
    const n = parseFloatText(lit.text);
    if (n !== undefined && !Number.isNaN(n)) return n !== 0;
  }
  if (lit.kind === 'string') {
    const s = lit.value.trim().toLowerCase();
    if (s === 'true' || s === 't') return true;
    if (s === 'false' || s === 'f') return false;
    const n = parseFloatText(s);
    if (n !== undefined && !Number.isNaN(n)) return n !== 0;
  }
  throw syntaxError(token, 'invalid bool data');
}

function textOf(lit: Lit): string | undefined {
  switch (lit.kind) {
    case 'string':
      return lit.value;
    case 'number':
      return lit.text;
    case 'bool':
      return String(lit.value);
    default:
      return undefined;
  }
}

function tooLong(col: ColumnSchema): TaosError {
  return new TaosError(Code.VALUE_TOO_LONG, `Value too long for column/tag: ${col.name}`);
}

function hexBytes(hex: string, token: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw syntaxError(token, 'invalid hex data');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const encoder = new TextEncoder();

function convertBinary(lit: Lit, col: ColumnSchema, token: string): AppendValue {
  const s = textOf(lit);
  if (s === undefined) throw syntaxError(token, 'invalid binary data');
  const bytes = /^\\x/i.test(s) ? hexBytes(s.slice(2), token) : encoder.encode(s);
  if (col.type !== TypeCode.BLOB ? bytes.length > col.length : bytes.length > 4194304) throw tooLong(col);
  return bytes;
}

function convertGeometry(lit: Lit, col: ColumnSchema, token: string): AppendValue {
  if (lit.kind !== 'string') throw syntaxError(token, 'invalid geometry data');
  const wkb = wktToWkb(lit.value);
  if (!wkb) throw syntaxError(token, 'invalid geometry data');
  if (wkb.length > col.length) throw tooLong(col);
  return wkb;
}

/** JSON tag: a flat object of scalars (sql.md §1.9); `''`, `'{}'`, `'null'` mean NULL. */
function convertJson(lit: Lit, col: ColumnSchema, token: string): AppendValue {
  if (lit.kind !== 'string') throw syntaxError(token, 'invalid json data');
  const s = lit.value.trim();
  if (s === '' || s.toLowerCase() === 'null') return null;
  let obj: unknown;
  try {
    obj = JSON.parse(s);
  } catch {
    throw new TaosError(XCode.INVALID_JSON, 'Invalid JSON format');
  }
  if (obj === null) return null;
  if (typeof obj !== 'object' || Array.isArray(obj))
    throw new TaosError(XCode.INVALID_JSON, 'Invalid JSON format');
  const entries = Object.entries(obj as Record<string, unknown>);
  if (entries.length === 0) return null;
  for (const [k, v] of entries) {
    if (k.length === 0 || byteLength(k) > 256 || !/^[\x20-\x7e]+$/.test(k))
      throw new TaosError(XCode.INVALID_JSON, 'Invalid JSON format');
    if (v !== null && typeof v === 'object')
      throw new TaosError(XCode.INVALID_JSON_TYPE, 'Invalid JSON data type');
  }
  const text = JSON.stringify(obj);
  if (byteLength(text) > 4096) throw tooLong(col);
  return text;
}

/** Decimal text → scaled bigint, rounding half away from zero; 0x013D on overflow. */
function convertDecimal(lit: Lit, col: ColumnSchema, token: string): AppendValue {
  const s = (lit.kind === 'number' ? lit.text : lit.kind === 'string' ? lit.value : '').trim();
  const m = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw syntaxError(token, 'invalid decimal data');
  const scale = col.scale ?? 0;
  const precision = col.precision ?? 18;
  const digits = (m[2] ?? '') + (m[3] ?? '');
  const pointPos = (m[2] ?? '').length + Number(m[4] ?? 0);
  // Value = 0.digits × 10^pointPos; we want round(value × 10^scale).
  const want = pointPos + scale;
  let scaled: bigint;
  if (want <= 0) {
    scaled = want === 0 && digits.length > 0 && Number(digits[0]) >= 5 ? 1n : 0n;
  } else if (want >= digits.length) {
    scaled = BigInt(digits + '0'.repeat(want - digits.length) || '0');
  } else {
    const head = BigInt(digits.slice(0, want) || '0');
    scaled = Number(digits[want]) >= 5 ? head + 1n : head;
  }
  if (scaled.toString().length > precision)
    throw new TaosError(Code.DECIMAL_OVERFLOW, 'Decimal value overflow');
  return m[1] === '-' ? -scaled : scaled;
}

/**
 * Timestamp from an expression: integer ticks, strings in the session zone, NOW/TODAY, and
 * `± duration` arithmetic (sql.md §2.3).
 */
export function evalTimestamp(e: Expr, ctx: EvalContext): bigint | null {
  switch (e.kind) {
    case 'Null':
      return null;
    case 'Number':
    case 'Unary': {
      const lit = literal(e);
      if (lit?.kind === 'number') {
        const v = lit.isInt ? parseInteger(lit.text) : undefined;
        if (v === undefined) throw syntaxError(exprText(e), 'invalid timestamp');
        return v;
      }
      break;
    }
    case 'String': {
      if (e.value.trim().toLowerCase() === 'null') return null;
      const v = parseTimestamp(e.value, ctx.precision, ctx.timezone);
      if (v !== undefined) return v;
      if (/^\s*-?\d+\s*$/.test(e.value)) return BigInt(e.value.trim());
      throw syntaxError(e.value, 'invalid timestamp');
    }
    case 'Timestamp': {
      const v = parseTimestamp(e.value, ctx.precision, ctx.timezone);
      if (v === undefined) throw syntaxError(e.value, 'invalid timestamp');
      return v;
    }
    case 'Func':
      if ((e.name === 'now' || e.name === 'today') && e.args.length === 0) {
        const now = nsToTicks(ctx.now, ctx.precision);
        if (e.name === 'now') return now;
        const day = durationTicks(1n, 'd', ctx.precision);
        // Midnight in the session zone.
        const parsed = parseTimestamp(isoDate(ctx.now, ctx.timezone), ctx.precision, ctx.timezone);
        return parsed ?? now - (((now % day) + day) % day);
      }
      break;
    case 'Binary':
      if (e.op === '+' || e.op === '-') {
        const left = evalTimestamp(e.left, ctx);
        const right =
          e.right.kind === 'Duration'
            ? durationTicks(e.right.value, e.right.unit, ctx.precision)
            : evalTimestamp(e.right, ctx);
        if (left === null || right === null) return null;
        return e.op === '+' ? left + right : left - right;
      }
      break;
    default:
      break;
  }
  throw syntaxError(exprText(e), 'invalid timestamp');
}

/** `YYYY-MM-DD` of an instant in a zone (for TODAY()). */
function isoDate(ns: bigint, timezone: string): string {
  const ms = Number(ns / 1_000_000n);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(ms));
  return parts;
}

/** Convert one VALUES/TAGS expression to the stored value of `col`. */
export function convertValue(e: Expr, col: ColumnSchema, ctx: EvalContext): AppendValue {
  if (col.type === TypeCode.TIMESTAMP) return evalTimestamp(e, ctx);
  const lit = literal(e);
  if (!lit) {
    if (e.kind === 'Param') throw syntaxError('?', 'parameter placeholders need the stmt API');
    if (e.kind === 'Func' || e.kind === 'Binary') {
      throw new TaosError(Code.OPS_NOT_SUPPORT, `expression not supported as a value: ${exprText(e)}`);
    }
    throw syntaxError(exprText(e), 'invalid data');
  }
  if (lit.kind === 'null') return null;
  const token = exprText(e);
  const isString = col.type === TypeCode.VARCHAR || col.type === TypeCode.NCHAR;
  if (!isString && lit.kind === 'string' && lit.value.trim().toLowerCase() === 'null') return null;
  switch (col.type) {
    case TypeCode.BOOL:
      return convertBool(lit, token);
    case TypeCode.TINYINT:
    case TypeCode.SMALLINT:
    case TypeCode.INT:
    case TypeCode.BIGINT:
    case TypeCode.UTINYINT:
    case TypeCode.USMALLINT:
    case TypeCode.UINT:
    case TypeCode.UBIGINT:
      return convertInteger(lit, col, token);
    case TypeCode.FLOAT:
    case TypeCode.DOUBLE:
      return convertFloat(lit, col, token);
    case TypeCode.VARCHAR: {
      const s = textOf(lit)!;
      if (byteLength(s) > col.length) throw tooLong(col);
      return s;
    }
    case TypeCode.NCHAR: {
      const s = textOf(lit)!;
      let chars = 0;
      for (const _ of s) chars++;
      if (chars > col.length) throw tooLong(col);
      return s;
    }
    case TypeCode.JSON:
      return convertJson(lit, col, token);
    case TypeCode.VARBINARY:
    case TypeCode.BLOB:
    case TypeCode.MEDIUMBLOB:
      return convertBinary(lit, col, token);
    case TypeCode.GEOMETRY:
      return convertGeometry(lit, col, token);
    case TypeCode.DECIMAL:
    case TypeCode.DECIMAL64:
      return convertDecimal(lit, col, token);
    case TypeCode.NULL:
      return null;
  }
}

export type Converter = (e: Expr) => AppendValue;

/**
 * A number literal already read as its exact JS value (the bulk-insert scanner computes it from
 * the digits): the stored value, or undefined when the literal needs the full rules of
 * `convertValue` (out of range, a fraction for an integer column, a non-numeric column).
 */
export type NumberConverter = (v: number, isInt: boolean) => AppendValue | undefined;

const notHandled: NumberConverter = () => undefined;

/** Exact numbers into numeric and timestamp columns: the hot cases of `converterFor`. */
export function numberConverterFor(col: ColumnSchema): NumberConverter {
  switch (col.type) {
    case TypeCode.TINYINT:
    case TypeCode.SMALLINT:
    case TypeCode.INT:
    case TypeCode.UTINYINT:
    case TypeCode.USMALLINT:
    case TypeCode.UINT: {
      const [lo, hi] = INT_RANGE[col.type]!;
      const min = Number(lo);
      const max = Number(hi);
      return (v, isInt) => (isInt && v >= min && v <= max ? v : undefined);
    }
    case TypeCode.BIGINT:
    case TypeCode.UBIGINT: {
      const [lo, hi] = INT_RANGE[col.type]!;
      const min = Number(lo);
      const max = Number(hi);
      // Exact integers are below 2^53, far inside BIGINT; only the sign can be out of range.
      return (v, isInt) => (isInt && v >= min && v <= max ? BigInt(v) : undefined);
    }
    case TypeCode.FLOAT:
      return (v) => (Number.isFinite(v) && Math.abs(v) <= FLOAT_MAX ? Math.fround(v) : undefined);
    case TypeCode.DOUBLE:
      return (v) => (Number.isFinite(v) ? v : undefined);
    case TypeCode.TIMESTAMP:
      return (v, isInt) => (isInt ? BigInt(v) : undefined);
    default:
      return notHandled;
  }
}

const SMALL_INT = /^-?\d{1,15}$/;

/**
 * A converter for one column, chosen once per column: fast paths for the literal shapes bulk
 * inserts use, everything else through `convertValue`.
 */
export function converterFor(col: ColumnSchema, ctx: EvalContext): Converter {
  const generic: Converter = (e) => convertValue(e, col, ctx);
  const num = numberConverterFor(col);
  switch (col.type) {
    case TypeCode.TINYINT:
    case TypeCode.SMALLINT:
    case TypeCode.INT:
    case TypeCode.UTINYINT:
    case TypeCode.USMALLINT:
    case TypeCode.UINT:
      return (e) => {
        if (e.kind === 'Number' && SMALL_INT.test(e.text)) {
          const v = num(Number(e.text), true);
          if (v !== undefined) return v;
        }
        return generic(e);
      };
    case TypeCode.BIGINT:
    case TypeCode.UBIGINT: {
      const [min, max] = INT_RANGE[col.type]!;
      return (e) => {
        if (e.kind === 'Number' && e.isInt && !/[xX]/.test(e.text)) {
          const v = BigInt(e.text);
          if (v >= min && v <= max) return v;
        }
        return generic(e);
      };
    }
    case TypeCode.FLOAT:
    case TypeCode.DOUBLE:
      return (e) => {
        if (e.kind === 'Number') {
          const v = num(Number(e.text), e.isInt);
          if (v !== undefined) return v;
        }
        return generic(e);
      };
    case TypeCode.TIMESTAMP: {
      const now = nsToTicks(ctx.now, ctx.precision);
      return (e) => {
        if (e.kind === 'Number' && e.isInt && !/[xX]/.test(e.text)) return BigInt(e.text);
        if (e.kind === 'Func' && e.name === 'now' && e.args.length === 0) return now;
        return generic(e);
      };
    }
    case TypeCode.VARCHAR:
      return (e) => {
        if (e.kind === 'String' && e.value.length <= col.length && byteLength(e.value) <= col.length)
          return e.value;
        return generic(e);
      };
    default:
      return generic;
  }
}
