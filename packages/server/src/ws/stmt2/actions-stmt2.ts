/**
 * stmt2 over `/ws` (protocol.md §6): `stmt2_init`, `stmt2_prepare`, binary `stmt2_bind` (id 9),
 * `stmt2_exec`, `stmt2_result`, `stmt2_close`, and binary `stmt2_bind_exec` (id 11). INSERTs
 * go to the engine as typed rows; queries get their `?` replaced by literals in the parsed AST.
 */
import { Code, TaosError, decodeStmt2Bind, decodeStmt2BindExec } from '@taosts/protocol';
import { WS_RESULT_OPTIONS } from '../result-store.js';
import type { Engine, Value } from '../../engine/types.js';
import type { TableRows } from '../../ingest/insert-rows.js';
import { resultFields } from '../actions-query.js';
import { argBool, argId, argString, idKey } from '../args.js';
import type { BinaryActionHandler, JsonAction, WsSession } from '../ws-session.js';
import { boundTable } from '../prepared-statement.js';
import { bindDataTables, columnBindTables } from './bind-rows.js';
import type { TableOf } from './bind-rows.js';
import { planStmt2 } from './stmt2-plan.js';
import type { InsertPlan, QueryPlan } from './stmt2-plan.js';
import { Stmt2Statement } from './stmt2-statement.js';
import { substituteParams } from './substitute-params.js';

function unsupportedEngine(what: string): never {
  throw new TaosError(Code.OPS_NOT_SUPPORT, `this engine does not support ${what}`);
}

function stmtOf(s: WsSession, id: number | bigint): Stmt2Statement {
  const st = s.stmts.get(idKey(id));
  if (!(st instanceof Stmt2Statement)) throw new TaosError(Code.ADAPTER_GENERIC, 'stmt2 is nil');
  return st;
}

function preparedPlan(st: Stmt2Statement) {
  if (!st.plan) throw new TaosError(Code.INVALID_PARA, 'stmt2 is not prepared');
  return st.plan;
}

/** Bound table names of `plan`'s statement, prefixed or not, as tables of its database. */
function tableOf(s: WsSession, plan: InsertPlan): TableOf {
  const db = plan.db ?? s.session!.db;
  return (bound) => boundTable(bound, db);
}

async function insert(s: WsSession, plan: InsertPlan, tables: TableRows[]): Promise<number> {
  const engine: Engine = s.engine;
  if (!engine.insertRows) unsupportedEngine('structured inserts');
  if (tables.length === 0) throw new TaosError(Code.INVALID_PARA, 'no data bound');
  return engine.insertRows({ ...(plan.db !== undefined && { db: plan.db }), tables }, s.session!);
}

async function runQuery(
  s: WsSession,
  st: Stmt2Statement,
  plan: QueryPlan,
  params: readonly Value[] | undefined,
): Promise<number> {
  if (!s.engine.executeStatement) unsupportedEngine('prepared queries');
  if (plan.params > 0 && (params === undefined || params.length !== plan.params)) {
    throw new TaosError(Code.INVALID_PARA, `${plan.params} parameters to bind, ${params?.length ?? 0} bound`);
  }
  st.dropResult();
  const r = await s.engine.executeStatement(
    substituteParams(plan.stmt, params ?? []),
    s.session!,
    undefined,
    WS_RESULT_OPTIONS,
  );
  return st.keepResult(r, s.closed);
}

const init: JsonAction = (s, args) => {
  argBool(args, 'single_stb_insert', 'stmt2 init');
  argBool(args, 'single_table_bind_once', 'stmt2 init');
  const st = s.stmts.add((id) => new Stmt2Statement(id));
  return { stmt_id: st.id };
};

