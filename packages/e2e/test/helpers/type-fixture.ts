/**
 * Every data type but TIMESTAMP, with extremes, hostile strings and NULLs: the rows the REST and
 * WebSocket type-fidelity tests write and read back exactly.
 */
import { TDTimestamp, type Value } from 'taosts';

export const TYPE_COLUMNS = [
  ['c_bool', 'BOOL'],
  ['c_ti', 'TINYINT'],
  ['c_si', 'SMALLINT'],
  ['c_i', 'INT'],
  ['c_bi', 'BIGINT'],
  ['c_uti', 'TINYINT UNSIGNED'],
  ['c_usi', 'SMALLINT UNSIGNED'],
  ['c_ui', 'INT UNSIGNED'],
  ['c_ubi', 'BIGINT UNSIGNED'],
  ['c_f', 'FLOAT'],
  ['c_d', 'DOUBLE'],
  ['c_vc', 'VARCHAR(60)'],
  ['c_nc', 'NCHAR(20)'],
  ['c_vb', 'VARBINARY(20)'],
] as const;

/** A cell of these rows: both a `Value` to compare with what is read back and a `BindValue` to write. */
export type TypeCell = null | boolean | number | bigint | string | Uint8Array;

export const f32 = (x: number) => Math.fround(x);
export const TYPE_ROWS: readonly (readonly TypeCell[])[] = [
  [
    false,
    -128,
    -32768,
    -2147483648,
    -9223372036854775808n,
    0,
    0,
    0,
    0n,
    f32(-3.4028234663852886e38),
    -1.7976931348623157e308,
    '',
    '',
    new Uint8Array([0]),
  ],
  [
    true,
    127,
    32767,
    2147483647,
    9223372036854775807n,
    255,
    65535,
    4294967295,
    18446744073709551615n,
    f32(3.4028234663852886e38),
    1.7976931348623157e308,
    `q'"\\\`?:x\n\t`,
    '数据库🚀ü',
    new Uint8Array([0xff, 0x00, 0x7f]),
  ],
  [
    true,
    -1,
    -1,
    -1,
    9007199254740993n,
    1,
    1,
    1,
    9007199254740993n,
    f32(0.1),
    0.1,
    "'); drop database x; --",
    'Ω≈ç√∫',
    new Uint8Array([]),
  ],
  [
    false,
    0,
    0,
    0,
    -9007199254740993n,
    2,
    2,
    2,
    2n ** 63n,
    f32(1e-38),
    5e-324,
    'plain',
    'a',
    new Uint8Array([1, 2, 3, 4]),
  ],
  [null, null, null, null, null, null, null, null, null, null, null, null, null, null],
];

/** Comparable form: FLOAT by float32 bits, timestamps by precision + ISO text, bytes as hex. */
export function norm(v: Value, type: string): unknown {
  if (v === null) return null;
  if (type === 'FLOAT') return ['f32', f32(v as number)];
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : v;
  if (v instanceof TDTimestamp) return ['ts', v.precision, v.toISOString()];
  if (v instanceof Uint8Array) return ['bytes', Buffer.from(v).toString('hex')];
  return v;
}
