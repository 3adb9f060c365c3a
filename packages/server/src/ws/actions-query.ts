/**
 * SQL actions of `/ws` (protocol.md §4.5–4.8): JSON `query` and binary `binary_query` (id 6),
 * the binary fetch `fetch_raw_block` (id 7), the legacy `fetch` + `fetch_block` pair,
 * `free_result`, `num_fields` and `validate_sql` (id 10).
 */
import {
  Code,
  TaosError,
  decodeBinaryQuery,
  decodeFetchRawBlockRequest,
  encodeFetchBlockReply,
  encodeFetchRawBlockReply,
  precisionCode,
} from '@taosts/protocol';
import { parse } from '@taosts/sql';
import type { ExecResult } from '../engine/types.js';
import { argId, argString, idKey } from './args.js';
import { blockLengths } from './encode-block.js';
import { WS_RESULT_OPTIONS, type OpenResult } from './result-store.js';
import type { BinaryActionHandler, JsonAction, WsSession } from './ws-session.js';

/** The common reply of `query`, `binary_query` and `stmt2_result` for a result. */
export function resultFields(r: OpenResult): Record<string, unknown> {
  const cols = r.columns;
  return {
    fields_count: cols.length,
    fields_names: cols.map((c) => c.name),
    fields_types: cols.map((c) => c.type),
    fields_lengths: cols.map((c) => c.length),
    precision: precisionCode(r.precision),
    fields_precisions: cols.map((c) => c.precision ?? 0),
    fields_scales: cols.map((c) => c.scale ?? 0),
  };
}

/** Register a query result, or describe an affected-rows result (`id:0`, `fields_*: null`). */
export function execReply(s: WsSession, r: ExecResult): Record<string, unknown> {
  if (r.kind === 'affected') {
    return {
      id: 0,
      is_update: true,
      affected_rows: r.affectedRows,
      fields_count: 0,
      fields_names: null,
      fields_types: null,
      fields_lengths: null,
      precision: 0,
      fields_precisions: null,
      fields_scales: null,
    };
  }
  const open = s.results.add(r);
  return { id: open.id, is_update: false, affected_rows: 0, ...resultFields(open) };
}

async function runSql(s: WsSession, sql: string): Promise<Record<string, unknown>> {
  const r = await s.engine.execute(sql, s.session!, WS_RESULT_OPTIONS);
  if (s.closed) {
    if (r.kind === 'query') r.close();
    return {};
  }
  return execReply(s, r);
}

const query: JsonAction = (s, args, req) => runSql(s, argString(args, 'sql', `ws ${req.action}`));

const binaryQuery: BinaryActionHandler = (s, msg) => runSql(s, decodeBinaryQuery(msg).sql);

function resultNil(): TaosError {
  return new TaosError(Code.ADAPTER_GENERIC, 'result is nil');
}

/** `fetch_raw_block`: every outcome, errors included, is a binary reply (§4.6). */
const fetchRawBlock: BinaryActionHandler = async (s, msg, header, req) => {
  const reqId = header.reqId;
  const resultId = header.resourceId;
  try {
    decodeFetchRawBlockRequest(msg);
    const r = s.results.get(idKey(resultId));
    if (!r) throw resultNil();
    const next = await r.next();
    if (!next) return encodeFetchRawBlockReply({ reqId, resultId, timing: req.timing(), finished: true });
    return encodeFetchRawBlockReply({ reqId, resultId, timing: req.timing(), block: next.bytes });
  } catch (e) {
    const err =
      e instanceof TaosError
        ? e
        : new TaosError(Code.ADAPTER_GENERIC, e instanceof Error ? e.message : String(e));
    return encodeFetchRawBlockReply({
      reqId,
      resultId,
      timing: req.timing(),
      code: err.code,
      message: err.message,
    });
  }
};

/** Legacy `fetch`: advance to the next block and describe it; `fetch_block` then sends it. */
const fetch: JsonAction = async (s, args) => {
  const id = argId(args, 'id', 'ws fetch');
  const r = s.results.get(idKey(id));
  if (!r) throw resultNil();
  const next = await r.next();
  if (!next) return { id, completed: true, lengths: null, rows: 0 };
  r.lastBlock = next.bytes;
  return { id, completed: false, lengths: blockLengths(r.columns, next.batch), rows: next.batch.rowCount };
};

/** Legacy `fetch_block`: `[uint64 timing][uint64 result id][raw block]` (§4.7). */
const fetchBlock: JsonAction = async (s, args, req) => {
  const id = argId(args, 'id', 'ws fetch block');
  const r = s.results.get(idKey(id));
  if (!r) throw resultNil();
  const block = await r.after(() => r.lastBlock);
  if (!block) throw new TaosError(Code.ADAPTER_GENERIC, 'block is nil');
  return encodeFetchBlockReply(req.timing(), id, block);
};

/** `free_result` never replies (§4.8), not even for unknown ids. */
const freeResult: JsonAction = (s, args) => {
  s.results.get(idKey(argId(args, 'id', 'ws free result')))?.close();
  return undefined;
};

const numFields: JsonAction = (s, args) => {
  const r = s.results.get(idKey(argId(args, 'result_id', 'num fields')));
  if (!r) throw resultNil();
  return { num_fields: r.columns.length };
};

/**
 * `validate_sql`: `result_code` is `taos_validate_sql`'s int32 code (0 = valid; TDengine codes
 * carry the 0x80000000 bit, so errors are negative).
 */
const validateSql: BinaryActionHandler = async (s, msg) => {
  const { sql } = decodeBinaryQuery(msg);
  let code = 0;
  try {
    const validate = s.engine.validate;
    if (validate) await validate.call(s.engine, sql, s.session!);
    else parse(sql);
  } catch (e) {
    code =
      e instanceof TaosError ? 0x80000000 | (e.code & 0xffff) | 0 : 0x80000000 | Code.ADAPTER_GENERIC | 0;
  }
  return { result_code: code };
};

export const QUERY_ACTIONS: Readonly<Record<string, JsonAction>> = {
  query,
  fetch,
  fetch_block: fetchBlock,
  free_result: freeResult,
  num_fields: numFields,
};

export const QUERY_BINARY_ACTIONS: Readonly<Record<number, BinaryActionHandler>> = {
  6: binaryQuery,
  7: fetchRawBlock,
  10: validateSql,
};
