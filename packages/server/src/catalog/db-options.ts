/**
 * Database options (sql.md §1.1): parsed, validated loosely, stored and echoed. Only PRECISION and
 * KEEP change behaviour here; the rest only show up in SHOW CREATE DATABASE / ins_databases.
 */
import { Code, TaosError } from '@taosts/protocol';
import type { Precision } from '@taosts/protocol';
import type { OptionValue, Options } from '@taosts/sql';

export interface DbOptions {
  readonly precision: Precision;
  /** KEEP k0,k1,k2 in minutes. */
  readonly keep: readonly [number, number, number];
  /** DURATION in minutes. */
  readonly duration: number;
  readonly vgroups: number;
  readonly replica: number;
  readonly buffer: number;
  readonly pages: number;
  readonly pagesize: number;
  readonly tsdbPagesize: number;
  readonly cachemodel: string;
  readonly cachesize: number;
  readonly comp: number;
  readonly minrows: number;
  readonly maxrows: number;
  readonly walLevel: number;
  readonly walFsyncPeriod: number;
  readonly walRetentionPeriod: number;
  readonly walRetentionSize: number;
  readonly sttTrigger: number;
  readonly singleStable: number;
  readonly tablePrefix: number;
  readonly tableSuffix: number;
  readonly keepTimeOffset: number;
  readonly strict: string;
  readonly encryptAlgorithm: string;
  readonly comment?: string;
}

const DAY = 1440;

export const DEFAULT_DB_OPTIONS: DbOptions = {
  precision: 'ms',
  keep: [3650 * DAY, 3650 * DAY, 3650 * DAY],
  duration: 10 * DAY,
  vgroups: 2,
  replica: 1,
  buffer: 256,
  pages: 256,
  pagesize: 4,
  tsdbPagesize: 4,
  cachemodel: 'none',
  cachesize: 1,
  comp: 2,
  minrows: 100,
  maxrows: 4096,
  walLevel: 1,
  walFsyncPeriod: 3000,
  walRetentionPeriod: 3600,
  walRetentionSize: 0,
  sttTrigger: 2,
  singleStable: 0,
  tablePrefix: 0,
  tableSuffix: 0,
  keepTimeOffset: 0,
  strict: 'off',
  encryptAlgorithm: 'none',
};

type IntKey = { [K in keyof DbOptions]-?: DbOptions[K] extends number ? K : never }[keyof DbOptions];

/** Integer options: SQL name → [field, min, max]. */
const INT_OPTIONS: Record<string, readonly [IntKey, number, number]> = {
  vgroups: ['vgroups', 1, 1024],
  replica: ['replica', 1, 3],
  buffer: ['buffer', 3, 16384],
  pages: ['pages', 64, 2 ** 31 - 1],
  pagesize: ['pagesize', 1, 16384],
  tsdb_pagesize: ['tsdbPagesize', 1, 16384],
  cachesize: ['cachesize', 1, 65536],
  comp: ['comp', 0, 2],
  minrows: ['minrows', 10, 1000000],
  maxrows: ['maxrows', 200, 10000],
  wal_level: ['walLevel', 0, 2],
  wal_fsync_period: ['walFsyncPeriod', 0, 180000],
  wal_retention_period: ['walRetentionPeriod', -1, 2 ** 31 - 1],
  wal_retention_size: ['walRetentionSize', -1, 2 ** 31 - 1],
  stt_trigger: ['sttTrigger', 1, 16],
  single_stable: ['singleStable', 0, 1],
  table_prefix: ['tablePrefix', -128, 128],
  table_suffix: ['tableSuffix', -128, 128],
  keep_time_offset: ['keepTimeOffset', 0, 23],
};

/** Options accepted and ignored (enterprise / storage tuning with no effect here). */
const IGNORED = new Set([
  'dnodes',
  'retentions',
  's3_chunkpages',
  's3_keeplocal',
  's3_compact',
  'ss_chunksize',
  'ss_keeplocal',
  'ss_compact',
  'compact_interval',
  'compact_time_range',
  'compact_time_offset',
  'with_arbitrator',
  'is_audit',
  'schemaless',
  'wal_roll_period',
  'wal_segment_size',
  's3_chunksize',
]);

/** Options ALTER DATABASE may change (PRECISION, VGROUPS… cannot). */
const ALTERABLE = new Set([
  'cachemodel',
  'cachesize',
  'buffer',
  'pages',
  'replica',
  'stt_trigger',
  'wal_level',
  'wal_fsync_period',
  'keep',
  'wal_retention_period',
  'wal_retention_size',
  'minrows',
  'keep_time_offset',
  'comment',
  's3_keeplocal',
  's3_compact',
  'ss_keeplocal',
  'ss_compact',
  'compact_interval',
  'compact_time_range',
  'compact_time_offset',
]);

function invalid(detail: string): TaosError {
  return new TaosError(Code.INVALID_DB_OPTION, `Invalid database option: ${detail}`);
}

function asInt(name: string, v: OptionValue): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  throw invalid(name);
}

function asString(name: string, v: OptionValue): string {
  if (typeof v === 'string') return v;
  throw invalid(name);
}

