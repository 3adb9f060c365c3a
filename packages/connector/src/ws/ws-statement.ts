import { decodeStmt2Fields, encodeStmt2Bind, encodeStmt2BindData } from '@taosts/protocol';
import type { Stmt2Field, Stmt2TableBind } from '@taosts/protocol';
import { InterfaceError, ProgrammingError } from '../errors.js';
import type { QueryOptions } from '../cursor.js';
import { toReqId } from '../req-id.js';
import { QueryResult } from '../result.js';
import type { Value } from '../values.js';
import { blockRows } from './block-rows.js';
import type { BlockContext } from './block-rows.js';
import type { WsChannel } from './ws-channel.js';
import { resultMeta } from './ws-fields.js';
import { WsResultSource } from './ws-result-source.js';
import type { WsSession } from './ws-session.js';
import { codecError, queryParam, wireTable } from './stmt-values.js';
import type { StmtValue, TableBind } from './stmt-values.js';

/**
 * A prepared statement over stmt2 (protocol.md §6): the server parses the SQL once; values
 * travel as typed binary columns, never as SQL text. For INSERTs, `bind()` queues tables (with
 * their tags and rows) and `execute()` sends them all in one `stmt2_bind` and runs it. For
 * queries, `query(params)` binds the `?` values and returns the result.
 *
 * @example
 * await using stmt = await conn.prepare('insert into ? using meters tags (?, ?) values (?, ?, ?)');
 * stmt.bind({ table: 'd1', tags: ['SF', 2], columns: [[t0, t1], [10.2, 10.3], [219, 220]] });
 * stmt.bind({ table: 'd2', tags: ['LA', 3], rows: [[t0, 11.1, 221]] });
 * await stmt.execute(); // 3
 */
export class Statement implements AsyncDisposable {
  readonly sql: string;
  readonly #session: WsSession;
  #fields: Stmt2Field[] | null = null;
  #isInsert = false;
  #params = 0;
  #stmtId = 0n;
  #generation = -1;
  #channel: WsChannel | undefined;
  #pending: Stmt2TableBind[] = [];
  #closed = false;

  private constructor(session: WsSession, sql: string) {
    this.#session = session;
    this.sql = sql;
  }

