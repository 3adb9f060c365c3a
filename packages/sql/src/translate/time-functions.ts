/**
 * Time functions (sql.md §5.7): NOW/TODAY fold to tick literals, TIMETRUNCATE/TIMEDIFF are tick
 * arithmetic, TO_ISO8601 formats per row in the session zone (DuckDB ICU for DST-aware zones).
 */
import { Code, ticksPerSecond, type Precision } from '@taosts/protocol';
import type { Expr } from '../ast/index.js';
import { durationTicks, parseTimestamp, zoneOffsetSeconds } from '../time/index.js';
import type { Env } from './env.js';
import { fail, unsupported } from './errors.js';
import { genExpr } from './expr.js';
import { bigintLit, quoteString } from './literal.js';
import type { Typed } from './scope.js';
import { T, isInteger, isString, isTimestamp } from './sql-type.js';
import { constTicks, nowTicks, todayTicks } from './time-const.js';
import type { ScalarFn } from './functions.js';

/** A timestamp argument: TIMESTAMP/integer ticks, or a constant timestamp string. */
function timeArg(e: Expr, env: Env): string {
  if (e.kind === 'String') return bigintLit(constTicks(e, env.ctx, env.precision)!);
  const x = genExpr(e, env);
  if (!isTimestamp(x.type) && !isInteger(x.type) && x.sql !== 'NULL') {
    if (isString(x.type)) unsupported('timestamp strings from columns in time functions');
    fail(Code.FUNC_INVALID_PARA_TYPE);
  }
  return x.sql;
}

function unitTicks(e: Expr, env: Env): { ticks: bigint; unit: string } {
  if (e.kind !== 'Duration') fail(Code.FUNC_INVALID_PARA_TYPE);
  if (e.unit === 'n' || e.unit === 'y') unsupported(`time unit '${e.unit}'`);
  return { ticks: durationTicks(e.value, e.unit, env.precision), unit: e.unit };
}

function floorTo(x: string, unit: bigint, shift: bigint): string {
  const s = shift === 0n ? x : `(${x} + ${bigintLit(shift)})`;
  return `(${x} - ((${s} % ${unit}) + ${unit}) % ${unit})`;
}

/** Session-zone UTC offset in ticks at statement time (d/w alignment; fixed for the statement). */
export function zoneShiftTicks(env: Env): bigint {
  const nowMs = Number(env.ctx.now / 1_000_000n);
  return BigInt(zoneOffsetSeconds(env.ctx.timezone, nowMs)) * ticksPerSecond(env.precision);
}

const FIXED_ZONE = /^(?:[+-]\d{1,2}(?::?\d{2})?|z|utc|gmt)$/i;

/** Offset seconds of a TO_ISO8601 zone argument (`z`, `±hh`, `±hhmm`, `±hh:mm`). */
function parseOffset(tz: string): number | undefined {
  if (/^z$/i.test(tz)) return 0;
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(tz);
  if (!m) return undefined;
  const s = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60;
  return m[1] === '-' ? -s : s;
}

function offsetText(seconds: string): string {
  const abs = `abs(${seconds})`;
  return `(CASE WHEN ${seconds} < 0 THEN '-' ELSE '+' END || lpad(CAST(${abs} // 3600 AS VARCHAR), 2, '0') || ':' || lpad(CAST((${abs} % 3600) // 60 AS VARCHAR), 2, '0'))`;
}

/** Wall-clock TIMESTAMP in the session zone of tick value `x` (seconds resolution). */
function localTime(x: string, precision: Precision, tz: string): string {
  const tps = ticksPerSecond(precision);
  const utc = `make_timestamp(((${x} - (((${x} % ${tps}) + ${tps}) % ${tps})) // ${tps}) * 1000000)`;
  const off = FIXED_ZONE.test(tz)
    ? `${parseOffset(tz.replace(/^(utc|gmt)$/i, 'z')) ?? 0}`
    : `CAST(epoch(timezone(${quoteString(tz)}, timezone('UTC', ${utc}))) - epoch(${utc}) AS BIGINT)`;
  return `(${utc} + to_seconds(${off}))`;
}

/** WEEKDAY (0 = Monday), DAYOFWEEK (1 = Sunday), WEEKOFYEAR (ISO week, = WEEK(x, 3)). */
const dayPart = (part: (local: string) => string): ScalarFn => ({
  min: 1,
  max: 1,
  gen(args, env) {
    const x = timeArg(args[0], env);
    if (x === 'NULL') return { sql: 'CAST(NULL AS BIGINT)', type: T.bigint };
    return { sql: `CAST(${part(localTime(x, env.precision, env.ctx.timezone))} AS BIGINT)`, type: T.bigint };
  },
});

