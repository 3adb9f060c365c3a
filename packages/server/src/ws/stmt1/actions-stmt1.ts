/**
 * stmt1 over `/ws` (protocol.md §5) for clients of servers older than 3.3.6.0: `init`,
 * `prepare`, `set_table_name`, `set_tags`, `bind` (JSON, or binary raw blocks ids 1/2),
 * `add_batch`, `exec`, `use_result`, `get_tag_fields`, `get_col_fields`, `stmt_num_params`,
 * `stmt_get_param`, `close` (which never replies on success). The plan and the write path are
 * stmt2's; queries get their `?` replaced by literals in the parsed AST.
 */
import { BindType, Code, TaosError, decodeStmt1Bind } from '@taosts/protocol';
import { WS_RESULT_OPTIONS } from '../result-store.js';
import type { Stmt2Field } from '@taosts/protocol';
import { resultFields } from '../actions-query.js';
import { argId, argInt, argString, idKey } from '../args.js';
import type { BinaryActionHandler, JsonAction, WsSession } from '../ws-session.js';
import { planStmt2 } from '../stmt2/stmt2-plan.js';
import { substituteParams } from '../stmt2/substitute-params.js';
import { boundTable } from '../prepared-statement.js';
import { Stmt1Statement } from './stmt1-statement.js';
import { blockValues, jsonColumns, jsonValue } from './stmt1-values.js';

function stmtOf(s: WsSession, id: number | bigint): Stmt1Statement {
  const st = s.stmts.get(idKey(id));
  if (!(st instanceof Stmt1Statement)) throw new TaosError(Code.ADAPTER_GENERIC, 'stmt is nil');
  return st;
}

/** `TAOS_FIELD_E` as stmt1 replies carry it. */
function fieldJson(f: Stmt2Field) {
  return { name: f.name, field_type: f.field_type, precision: f.precision, scale: f.scale, bytes: f.bytes };
}

/** Run `fn` on the statement named by `stmt_id`; replies `{stmt_id, …fn()}`. */
function onStmt(
  action: string,
  fn: (s: WsSession, st: Stmt1Statement, args: Record<string, unknown>) => unknown,
): JsonAction {
  return (s, args) => {
    const id = argId(args, 'stmt_id', action);
    const st = stmtOf(s, id);
    return st.run(async () => ({ stmt_id: id, ...((await fn(s, st, args)) as object | undefined) }));
  };
}

const init: JsonAction = (s) => ({ stmt_id: s.stmts.add((id) => new Stmt1Statement(id)).id });

const prepare = onStmt('stmt prepare', (s, st, args) => {
  const schema = s.engine.schema;
  if (!schema) throw new TaosError(Code.OPS_NOT_SUPPORT, 'this engine does not support stmt');
  st.reset();
  st.plan = undefined;
  st.plan = planStmt2(argString(args, 'sql', 'stmt prepare'), schema, s.session!.db);
  return { is_insert: st.plan.kind === 'insert' };
});

const setTableName = onStmt('stmt set table name', (s, st, args) => {
  const name = argString(args, 'name', 'stmt set table name');
  const plan = st.insertPlan();
  st.setTableName(boundTable(name, plan.db ?? s.session!.db));
});

const setTags = onStmt('stmt set tags', (_s, st, args) => {
  const fields = st.fields(BindType.TAG);
  const tags = args.tags;
  if (fields.length === 0) return;
  if (!Array.isArray(tags) || tags.length !== fields.length) {
    throw new TaosError(Code.ADAPTER_GENERIC, `stmt parse tag json: ${fields.length} tags expected`);
  }
  st.setTags(tags.map((v: unknown, i) => jsonValue(v, fields[i]!.field_type, `tag ${i}`)));
});

const bind = onStmt('stmt bind', (_s, st, args) => {
  const plan = st.plan;
  if (!plan) throw new TaosError(Code.INVALID_PARA, 'stmt is not prepared');
  if (plan.kind === 'query') {
    const cols = args.columns;
    if (!Array.isArray(cols) || cols.length !== plan.params)
      throw new TaosError(Code.ADAPTER_GENERIC, `stmt parse column json: ${plan.params} parameters expected`);
    st.params = cols.map((c: unknown, i) => {
      if (!Array.isArray(c) || c.length !== 1)
        throw new TaosError(Code.ADAPTER_GENERIC, `stmt parse column json: parameter ${i} binds one value`);
      const v: unknown = c[0];
      return v === null ||
        typeof v === 'boolean' ||
        typeof v === 'number' ||
        typeof v === 'bigint' ||
        typeof v === 'string'
        ? v
        : jsonValue(v, 8, `parameter ${i}`);
    });
    return;
  }
  const fields = st.fields(BindType.COLUMN);
  st.bind(
    jsonColumns(
      args.columns,
      fields.map((f) => f.field_type),
    ),
  );
});