  /** @internal Use `connection.prepare(sql)`. */
  static async prepare(session: WsSession, sql: string, opts?: QueryOptions): Promise<Statement> {
    const st = new Statement(session, sql);
    await session.run((ch) => st.#ensure(ch, opts));
    return st;
  }

  /** True for INSERT statements (bind + execute); false for queries (`query(params)`). */
  get isInsert(): boolean {
    return this.#isInsert;
  }

  /** The prepared fields of an INSERT (tbname, tags, columns with `bind_type`); null for queries. */
  get fields(): readonly Stmt2Field[] | null {
    return this.#fields;
  }

  /** Number of `?` in a query statement. */
  get paramCount(): number {
    return this.#params;
  }

  /** Tables queued by `bind()` and not yet executed. */
  get pendingTables(): number {
    return this.#pending.length;
  }

  /** Queue one table's rows (and tags) for the next `execute()`; checked against the fields now. */
  bind(table: TableBind): this {
    this.#check();
    if (!this.#isInsert || !this.#fields)
      throw new ProgrammingError('bind() is for INSERT statements; use query(params)');
    this.#pending.push(wireTable(table, this.#fields, this.#session.options.zone, this.#pending.length));
    return this;
  }

  /** Send every queued table in one bind, then execute; resolves with the rows written. */
  async execute(opts?: QueryOptions): Promise<number> {
    this.#check();
    if (!this.#isInsert) throw new ProgrammingError('execute() is for INSERT statements; use query(params)');
    const tables = this.#pending;
    this.#pending = [];
    if (tables.length === 0) throw new ProgrammingError('nothing to execute: call bind() first');
    let data: Uint8Array;
    try {
      data = encodeStmt2BindData(tables, this.#fields);
    } catch (e) {
      throw codecError(e);
    }
    return this.#session.run(async (ch, guard) => {
      await this.#ensure(ch, opts);
      await this.#bind(ch, data, opts);
      guard.write();
      const r = await ch.request('stmt2_exec', { stmt_id: this.#stmtId }, this.#req(opts, true));
      return Number(r.affected ?? 0);
    });
  }

  /** Run a query statement with its `?` values; resolves with the complete result. */
  async query(params: readonly StmtValue[] = [], opts?: QueryOptions): Promise<QueryResult> {
    this.#check();
    if (this.#isInsert)
      throw new ProgrammingError('query() is for query statements; use bind() and execute()');
    if (params.length !== this.#params)
      throw new ProgrammingError(`${this.#params} parameter(s) expected, got ${params.length}`);
    let data: Uint8Array | undefined;
    try {
      if (params.length > 0)
        data = encodeStmt2BindData([{ columns: params.map((v, i) => [queryParam(v, i)]) }], null);
    } catch (e) {
      throw codecError(e);
    }
    return this.#session.run(async (ch) => {
      await this.#ensure(ch, opts);
      if (data) await this.#bind(ch, data, opts);
      const req = this.#req(opts, true);
      await ch.request('stmt2_exec', { stmt_id: this.#stmtId }, req);
      const reply = await ch.request('stmt2_result', { stmt_id: this.#stmtId }, this.#req(opts));
      const meta = resultMeta(reply);
      const o = this.#session.options;
      const context: BlockContext = {
        timestampMode: o.timestampMode,
        int64Mode: o.int64Mode,
        zone: o.zone,
        precision: meta.precision,
      };
      const src = new WsResultSource(ch, meta, req.reqId, context, {
        timeout: req.timeout,
        signal: opts?.signal,
        nextReqId: () => this.#session.reqIds.next(),
      });
      const rows: Value[][] = [];
      try {
        for (let chunk = await src.next(); chunk !== null; chunk = await src.next())
          blockRows(chunk.block, chunk.context, rows);
      } finally {
        await src.close();
      }
      return new QueryResult({
        fields: src.fields,
        rows,
        affectedRows: undefined,
        reqId: req.reqId,
        precision: meta.precision,
      });
    });
  }

  /** Release the statement on the server. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#pending = [];
    const ch = this.#channel;
    if (!ch || ch.closed || this.#generation !== this.#session.generation) return;
    try {
      await ch.request(
        'stmt2_close',
        { stmt_id: this.#stmtId },
        { reqId: this.#session.reqIds.next(), timeout: this.#session.options.timeout },
      );
    } catch {
      // the socket closing frees the statement too
    }
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #check(): void {
    if (this.#closed) throw new InterfaceError('the statement is closed');
  }

  /** Request settings; the caller's `reqId` only for the request that runs the statement. */
  #req(
    opts: QueryOptions | undefined,
    own = false,
  ): { reqId: bigint; timeout: number; signal?: AbortSignal | undefined } {
    return {
      reqId: own && opts?.reqId !== undefined ? toReqId(opts.reqId) : this.#session.reqIds.next(),
      timeout: opts?.timeout ?? this.#session.options.timeout,
      signal: opts?.signal,
    };
  }

  async #bind(ch: WsChannel, data: Uint8Array, opts: QueryOptions | undefined): Promise<void> {
    const req = this.#req(opts);
    await ch.binaryJson(encodeStmt2Bind(req.reqId, this.#stmtId, data), 'stmt2_bind', req);
  }

  /** Init and prepare on this socket unless already done (statements die with their socket). */
  async #ensure(ch: WsChannel, opts: QueryOptions | undefined): Promise<void> {
    if (this.#channel === ch && this.#generation === this.#session.generation) return;
    const req = (): { reqId: bigint; timeout: number; signal?: AbortSignal | undefined } => this.#req(opts);
    const init = await ch.request(
      'stmt2_init',
      { single_stb_insert: false, single_table_bind_once: false },
      req(),
    );
    const id = init.stmt_id;
    this.#stmtId = typeof id === 'bigint' ? id : BigInt(id as number);
    const r = await ch.request(
      'stmt2_prepare',
      { stmt_id: this.#stmtId, sql: this.sql, get_fields: true },
      req(),
    );
    this.#isInsert = r.is_insert === true;
    this.#fields = this.#isInsert ? decodeStmt2Fields(r.fields) : null;
    this.#params = this.#isInsert ? 0 : Number(r.fields_count ?? 0);
    this.#channel = ch;
    this.#generation = this.#session.generation;
  }
}
