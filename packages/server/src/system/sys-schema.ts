/**
 * Column sets of the information_schema tables we materialise (sql.md §6.4). Pure data: the
 * catalog exposes them through `SchemaProvider`, `sys-tables.ts` fills them.
 */
import { TypeCode, displayLength } from '@taosts/protocol';
import type { ColumnSchema } from '@taosts/sql';

export const INFORMATION_SCHEMA = 'information_schema';
export const PERFORMANCE_SCHEMA = 'performance_schema';

export type SysColumn = ColumnSchema;

function col(name: string, type: TypeCode, length?: number): SysColumn {
  return { name, type, length: length ?? displayLength(type), phys: `"${name}"` };
}
const V = TypeCode.VARCHAR;
const TS = TypeCode.TIMESTAMP;
const I = TypeCode.INT;

export const SYS_COLUMNS: Readonly<Record<string, readonly SysColumn[]>> = {
  ins_databases: [
    col('name', V, 64),
    col('create_time', TS),
    col('vgroups', I),
    col('ntables', TypeCode.BIGINT),
    col('replica', TypeCode.TINYINT),
    col('strict', V, 4),
    col('duration', V, 10),
    col('keep', V, 32),
    col('buffer', I),
    col('pagesize', I),
    col('pages', I),
    col('minrows', I),
    col('maxrows', I),
    col('comp', TypeCode.TINYINT),
    col('precision', V, 2),
    col('status', V, 10),
    col('retentions', V, 60),
    col('single_stable', TypeCode.BOOL),
    col('cachemodel', V, 11),
    col('cachesize', I),
    col('wal_level', TypeCode.TINYINT),
    col('wal_fsync_period', I),
    col('wal_retention_period', I),
    col('wal_retention_size', TypeCode.BIGINT),
    col('stt_trigger', TypeCode.SMALLINT),
    col('table_prefix', TypeCode.SMALLINT),
    col('table_suffix', TypeCode.SMALLINT),
    col('tsdb_pagesize', I),
    col('keep_time_offset', I),
    col('s3_chunkpages', I),
    col('s3_keeplocal', V, 11),
    col('s3_compact', TypeCode.TINYINT),
    col('with_arbitrator', TypeCode.TINYINT),
    col('encrypt_algorithm', V, 16),
  ],
  ins_stables: [
    col('stable_name', V, 192),
    col('db_name', V, 64),
    col('create_time', TS),
    col('columns', I),
    col('tags', I),
    col('last_update', TS),
    col('table_comment', V, 1024),
    col('watermark', V, 64),
    col('max_delay', V, 64),
    col('rollup', V, 128),
    col('uid', TypeCode.BIGINT),
  ],
  ins_tables: [
    col('table_name', V, 192),
    col('db_name', V, 64),
    col('create_time', TS),
    col('columns', I),
    col('stable_name', V, 192),
    col('uid', TypeCode.BIGINT),
    col('vgroup_id', I),
    col('ttl', I),
    col('table_comment', V, 1024),
    col('type', V, 21),
  ],
  ins_tags: [
    col('table_name', V, 192),
    col('db_name', V, 64),
    col('stable_name', V, 192),
    col('tag_name', V, 64),
    col('tag_type', V, 64),
    col('tag_value', V, 16384),
  ],
  ins_columns: [
    col('table_name', V, 192),
    col('db_name', V, 64),
    col('table_type', V, 21),
    col('col_name', V, 64),
    col('col_type', V, 32),
    col('col_length', I),
    col('col_precision', I),
    col('col_scale', I),
    col('col_nullable', I),
  ],
  ins_users: [
    col('name', V, 24),
    col('super', TypeCode.TINYINT),
    col('enable', TypeCode.TINYINT),
    col('sysinfo', TypeCode.TINYINT),
    col('createdb', TypeCode.TINYINT),
    col('create_time', TS),
    col('allowed_host', V, 49152),
  ],
  ins_dnodes: [
    col('id', TypeCode.SMALLINT),
    col('endpoint', V, 134),
    col('vnodes', TypeCode.SMALLINT),
    col('support_vnodes', TypeCode.SMALLINT),
    col('status', V, 10),
    col('create_time', TS),
    col('reboot_time', TS),
    col('note', V, 256),
  ],
  ins_vgroups: [
    col('vgroup_id', I),
    col('db_name', V, 32),
    col('tables', I),
    col('v1_dnode', TypeCode.SMALLINT),
    col('v1_status', V, 9),
    col('v2_dnode', TypeCode.SMALLINT),
    col('v2_status', V, 9),
    col('v3_dnode', TypeCode.SMALLINT),
    col('v3_status', V, 9),
    col('v4_dnode', TypeCode.SMALLINT),
    col('v4_status', V, 9),
    col('cacheload', I),
    col('cacheelements', I),
    col('tsma', TypeCode.TINYINT),
  ],
  ins_configs: [col('name', V, 64), col('value', V, 128)],
  ins_cluster: [
    col('id', TypeCode.BIGINT),
    col('name', V, 134),
    col('uptime', I),
    col('create_time', TS),
    col('version', V, 16),
    col('expire_time', TS),
  ],
};

/** Physical temp relation of a system table (connection-local, refreshed before each query). */
export function sysRelation(name: string): string {
  return `temp.main."sys_${name}"`;
}