const addBatch = onStmt('stmt add batch', (_s, st) => {
  if (!st.plan) throw new TaosError(Code.INVALID_PARA, 'stmt is not prepared');
});

const exec = onStmt('stmt exec', async (s, st) => {
  const plan = st.plan;
  if (!plan) throw new TaosError(Code.INVALID_PARA, 'stmt is not prepared');
  if (plan.kind === 'insert') {
    const tables = st.take();
    if (tables.length === 0) throw new TaosError(Code.INVALID_PARA, 'no data bound');
    if (!s.engine.insertRows) throw new TaosError(Code.OPS_NOT_SUPPORT, 'this engine does not support stmt');
    return {
      affected: await s.engine.insertRows(
        { ...(plan.db !== undefined && { db: plan.db }), tables },
        s.session!,
      ),
    };
  }
  if (!s.engine.executeStatement)
    throw new TaosError(Code.OPS_NOT_SUPPORT, 'this engine does not support stmt');
  if (plan.params > 0 && st.params?.length !== plan.params)
    throw new TaosError(Code.INVALID_PARA, 'parameters are not bound');
  st.dropResult();
  const r = await s.engine.executeStatement(
    substituteParams(plan.stmt, st.params ?? []),
    s.session!,
    undefined,
    WS_RESULT_OPTIONS,
  );
  return { affected: st.keepResult(r, s.closed) };
});

const useResult = onStmt('stmt use result', (s, st) => {
  const open = s.results.add(st.takeResult());
  return { result_id: open.id, ...resultFields(open) };
});

const tagFields = onStmt('stmt get tag fields', (_s, st) => {
  const f = st.fields(BindType.TAG);
  return f.length > 0 ? { fields: f.map(fieldJson) } : {};
});

const colFields = onStmt('stmt get col fields', (_s, st) => ({
  fields: st.fields(BindType.COLUMN).map(fieldJson),
}));

const numParams = onStmt('stmt num params', (_s, st) => {
  const p = st.plan;
  if (!p) throw new TaosError(Code.INVALID_PARA, 'stmt is not prepared');
  return { num_params: p.kind === 'query' ? p.params : st.fields(BindType.COLUMN).length };
});

const getParam = onStmt('stmt get param', (_s, st, args) => {
  const index = argInt(args, 'index', 'stmt get param') ?? 0;
  const f = st.fields(BindType.COLUMN)[index];
  if (!f) throw new TaosError(Code.INVALID_PARA, `Invalid parameters: no parameter ${index}`);
  return { index, data_type: f.field_type, length: f.bytes };
});

/** `close` replies only when it fails (taosAdapter's `stmtClose`). */
const close: JsonAction = (s, args) => {
  const id = argId(args, 'stmt_id', 'stmt close');
  stmtOf(s, id);
  s.stmts.remove(idKey(id));
  return undefined;
};

export const STMT1_ACTIONS: Readonly<Record<string, JsonAction>> = {
  init,
  prepare,
  set_table_name: setTableName,
  set_tags: setTags,
  bind,
  add_batch: addBatch,
  exec,
  use_result: useResult,
  get_tag_fields: tagFields,
  get_col_fields: colFields,
  stmt_num_params: numParams,
  stmt_get_param: getParam,
  close,
};

/** Binary `set_tags` (id 1) and `bind` (id 2): raw blocks read with the statement's types. */
function binaryBind(action: 1 | 2): BinaryActionHandler {
  return (s, msg, header) => {
    const st = stmtOf(s, header.resourceId);
    return st.run(() => {
      const plan = st.plan;
      if (!plan) throw new TaosError(Code.INVALID_PARA, 'stmt is not prepared');
      if (plan.kind === 'query') {
        if (action === 1) throw new TaosError(Code.INVALID_PARA, 'stmt is not an insert');
        const { block } = decodeStmt1Bind(msg);
        if (block.rows !== 1 || block.columns.length !== plan.params)
          throw new TaosError(Code.ADAPTER_GENERIC, `${plan.params} parameters of one row expected`);
        st.params = block.columns.map((c) => blockValues(c, 1)[0] ?? null);
        return { stmt_id: header.resourceId };
      }
      const fields = st.fields(action === 1 ? BindType.TAG : BindType.COLUMN);
      const { block } = decodeStmt1Bind(
        msg,
        fields.map((f) => f.field_type),
      );
      const values = block.columns.map((c) => blockValues(c, block.rows));
      if (action === 1) st.setTags(values.map((v) => v[0] ?? null));
      else st.bind(values);
      return { stmt_id: header.resourceId };
    });
  };
}

export const STMT1_BINARY_ACTIONS: Readonly<Record<number, BinaryActionHandler>> = {
  1: binaryBind(1),
  2: binaryBind(2),
};
