import { DataError, ProgrammingError } from './errors.js';
import { scanSql } from './sql-scan.js';
import type { Hole, SqlScan } from './sql-scan.js';
import { TDTimestamp } from './timestamp.js';

/** One value a placeholder accepts (client-side binding and prepared statements alike). */
export type BindScalar =
  null | undefined | boolean | number | bigint | string | Date | TDTimestamp | Uint8Array | ArrayBuffer;

/** Values `?`/`:name` placeholders accept. Arrays expand to `a, b, c` (for `IN (?)`). */
export type BindValue = BindScalar | readonly BindValue[];

/** Positional values for `?`, or an object for `:name`. */
export type Params = readonly BindValue[] | { readonly [name: string]: BindValue };

/**
 * Render one value as an exact, injection-proof TDengine literal.
 * - strings: single-quoted; `\` and `'` are backslash-escaped (TDengine's `trimString` rules);
 *   NUL is refused because the server reads SQL as a C string.
 * - numbers: finite only, shortest round-trip text; `bigint` as digits; booleans `true`/`false`.
 * - `null`/`undefined`: `NULL`.
 * - `Date` and `TDTimestamp`: RFC 3339 UTC text with every digit of the value's own precision
 *   (`'2024-01-01T00:00:00.123456789Z'`). The server reads it at the database precision
 *   (extra digits are truncated), so the instant is exact whatever the precision is; an epoch
 *   number would need the client to know the database precision, which it does not.
 * - `Uint8Array`/`ArrayBuffer`: the VARBINARY hex literal `'\x0a1b'`.
 */
export function literal(v: BindValue, where = 'parameter'): string {
  switch (typeof v) {
    case 'string':
      return quote(v, where);
    case 'number':
      if (!Number.isFinite(v))
        throw new DataError(`cannot bind ${v} (${where}): TDengine has no literal for it`);
      return String(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
      return 'NULL';
    case 'object': {
      if (v === null) return 'NULL';
      if (v instanceof TDTimestamp) return `'${v.toISOString()}'`;
      if (v instanceof Date) {
        if (Number.isNaN(v.getTime())) throw new DataError(`cannot bind an invalid Date (${where})`);
        return `'${TDTimestamp.fromDate(v).toISOString()}'`;
      }
      if (v instanceof Uint8Array)
        return `'\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}'`;
      if (v instanceof ArrayBuffer) return `'\\x${Buffer.from(v).toString('hex')}'`;
      if (Array.isArray(v)) {
        if (v.length === 0) throw new ProgrammingError(`cannot bind an empty array (${where})`);
        return v
          .map((x: BindValue, k: number) => {
            if (Array.isArray(x)) throw new ProgrammingError(`cannot bind a nested array (${where}[${k}])`);
            return literal(x, `${where}[${k}]`);
          })
          .join(', ');
      }
      const kind =
        Object.getPrototypeOf(v) === Object.prototype
          ? 'a plain object'
          : `a ${(v as object).constructor?.name ?? 'object'}`;
      throw new ProgrammingError(
        `cannot bind ${kind} (${where}); pass JSON tag values as JSON.stringify(value)`,
      );
    }
    default:
      throw new ProgrammingError(`cannot bind a ${typeof v} (${where})`);
  }
}

function quote(s: string, where: string): string {
  if (s.includes('\0')) throw new DataError(`cannot bind a string containing NUL (${where})`);
  let out = "'";
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 39 || c === 92) {
      out += s.slice(from, i) + '\\' + s[i];
      from = i + 1;
    }
  }
  return out + s.slice(from) + "'";
}

/** Which placeholders a set of parameters fills: `?` for arrays, `:name` for objects. */
function holesFor(scan: SqlScan, params: Params): Hole[] {
  const named = !Array.isArray(params);
  const pos = scan.holes.filter((h) => h.name === undefined);
  const nam = scan.holes.filter((h) => h.name !== undefined);
  if (named) {
    if (pos.length)
      throw new ProgrammingError('named parameters (an object) were given but the SQL uses "?" placeholders');
    return nam;
  }
  return pos;
}

