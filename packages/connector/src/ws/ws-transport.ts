import { encodeBinaryQuery } from '@taosts/protocol';
import type { ResolvedOptions } from '../options.js';
import { isQueryText } from '../rest-transport.js';
import { scanSql } from '../sql-scan.js';
import type { SchemalessOptions, Transport, TransportQueryOptions, TransportResult } from '../transport.js';
import type { Value } from '../values.js';
import type { AddressLoad } from './address-load.js';
import { blockRows } from './block-rows.js';
import type { BlockContext } from './block-rows.js';
import type { WsChannel } from './ws-channel.js';
import { resultMeta } from './ws-fields.js';
import { WsResultSource } from './ws-result-source.js';
import { WsSession } from './ws-session.js';
import type { WriteGuard } from './ws-session.js';

const SCHEMALESS_PROTOCOL = { influxdb: 1, telnet: 2, json: 3 } as const;
/** taosAdapter's schemaless precision names; `us` is spelled `u` (protocol.md §7.1). */
const SCHEMALESS_PRECISION = { h: 'h', m: 'm', s: 's', ms: 'ms', us: 'u', ns: 'ns' } as const;

/**
 * TDengine over WebSocket (`/ws`, protocol.md §4–7): `binary_query` then binary
 * `fetch_raw_block` until finished, requests multiplexed on one socket, failover across the
 * URL's addresses. Results are the same values REST gives.
 */
export class WsTransport implements Transport {
  readonly name = 'ws';
  readonly session: WsSession;

  constructor(options: ResolvedOptions, load: AddressLoad) {
    this.session = new WsSession(options, load);
  }

  /** Open the first connection now, so `connect()` fails fast on a bad address or password. */
  async open(): Promise<void> {
    await this.session.channel();
  }

  async query(sql: string, opts: TransportQueryOptions): Promise<TransportResult> {
    const reqId = opts.reqId ?? this.session.reqIds.next();
    // The whole result is read before anything is returned, so a query can start over on a
    // new connection; a write that may have landed cannot.
    return this.session.run(async (ch, guard) => {
      const src = await this.#start(ch, guard, sql, reqId, opts);
      const rows: Value[][] = [];
      // The whole result is wanted: ask for the next block before shaping this one, so the
      // server produces block k+1 while the client builds the rows of block k.
      let pending = src.next();
      try {
        for (;;) {
          const chunk = await pending;
          if (chunk === null) break;
          pending = src.next();
          pending.catch(() => {}); // surfaced by the await above on the next turn
          blockRows(chunk.block, chunk.context, rows);
        }
      } finally {
        await src.close();
      }
      return {
        fields: src.fields,
        rows,
        affectedRows: src.affectedRows,
        reqId,
        ...(src.precision !== undefined ? { precision: src.precision } : {}),
      };
    });
  }

  async stream(sql: string, opts: TransportQueryOptions): Promise<WsResultSource> {
    const reqId = opts.reqId ?? this.session.reqIds.next();
    return this.session.run((ch, guard) => this.#start(ch, guard, sql, reqId, opts));
  }

  async schemaless(data: string, opts: SchemalessOptions): Promise<number | undefined> {
    const reqId = opts.reqId ?? this.session.reqIds.next();
    const o = this.session.options;
    return this.session.run(async (ch, guard) => {
      if (opts.database !== undefined && opts.database !== this.session.database)
        await this.#use(ch, opts.database, opts);
      guard.write();
      const r = await ch.request(
        'insert',
        {
          protocol: SCHEMALESS_PROTOCOL[opts.protocol],
          precision: opts.precision === undefined ? '' : SCHEMALESS_PRECISION[opts.precision],
          ttl: opts.ttl ?? 0,
          data,
          table_name_key: opts.tableNameKey ?? '',
        },
        { reqId, timeout: opts.timeout ?? o.timeout, signal: opts.signal },
      );
      return r.affected_rows === undefined ? undefined : Number(r.affected_rows);
    });
  }

  close(): Promise<void> {
    return this.session.close();
  }

  /** `binary_query`; for statements with a result, a source to fetch it from. */
  async #start(
    ch: WsChannel,
    guard: WriteGuard,
    sql: string,
    reqId: bigint,
    opts: TransportQueryOptions,
  ): Promise<WsResultSource> {
    const o = this.session.options;
    const timeout = opts.timeout ?? o.timeout;
    const first = firstWord(sql);
    if (!isQueryText(sql)) guard.write();
    const reply = await ch.binaryJson(encodeBinaryQuery(reqId, sql), 'binary_query', {
      reqId,
      timeout,
      signal: opts.signal,
    });
    const meta = resultMeta(reply);
    if (first === 'use' && meta.isUpdate) await this.#trackDatabase(ch, timeout);
    const context: BlockContext = {
      timestampMode: o.timestampMode,
      int64Mode: o.int64Mode,
      zone: o.zone,
      precision: meta.precision,
    };
    return new WsResultSource(ch, meta, reqId, context, {
      timeout,
      signal: opts.signal,
      nextReqId: () => this.session.reqIds.next(),
    });
  }

  /** After `USE`, ask the server which database is current, so a reconnect restores it. */
  async #trackDatabase(ch: WsChannel, timeout: number): Promise<void> {
    const r = await ch.request('get_current_db', {}, { reqId: this.session.reqIds.next(), timeout });
    const db = typeof r.db === 'string' && r.db !== '' ? r.db : undefined;
    this.session.database = db;
  }

  async #use(ch: WsChannel, db: string, opts: TransportQueryOptions): Promise<void> {
    const reqId = this.session.reqIds.next();
    const timeout = opts.timeout ?? this.session.options.timeout;
    const sql = `use \`${db.replaceAll('`', '``')}\``;
    const reply = await ch.binaryJson(encodeBinaryQuery(reqId, sql), 'binary_query', { reqId, timeout });
    if (resultMeta(reply).isUpdate) await this.#trackDatabase(ch, timeout);
  }
}

function firstWord(sql: string): string | undefined {
  return scanSql(sql.length > 200 ? sql.slice(0, 200) : sql).words[0]?.text;
}