/** `2022-01-01T08:00:00.000+08:00` with fraction digits = precision (sql.md §5.6). */
function iso8601(x: string, precision: Precision, tz: string, fixedOffset?: number): string {
  const tps = ticksPerSecond(precision);
  const digits = precision === 'ms' ? 3 : precision === 'us' ? 6 : 9;
  const sec = `((${x} - (((${x} % ${tps}) + ${tps}) % ${tps})) // ${tps})`;
  const frac = `lpad(CAST(((${x} % ${tps}) + ${tps}) % ${tps} AS VARCHAR), ${digits}, '0')`;
  const utc = `make_timestamp(${sec} * 1000000)`;
  let off: string;
  if (fixedOffset !== undefined) off = `${fixedOffset}`;
  else if (FIXED_ZONE.test(tz)) off = `${parseOffset(tz.replace(/^(utc|gmt)$/i, 'z')) ?? 0}`;
  else off = `CAST(epoch(timezone(${quoteString(tz)}, timezone('UTC', ${utc}))) - epoch(${utc}) AS BIGINT)`;
  const local = `(${utc} + to_seconds(${off}))`;
  return `(strftime(${local}, '%Y-%m-%dT%H:%M:%S') || '.' || ${frac} || ${offsetText(off)})`;
}

function timezoneText(tz: string, nowMs: number): string {
  const off = zoneOffsetSeconds(tz, nowMs);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  const hhmm = `${sign}${String(Math.floor(a / 3600)).padStart(2, '0')}${String(Math.floor((a % 3600) / 60)).padStart(2, '0')}`;
  let abbr = 'UTC';
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'short' })
      .formatToParts(new Date(nowMs))
      .find((p) => p.type === 'timeZoneName');
    if (part) abbr = part.value;
  } catch {
    abbr = tz;
  }
  return `${tz} (${abbr}, ${hhmm})`;
}

export const TIME_FUNCTIONS: Readonly<Record<string, ScalarFn>> = {
  weekday: dayPart((l) => `(isodow(${l}) - 1)`),
  dayofweek: dayPart((l) => `(dayofweek(${l}) + 1)`),
  weekofyear: dayPart((l) => `weekofyear(${l})`),
  now: {
    min: 0,
    max: 0,
    gen: (_a, env) => ({ sql: bigintLit(nowTicks(env.ctx, env.precision)), type: T.timestamp }),
  },
  today: {
    min: 0,
    max: 0,
    gen: (_a, env) => ({ sql: bigintLit(todayTicks(env.ctx, env.precision)), type: T.timestamp }),
  },
  timezone: {
    min: 0,
    max: 0,
    gen(_a, env): Typed {
      const s = timezoneText(env.ctx.timezone, Number(env.ctx.now / 1_000_000n));
      return { sql: quoteString(s), type: T.varchar(new TextEncoder().encode(s).length) };
    },
  },
  timetruncate: {
    min: 2,
    max: 3,
    gen(args, env) {
      const x = timeArg(args[0], env);
      const { ticks, unit } = unitTicks(args[1], env);
      const useTz = args[2] === undefined || !(args[2].kind === 'Number' && Number(args[2].text) === 0);
      const shift = useTz && (unit === 'd' || unit === 'w') ? zoneShiftTicks(env) : 0n;
      return { sql: floorTo(x, ticks, shift), type: T.timestamp };
    },
  },
  timediff: {
    min: 2,
    max: 3,
    gen(args, env) {
      const a = timeArg(args[0], env);
      const b = timeArg(args[1], env);
      const u = args[2] === undefined ? 1n : unitTicks(args[2], env).ticks;
      return { sql: u === 1n ? `(${a} - ${b})` : `((${a} - ${b}) // ${u})`, type: T.bigint };
    },
  },
  to_iso8601: {
    min: 1,
    max: 2,
    gen(args, env) {
      const x = timeArg(args[0], env);
      let fixedOff: number | undefined;
      if (args[1] !== undefined) {
        if (args[1].kind !== 'String') fail(Code.FUNC_INVALID_PARA_TYPE);
        fixedOff = parseOffset(args[1].value);
        if (fixedOff === undefined) fail(Code.FUNC_INVALID_PARA_VALUE, args[1].value);
      }
      return { sql: iso8601(x, env.precision, env.ctx.timezone, fixedOff), type: T.varchar(64) };
    },
  },
  to_unixtimestamp: {
    min: 1,
    max: 2,
    gen(args, env) {
      const asTs = args[1] !== undefined && args[1].kind === 'Number' && Number(args[1].text) === 1;
      if (args[0].kind !== 'String') unsupported('TO_UNIXTIMESTAMP of a non-constant string');
      const v = parseTimestamp(args[0].value, env.precision, env.ctx.timezone);
      return {
        sql: v === undefined ? 'CAST(NULL AS BIGINT)' : bigintLit(v),
        type: asTs ? T.timestamp : T.bigint,
      };
    },
  },
};