/** Render the SQL in `[from, to)` with placeholders replaced by literals of `params`. */
function render(
  sql: string,
  holes: readonly Hole[],
  params: Params,
  from: number,
  to: number,
  where: string,
): string {
  let out = '';
  let at = from;
  let k = 0;
  for (const h of holes) {
    if (h.start < from || h.end > to) continue;
    let v: BindValue;
    if (h.name === undefined) {
      v = (params as readonly BindValue[])[k];
      k++;
    } else {
      if (!Object.prototype.hasOwnProperty.call(params, h.name))
        throw new ProgrammingError(`missing named parameter :${h.name}${where}`);
      v = (params as Record<string, BindValue>)[h.name];
    }
    const lit = literal(v, h.name === undefined ? `parameter ${k}${where}` : `:${h.name}${where}`);
    out += sql.slice(at, h.start);
    // `a -?` with -1 must not become the comment `a --1`.
    if (lit.charCodeAt(0) === 45 && out.charCodeAt(out.length - 1) === 45) out += ' ';
    out += lit;
    at = h.end;
  }
  return out + sql.slice(at, to);
}

function checkCount(holes: readonly Hole[], params: Params, where: string): void {
  if (!Array.isArray(params)) return;
  if (holes.length !== params.length) {
    throw new ProgrammingError(
      `the SQL has ${holes.length} "?" placeholder${holes.length === 1 ? '' : 's'} but ${params.length} parameter${params.length === 1 ? ' was' : 's were'} given${where}`,
    );
  }
}

/**
 * Bind parameters client-side. Without `params` the SQL is returned untouched.
 * @example bindParams('select * from t where id = ? and name = ?', [7, "O'Brien"])
 */
export function bindParams(sql: string, params?: Params, scan: SqlScan = scanSql(sql)): string {
  if (params === undefined) return sql;
  if (params === null || typeof params !== 'object')
    throw new ProgrammingError('parameters must be an array or an object');
  const holes = holesFor(scan, params);
  checkCount(holes, params, '');
  return render(sql, holes, params, 0, sql.length, '');
}

/**
 * Turn `executeMany(sql, rows)` into as few statements as possible, each at most `maxLength`
 * UTF-8 bytes long (TDengine's default `maxSQLLength` is 1 MB) unless a single row is longer:
 * - `INSERT … VALUES (?, ?)` → one `INSERT … VALUES (…) (…) …`;
 * - other INSERTs with placeholders outside VALUES (`INSERT INTO ? USING st TAGS (?) VALUES (?)`)
 *   → one multi-table `INSERT INTO <clause> <clause> …`;
 * - anything else → one statement per row.
 * Every row is bound before anything is returned, so a bad value fails before any request.
 */
export function expandMany(sql: string, rows: readonly Params[], maxLength: number): string[] {
  const scan = scanSql(sql);
  if (rows.length === 0) return [];
  const text = sql.replace(/[\s;]+$/, '');
  const words = scan.words;
  const first = words[0];
  if (first?.text === 'insert' && first.depth === 0) {
    const values = words.find((w) => w.text === 'values' && w.depth === 0);
    const open = values ? firstParenAfter(text, values.end) : -1;
    const close = open >= 0 ? scan.closeOf.get(open) : undefined;
    const rendered = (from: number, to: number): string[] =>
      rows.map((p, r) => {
        const holes = holesFor(scan, p);
        checkCount(holes, p, ` (row ${r})`);
        return render(text, holes, p, from, to, ` (row ${r})`);
      });
    if (
      close !== undefined &&
      text.slice(close + 1).trim() === '' &&
      scan.holes.every((h) => h.start > open && h.end <= close)
    ) {
      return pack(text.slice(0, open), rendered(open, close + 1), maxLength);
    }
    const into = words.find((w) => w.text === 'into' && w.depth === 0);
    if (into && scan.holes.every((h) => h.start >= into.end)) {
      return pack(
        text.slice(0, into.end) + ' ',
        rendered(into.end, text.length).map((s) => s.trim()),
        maxLength,
      );
    }
  }
  return rows.map((p, r) => {
    const holes = holesFor(scan, p);
    checkCount(holes, p, ` (row ${r})`);
    return render(sql, holes, p, 0, sql.length, ` (row ${r})`);
  });
}

function firstParenAfter(sql: string, from: number): number {
  const m = /^\s*\(/.exec(sql.slice(from));
  return m ? from + m[0].length - 1 : -1;
}

/** Join `parts` after `head`, space-separated, starting a new statement before `maxBytes` UTF-8 bytes. */
function pack(head: string, parts: readonly string[], maxBytes: number): string[] {
  const out: string[] = [];
  const headBytes = Buffer.byteLength(head);
  let cur = head;
  let bytes = headBytes;
  let count = 0;
  for (const p of parts) {
    const n = Buffer.byteLength(p);
    if (count > 0 && bytes + 1 + n > maxBytes) {
      out.push(cur);
      cur = head;
      bytes = headBytes;
      count = 0;
    }
    cur += (count > 0 ? ' ' : '') + p;
    bytes += (count > 0 ? 1 : 0) + n;
    count++;
  }
  out.push(cur);
  return out;
}
