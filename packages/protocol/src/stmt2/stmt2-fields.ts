import { Code, TaosError } from '../errors.js';
import { isKnownType } from '../raw-block/block-header.js';
import type { TypeCode } from '../types.js';

/** `bind_type` of a stmt2 field (protocol.md §6, TA `TAOS_FIELD_*`). */
export const BindType = { COLUMN: 1, TAG: 2, QUERY: 3, TBNAME: 4 } as const;
export type BindType = (typeof BindType)[keyof typeof BindType];

/** One entry of a `stmt2_prepare` reply's `fields` (TA `Stmt2AllField`). */
export interface Stmt2Field {
  readonly name: string;
  readonly field_type: TypeCode;
  /** TIMESTAMP: 0 ms, 1 µs, 2 ns; DECIMAL: precision. */
  readonly precision: number;
  readonly scale: number;
  /** Internal width (VARCHAR(n) → n+2, NCHAR(n) → 4n+2). */
  readonly bytes: number;
  readonly bind_type: BindType;
}

/**
 * Build a field descriptor for a `stmt2_prepare` reply (server side).
 *
 * @example stmt2Field('ts', TypeCode.TIMESTAMP, BindType.COLUMN, { precision: 0, bytes: 8 })
 */
export function stmt2Field(
  name: string,
  type: TypeCode,
  bindType: BindType,
  opts: { precision?: number; scale?: number; bytes?: number } = {},
): Stmt2Field {
  return {
    name,
    field_type: type,
    precision: opts.precision ?? 0,
    scale: opts.scale ?? 0,
    bytes: opts.bytes ?? 0,
    bind_type: bindType,
  };
}

/**
 * Validate the `fields` of a `stmt2_prepare` reply (client side); `null` (query statements) stays
 * `null`. @example const fields = decodeStmt2Fields(reply.fields)
 */
export function decodeStmt2Fields(json: unknown): Stmt2Field[] | null {
  if (json === null || json === undefined) return null;
  if (!Array.isArray(json)) throw invalid('fields is not an array');
  return json.map((f: unknown, i) => {
    if (typeof f !== 'object' || f === null) throw invalid(`field ${i} is not an object`);
    const o = f as Record<string, unknown>;
    const int = (k: string): number => {
      const v = o[k] ?? 0;
      if (typeof v !== 'number' || !Number.isInteger(v)) throw invalid(`field ${i}: ${k} is not an integer`);
      return v;
    };
    if (typeof o.name !== 'string') throw invalid(`field ${i}: name is not a string`);
    const type = int('field_type');
    if (!isKnownType(type)) throw invalid(`field ${i}: unknown field_type ${type}`);
    const bt = int('bind_type');
    if (bt < 1 || bt > 4) throw invalid(`field ${i}: unknown bind_type ${bt}`);
    return stmt2Field(o.name, type, bt as BindType, {
      precision: int('precision'),
      scale: int('scale'),
      bytes: int('bytes'),
    });
  });
}

/** Fields split by role, in statement order. */
export interface Stmt2FieldRoles {
  readonly tbname: Stmt2Field | undefined;
  readonly tags: Stmt2Field[];
  readonly columns: Stmt2Field[];
}

/** Split prepared fields into tbname, tag and column fields. */
export function fieldRoles(fields: readonly Stmt2Field[]): Stmt2FieldRoles {
  return {
    tbname: fields.find((f) => f.bind_type === BindType.TBNAME),
    tags: fields.filter((f) => f.bind_type === BindType.TAG),
    columns: fields.filter((f) => f.bind_type === BindType.COLUMN),
  };
}

function invalid(msg: string): TaosError {
  return new TaosError(Code.ADAPTER_GENERIC, `invalid stmt2 fields: ${msg}`);
}
