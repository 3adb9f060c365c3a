/**
 * DELETE FROM t [WHERE cond] (sql.md §7.1). TDengine only allows a time range on the primary
 * key (0x2655); on a super table tags and tbname may select the children too.
 */
import { Code, TaosError } from '@taosts/protocol';
import type { Delete, Expr, TranslateContext } from '@taosts/sql';
import { translateCondition } from '@taosts/sql';
import type { Catalog } from '../catalog/catalog.js';
import { isSystemDb, tableSchema } from '../catalog/catalog.js';
import { dataRelation, ownerOf } from '../catalog/model.js';
import type { TableEntry } from '../catalog/model.js';
import type { Storage } from '../storage/storage.js';
import type { IngestWriter } from './ingest-writer.js';
import type { IngestState } from './relation-writer.js';

export interface DeleteEnv {
  readonly catalog: Catalog;
  readonly storage: Storage;
  readonly state: IngestState;
  readonly writer: IngestWriter;
}

/** Column references of an expression (not descending into literals). */
function columnRefs(e: Expr, out: string[]): void {
  switch (e.kind) {
    case 'Column':
      out.push(e.name);
      return;
    case 'Unary':
      return columnRefs(e.operand, out);
    case 'Binary':
      columnRefs(e.left, out);
      return columnRefs(e.right, out);
    case 'Between':
      columnRefs(e.expr, out);
      columnRefs(e.low, out);
      return columnRefs(e.high, out);
    case 'In':
      columnRefs(e.expr, out);
      for (const x of e.list) columnRefs(x, out);
      return;
    case 'IsNull':
      return columnRefs(e.expr, out);
    case 'Func':
      for (const x of e.args) columnRefs(x, out);
      return;
    case 'Cast':
      return columnRefs(e.expr, out);
    case 'Case':
      if (e.operand) columnRefs(e.operand, out);
      for (const w of e.whens) {
        columnRefs(w.when, out);
        columnRefs(w.then, out);
      }
      if (e.else) columnRefs(e.else, out);
      return;
    default:
      return;
  }
}

function checkWhere(t: TableEntry, where: Expr): void {
  const refs: string[] = [];
  columnRefs(where, refs);
  const owner = ownerOf(t);
  const ts = owner.columns[0]!.name;
  const tagNames = new Set(owner.kind === 'super' ? owner.tags.map((x) => x.name) : []);
  for (const r of refs) {
    if (r === ts || r === '_rowts' || r === '_c0') continue;
    if (t.kind === 'super' && (r === 'tbname' || tagNames.has(r))) continue;
    throw new TaosError(Code.INVALID_DELETE_WHERE);
  }
}

export async function executeDelete(s: Delete, env: DeleteEnv, ctx: TranslateContext): Promise<number> {
  const dbName = env.catalog.dbName(s.table.db, ctx.db);
  if (isSystemDb(dbName)) throw new TaosError(Code.SYSTABLE_NOT_ALLOWED);
  const t = env.catalog.get(dbName, s.table.name);
  const conds: string[] = [];
  if (t.kind === 'child') conds.push(`tid = ${t.tid}`);
  if (s.where) {
    checkWhere(t, s.where);
    conds.push(`(${translateCondition(s.where, tableSchema(t), ctx)})`);
  }
  const owner = ownerOf(t);
  const sql = `DELETE FROM ${dataRelation(owner)}${conds.length ? ` WHERE ${conds.join(' AND ')}` : ''}`;
  // Through the writer: no INSERT of the same relation runs while rows disappear.
  return env.writer.exclusive(async () => {
    try {
      return await env.storage.transaction((c) => c.exec(sql));
    } finally {
      // Max ts may have moved back; reload lazily. The rows left keep their order.
      env.state.invalidate(owner, { keepOrder: true });
    }
  });
}