const prepare: JsonAction = (s, args) => {
  const id = argId(args, 'stmt_id', 'stmt2 prepare');
  const sql = argString(args, 'sql', 'stmt2 prepare');
  const getFields = argBool(args, 'get_fields', 'stmt2 prepare');
  const st = stmtOf(s, id);
  return st.run(() => {
    const schema = s.engine.schema ?? unsupportedEngine('stmt2');
    st.reset();
    st.plan = undefined;
    const plan = planStmt2(sql, schema, s.session!.db);
    if (plan.kind === 'insert' && plan.forTable) {
      // taosc describes no fields before a table is bound; binding such a statement without
      // fields is not supported here.
      if (getFields) throw new TaosError(Code.TSC_STMT_TBNAME_ERROR);
      throw new TaosError(
        Code.OPS_NOT_SUPPORT,
        'stmt2: `insert into ? values (…)` needs `using <stable> tags (…)` or `insert into <stable> (tbname, …)`',
      );
    }
    st.plan = plan;
    const isInsert = plan.kind === 'insert';
    return {
      stmt_id: id,
      is_insert: isInsert,
      fields: getFields && isInsert ? plan.fields : null,
      fields_count: getFields ? (isInsert ? plan.fields.length : plan.params) : 0,
    };
  });
};

const bind: BinaryActionHandler = (s, msg) => {
  const { stmtId, colIdx, data } = decodeStmt2Bind(msg);
  const st = stmtOf(s, stmtId);
  return st.run(() => {
    const plan = preparedPlan(st);
    if (colIdx !== -1)
      throw new TaosError(
        Code.OPS_NOT_SUPPORT,
        `stmt2 bind by column (col_idx ${colIdx}) is not supported; bind all columns (-1)`,
      );
    if (plan.kind === 'insert') st.tables.push(...bindDataTables(plan, data, tableOf(s, plan)));
    else {
      if (data.count !== 1 || data.tableNames || data.tags)
        throw new TaosError(Code.INVALID_PARA, 'query binds one table of parameters, without names or tags');
      const entries = data.columns?.[0] ?? [];
      if (entries.length !== plan.params)
        throw new TaosError(Code.INVALID_PARA, `${plan.params} parameters to bind, ${entries.length} bound`);
      for (const e of entries)
        if (e.values.length !== 1)
          throw new TaosError(Code.INVALID_PARA, 'query parameters bind exactly one value');
      st.params = entries.map((e) => e.values[0] ?? null);
    }
    return { stmt_id: stmtId };
  });
};

const exec: JsonAction = (s, args) => {
  const id = argId(args, 'stmt_id', 'stmt2 exec');
  const st = stmtOf(s, id);
  return st.run(async () => {
    const plan = preparedPlan(st);
    let affected: number;
    if (plan.kind === 'insert') {
      const tables = st.tables;
      st.tables = [];
      affected = await insert(s, plan, tables);
    } else affected = await runQuery(s, st, plan, st.params);
    return { stmt_id: id, affected };
  });
};

const bindExec: BinaryActionHandler = (s, msg) => {
  const { stmtId, data } = decodeStmt2BindExec(msg);
  const st = stmtOf(s, stmtId);
  return st.run(async () => {
    const plan = preparedPlan(st);
    let affected: number;
    if (plan.kind === 'insert')
      affected = await insert(s, plan, columnBindTables(plan, data, tableOf(s, plan)));
    else {
      if (data.rowCount !== 1) throw new TaosError(Code.INVALID_PARA, 'query only supports one row');
      affected = await runQuery(
        s,
        st,
        plan,
        data.fields.map((f) => f.values[0] ?? null),
      );
    }
    return { stmt_id: stmtId, affected };
  });
};

const result: JsonAction = (s, args) => {
  const id = argId(args, 'stmt_id', 'stmt2 result');
  const st = stmtOf(s, id);
  return st.run(() => {
    const plan = preparedPlan(st);
    if (plan.kind === 'insert') throw new TaosError(Code.ADAPTER_GENERIC, 'stmt is insert, no result set');
    const open = s.results.add(st.takeResult());
    return { stmt_id: id, id: open.id, ...resultFields(open) };
  });
};

const close: JsonAction = (s, args) => {
  const id = argId(args, 'stmt_id', 'stmt2 close');
  stmtOf(s, id);
  s.stmts.remove(idKey(id));
  return { stmt_id: id };
};

export const STMT2_ACTIONS: Readonly<Record<string, JsonAction>> = {
  stmt2_init: init,
  stmt2_prepare: prepare,
  stmt2_exec: exec,
  stmt2_result: result,
  stmt2_close: close,
};

export const STMT2_BINARY_ACTIONS: Readonly<Record<number, BinaryActionHandler>> = {
  9: bind,
  11: bindExec,
};
