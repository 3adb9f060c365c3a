/**
 * Expression nodes. Readonly data in a discriminated union on `kind`; consumers switch
 * exhaustively and end in `assertNever`.
 *
 * Identifiers are already normalised by the parser: unquoted names lower-cased, back-ticked
 * names kept verbatim (sql.md §0.1, §1.8).
 */
import type { TypeCode } from '@taosts/protocol';

export type Expr =
  | NumberLit
  | StringLit
  | BoolLit
  | NullLit
  | DurationLit
  | TimestampLit
  | ColumnRef
  | Star
  | FuncCall
  | Unary
  | Binary
  | Between
  | InList
  | IsNull
  | Case
  | Cast
  | Param;

/** Numeric literal; `text` is the exact source text (no rounding through `number`). */
export interface NumberLit {
  readonly kind: 'Number';
  readonly text: string;
  /** True when the literal has no `.`/exponent (an integer: BIGINT in TDengine, hex `0x..` included). */
  readonly isInt: boolean;
}

/** 'abc' or "abc" — both quote styles are strings in TDengine. Escapes already resolved. */
export interface StringLit {
  readonly kind: 'String';
  readonly value: string;
}

export interface BoolLit {
  readonly kind: 'Bool';
  readonly value: boolean;
}

export interface NullLit {
  readonly kind: 'Null';
}

/** Duration units: b ns, u µs, a ms, s, m, h, d, w, n month, y year (sql.md §2.2). */
export type DurationUnit = 'b' | 'u' | 'a' | 's' | 'm' | 'h' | 'd' | 'w' | 'n' | 'y';

/** `10s`, `1h`, `500a`; a unit-less number inside INTERVAL(...) is parsed as NumberLit. */
export interface DurationLit {
  readonly kind: 'Duration';
  readonly value: bigint;
  readonly unit: DurationUnit;
  /** Source text, e.g. `10s` (used for default column names and SHOW CREATE). */
  readonly text: string;
}

/** `TIMESTAMP '2025-03-19 10:00:00'`. */
export interface TimestampLit {
  readonly kind: 'Timestamp';
  readonly value: string;
}

/**
 * A column, tag or pseudo-column reference (`tbname`, `_wstart`, `_rowts`, `_c0`, …).
 * `table` is the qualifier (`t.c`, `alias.c`); `db` only for `db.t.c`.
 */
export interface ColumnRef {
  readonly kind: 'Column';
  readonly name: string;
  readonly table?: string;
  readonly db?: string;
}

/** `*` or `t.*`; also the argument of `count(*)`, `last(*)`. */
export interface Star {
  readonly kind: 'Star';
  readonly table?: string;
}

/** A function call; `name` lower-cased. `NOW` without parentheses is `now()`. */
export interface FuncCall {
  readonly kind: 'Func';
  readonly name: string;
  readonly args: readonly Expr[];
}

export type UnaryOp = '-' | '+' | 'not' | '~';
export interface Unary {
  readonly kind: 'Unary';
  readonly op: UnaryOp;
  readonly operand: Expr;
}

export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '&'
  | '|'
  | '='
  | '<>'
  | '<'
  | '<='
  | '>'
  | '>='
  | 'and'
  | 'or'
  | 'like'
  | 'not like'
  | 'match'
  | 'nmatch'
  | 'regexp'
  | 'not regexp'
  | 'contains'
  | '->';
export interface Binary {
  readonly kind: 'Binary';
  /** `!=` is normalised to `<>`. */
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}

export interface Between {
  readonly kind: 'Between';
  readonly expr: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly not: boolean;
}

export interface InList {
  readonly kind: 'In';
  readonly expr: Expr;
  readonly list: readonly Expr[];
  readonly not: boolean;
}

export interface IsNull {
  readonly kind: 'IsNull';
  readonly expr: Expr;
  readonly not: boolean;
}

export interface Case {
  readonly kind: 'Case';
  /** `CASE x WHEN …` form; absent for `CASE WHEN cond …`. */
  readonly operand?: Expr;
  readonly whens: readonly { readonly when: Expr; readonly then: Expr }[];
  readonly else?: Expr;
}

export interface Cast {
  readonly kind: 'Cast';
  readonly expr: Expr;
  readonly to: DataType;
}

/** `?` placeholder (stmt/stmt2), numbered from 0 in source order. */
export interface Param {
  readonly kind: 'Param';
  readonly index: number;
}

/** A declared type: `VARCHAR(20)`, `NCHAR(10)`, `INT UNSIGNED`, `DECIMAL(10,2)`. */
export interface DataType {
  readonly code: TypeCode;
  /** Declared length for VARCHAR/BINARY, NCHAR (characters), VARBINARY, GEOMETRY. */
  readonly length?: number;
  /** DECIMAL precision and scale. */
  readonly precision?: number;
  readonly scale?: number;
}

export function assertNever(x: never): never {
  throw new Error(`unexpected node: ${JSON.stringify(x)}`);
}
