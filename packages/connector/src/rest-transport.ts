import { TypeCode } from '@taosts/protocol';
import { ReqIdGenerator } from './req-id.js';
import { RestClient } from './rest-client.js';
import { scanSql } from './sql-scan.js';
import type { RestResult } from './rest-client.js';
import type { ResolvedOptions } from './options.js';
import type { Value } from './values.js';
import { restSchemaless } from './rest-schemaless.js';
import type {
  ResultChunk,
  ResultSource,
  SchemalessOptions,
  Transport,
  TransportQueryOptions,
  TransportResult,
} from './transport.js';

/**
 * REST behind the `Transport` interface. A reply is a non-query's when it has exactly the
 * adapter's fixed shape `[["affected_rows","INT",4]]` with one row (protocol.md §2.4) and the
 * statement is not a SELECT/SHOW/DESCRIBE/EXPLAIN; taospy only looks at the first column's name,
 * so `SELECT x AS affected_rows …` fooled it.
 */
export class RestTransport implements Transport {
  readonly name = 'rest';
  readonly client: RestClient;
  readonly #reqIds = new ReqIdGenerator();

  constructor(options: ResolvedOptions) {
    this.client = RestClient.fromResolved(options);
  }

  async query(sql: string, opts: TransportQueryOptions): Promise<TransportResult> {
    const r = await this.client.sql(sql, opts);
    return {
      fields: r.fields,
      rows: r.data,
      affectedRows: isAffectedRows(r) && !isQueryText(sql) ? Number(r.data[0]?.[0] ?? 0) : undefined,
      reqId: r.reqId,
      ...(r.precision !== undefined ? { precision: r.precision } : {}),
      ...(r.timing !== undefined ? { timing: r.timing } : {}),
    };
  }

  /** REST answers in one reply: the stream is that reply, handed out as one piece. */
  async stream(sql: string, opts: TransportQueryOptions): Promise<ResultSource> {
    const r = await this.query(sql, opts);
    let rows: Value[][] | undefined = r.rows;
    return {
      fields: r.fields,
      affectedRows: r.affectedRows,
      reqId: r.reqId,
      precision: r.precision,
      next: async (): Promise<ResultChunk | null> => {
        const out = rows;
        rows = undefined;
        return out === undefined || r.affectedRows !== undefined ? null : { rows: out };
      },
      close: async () => {
        rows = undefined;
      },
    };
  }

  schemaless(data: string, opts: SchemalessOptions): Promise<undefined> {
    return restSchemaless(this.client, data, opts, opts.reqId ?? this.#reqIds.next());
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

export function isAffectedRows(r: Pick<RestResult, 'fields' | 'data'>): boolean {
  const f = r.fields;
  return (
    f.length === 1 &&
    f[0]?.name === 'affected_rows' &&
    f[0].typeCode === TypeCode.INT &&
    f[0].length === 4 &&
    r.data.length === 1 &&
    typeof r.data[0]?.[0] === 'number'
  );
}

const QUERY_WORDS = new Set(['select', 'show', 'describe', 'desc', 'explain', 'with']);

/** Statements that always produce a result set, judged by their first keyword. */
export function isQueryText(sql: string): boolean {
  const first = scanSql(sql.length > 200 ? sql.slice(0, 200) : sql).words[0];
  return first !== undefined && QUERY_WORDS.has(first.text);
}
