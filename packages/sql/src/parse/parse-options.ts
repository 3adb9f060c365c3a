/**
 * `NAME value` option lists of CREATE/ALTER DATABASE, tables and users. Values are kept as
 * written (numbers, string contents, duration texts, lists) in source order; validating them is
 * the catalog's job.
 */
import type { OptionValue, Options } from '../ast/index.js';
import type { Parser } from './parser.js';
import { TK } from './token-kind.js';

/** Database options accepted by CREATE/ALTER DATABASE (sql.md §1.1, sql.y `db_options`). */
export const DB_OPTIONS: ReadonlySet<string> = new Set([
  'buffer',
  'cachemodel',
  'cachesize',
  'comp',
  'compact_interval',
  'compact_time_offset',
  'compact_time_range',
  'dnodes',
  'duration',
  'encrypt_algorithm',
  'keep',
  'keep_time_offset',
  'maxrows',
  'minrows',
  'pages',
  'pagesize',
  'precision',
  'replica',
  'retentions',
  's3_chunkpages',
  's3_chunksize',
  's3_compact',
  's3_keeplocal',
  'schemaless',
  'single_stable',
  'ss_chunksize',
  'ss_compact',
  'ss_keeplocal',
  'strict',
  'stt_trigger',
  'table_prefix',
  'table_suffix',
  'tsdb_pagesize',
  'vgroups',
  'wal_fsync_period',
  'wal_level',
  'wal_retention_period',
  'wal_retention_size',
  'wal_roll_period',
  'wal_segment_size',
  'with_arbitrator',
]);

/** Table options (sql.y `table_options`): COMMENT, TTL, SMA(…), KEEP, stream-ish rollup options. */
export const TABLE_OPTIONS: ReadonlySet<string> = new Set([
  'comment',
  'delete_mark',
  'keep',
  'max_delay',
  'rollup',
  'sma',
  'ttl',
  'virtual',
  'watermark',
]);

/** User options after the user name (sql.md §7.2). */
export const USER_OPTIONS: ReadonlySet<string> = new Set(['pass', 'sysinfo', 'createdb', 'enable', 'host']);

/** Options from `allowed`, in source order; stops at the first word that is not one. */
export function parseOptions(p: Parser, allowed: ReadonlySet<string>): Options {
  const options = new Map<string, OptionValue>();
  for (;;) {
    const name = p.word();
    if (name === undefined || !allowed.has(name)) return options;
    p.next();
    options.set(name, parseOptionValue(p));
  }
}

/** A value, a comma list (`KEEP 10d,20d,30d`) or a parenthesised name list (`SMA(c1, c2)`). */
function parseOptionValue(p: Parser): OptionValue {
  if (p.accept(TK.LP)) {
    const names = [p.anyName()];
    while (p.accept(TK.COMMA)) names.push(p.anyName());
    p.expect(TK.RP);
    return names;
  }
  const first = parseScalar(p);
  if (p.kind() !== TK.COMMA) return first;
  const list = [first];
  while (p.accept(TK.COMMA)) list.push(parseScalar(p));
  return list;
}

function parseScalar(p: Parser): string | number | bigint {
  const k = p.kind();
  // RETENTIONS `1s:7d,-:21d` keeps its raw text.
  if ((k === TK.DURATION || k === TK.MINUS) && p.kind(1) === TK.COLON) {
    const start = p.start();
    p.next();
    p.next();
    if (p.kind() !== TK.DURATION) p.fail();
    p.next();
    return p.sql.slice(start, p.prevEnd()).toLowerCase();
  }
  if (k === TK.STRING) return p.string();
  if (k === TK.DURATION) {
    const text = p.text().toLowerCase();
    p.next();
    return text;
  }
  const negative = k === TK.MINUS;
  if (negative || k === TK.PLUS) p.next();
  if (p.kind() === TK.INT) {
    const v = p.integer();
    const signed = negative ? -v : v;
    return signed >= BigInt(Number.MIN_SAFE_INTEGER) && signed <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(signed)
      : signed;
  }
  if (p.kind() === TK.FLOAT) {
    const v = Number(p.text());
    p.next();
    return negative ? -v : v;
  }
  return p.fail();
}