/** `365` (days), `100h`, `10d`, `60m` → minutes. */
export function durationMinutes(name: string, v: OptionValue): number {
  if (typeof v === 'number' || typeof v === 'bigint') return Number(v) * DAY;
  if (typeof v !== 'string') throw invalid(name);
  const m = /^\s*(\d+)\s*([mhd]?)\s*$/i.exec(v);
  if (!m) throw invalid(name);
  const n = Number(m[1]);
  switch ((m[2] ?? '').toLowerCase()) {
    case 'm':
      return n;
    case 'h':
      return n * 60;
    default:
      return n * DAY;
  }
}

/** Minutes printed in the largest whole unit: `3650d`, `100h`, `90m`. */
export function formatMinutes(m: number): string {
  if (m % DAY === 0) return `${m / DAY}d`;
  if (m % 60 === 0) return `${m / 60}h`;
  return `${m}m`;
}

export function formatKeep(keep: readonly number[]): string {
  return keep.map(formatMinutes).join(',');
}

/** Apply `options` over `base`, validating each; `alter` restricts to alterable options. */
export function applyDbOptions(base: DbOptions, options: Options, alter = false): DbOptions {
  const out: { -readonly [K in keyof DbOptions]: DbOptions[K] } = { ...base };
  for (const [rawName, value] of options) {
    const name = rawName.toLowerCase();
    if (alter && !ALTERABLE.has(name)) throw invalid(`${name} cannot be altered`);
    const int = INT_OPTIONS[name];
    if (int) {
      const [field, min, max] = int;
      const n = asInt(name, value);
      if (n < min || n > max) throw invalid(`${name} out of range [${min}, ${max}]`);
      out[field] = n;
      continue;
    }
    switch (name) {
      case 'precision': {
        const p = asString(name, value).toLowerCase();
        if (p !== 'ms' && p !== 'us' && p !== 'ns') throw invalid('precision');
        out.precision = p;
        break;
      }
      case 'keep': {
        const list = Array.isArray(value)
          ? (value as readonly (string | number | bigint)[])
          : [value as string | number | bigint];
        if (list.length < 1 || list.length > 3) throw invalid('keep');
        const mins = list.map((v) => durationMinutes('keep', v));
        while (mins.length < 3) mins.push(mins[mins.length - 1]!);
        for (const k of mins)
          if (k < DAY || k > 365000 * DAY) throw invalid('keep out of range [1d, 365000d]');
        if (mins[0]! > mins[1]! || mins[1]! > mins[2]!) throw invalid('keep values must be ascending');
        out.keep = [mins[0]!, mins[1]!, mins[2]!];
        break;
      }
      case 'duration': {
        const d = durationMinutes(name, value as string | number | bigint);
        if (d < 60 || d > 3650 * DAY) throw invalid('duration out of range [60m, 3650d]');
        out.duration = d;
        break;
      }
      case 'cachemodel': {
        const m = asString(name, value).toLowerCase();
        if (!['none', 'last_row', 'last_value', 'both'].includes(m)) throw invalid('cachemodel');
        out.cachemodel = m;
        break;
      }
      case 'strict': {
        const s = asString(name, value).toLowerCase();
        if (s !== 'off' && s !== 'on') throw invalid('strict');
        out.strict = s;
        break;
      }
      case 'encrypt_algorithm':
        out.encryptAlgorithm = asString(name, value);
        break;
      case 'comment':
        out.comment = asString(name, value);
        break;
      default:
        if (!IGNORED.has(name)) throw invalid(name);
    }
  }
  if (out.keep[0] < 3 * out.duration) throw invalid('keep must be at least 3 times duration');
  if (out.minrows > out.maxrows) throw invalid('minrows must not exceed maxrows');
  return out;
}

/** `SHOW CREATE DATABASE` text (sql.md §1.1). */
export function showCreateDatabase(name: string, o: DbOptions): string {
  return (
    `CREATE DATABASE \`${name}\` BUFFER ${o.buffer} CACHESIZE ${o.cachesize} CACHEMODEL '${o.cachemodel}' COMP ${o.comp} ` +
    `DURATION ${formatMinutes(o.duration)} WAL_FSYNC_PERIOD ${o.walFsyncPeriod} MAXROWS ${o.maxrows} MINROWS ${o.minrows} ` +
    `STT_TRIGGER ${o.sttTrigger} KEEP ${formatKeep(o.keep)} PAGES ${o.pages} PAGESIZE ${o.pagesize} PRECISION '${o.precision}' ` +
    `REPLICA ${o.replica} WAL_LEVEL ${o.walLevel} VGROUPS ${o.vgroups} SINGLE_STABLE ${o.singleStable} ` +
    `TABLE_PREFIX ${o.tablePrefix} TABLE_SUFFIX ${o.tableSuffix} TSDB_PAGESIZE ${o.tsdbPagesize} ` +
    `WAL_RETENTION_PERIOD ${o.walRetentionPeriod} WAL_RETENTION_SIZE ${o.walRetentionSize} KEEP_TIME_OFFSET ${o.keepTimeOffset} ` +
    `ENCRYPT_ALGORITHM '${o.encryptAlgorithm}'`
  );
}
