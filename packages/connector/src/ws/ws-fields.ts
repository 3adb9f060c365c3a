import { precisionOf, typeName } from '@taosts/protocol';
import type { Precision, TypeCode, WsResponse } from '@taosts/protocol';
import { InterfaceError } from '../errors.js';
import type { Field } from '../values.js';

/** The parts of a `binary_query` / `stmt2_result` reply a result needs. */
export interface WsResultMeta {
  /** Result id; 0 for statements without a result set. */
  readonly id: bigint;
  readonly isUpdate: boolean;
  readonly affectedRows: number;
  readonly fields: Field[];
  readonly precision: Precision;
  readonly timing: bigint;
}

/**
 * Columns of a query reply (protocol.md §4.5) as `Field`s with the names and lengths REST
 * reports: `DECIMAL(p,s)` from `fields_precisions`/`fields_scales`.
 */
export function resultMeta(r: WsResponse): WsResultMeta {
  const names = (r.fields_names ?? []) as unknown[];
  const types = (r.fields_types ?? []) as unknown[];
  const lengths = (r.fields_lengths ?? []) as unknown[];
  const precisions = (r.fields_precisions ?? []) as unknown[];
  const scales = (r.fields_scales ?? []) as unknown[];
  if (!Array.isArray(names) || !Array.isArray(types) || names.length !== types.length)
    throw new InterfaceError(`malformed ${r.action} reply: fields_names and fields_types differ`);
  const fields = names.map((name, i): Field => {
    const code = Number(types[i]) as TypeCode;
    const p = Number(precisions[i] ?? 0);
    const s = Number(scales[i] ?? 0);
    return Object.freeze({
      name: String(name),
      type: typeName(code, p > 0 ? p : undefined, s),
      typeCode: code,
      length: Number(lengths[i] ?? 0),
    });
  });
  const id = r.id ?? 0;
  return {
    id: typeof id === 'bigint' ? id : BigInt(id as number),
    isUpdate: r.is_update === true,
    affectedRows: Number(r.affected_rows ?? 0),
    fields,
    precision: precisionOf(Number(r.precision ?? 0)),
    timing: BigInt(r.timing),
  };
}
