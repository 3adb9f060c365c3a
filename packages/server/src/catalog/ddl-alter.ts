/** ALTER TABLE / ALTER STABLE (sql.md §1.3–1.4, §6.1). */
import { Code, TaosError, TypeCode } from '@taosts/protocol';
import type { AlterAction, AlterTable, ColumnDef } from '@taosts/sql';
import { sqlLiteral } from '../storage/sql-literal.js';
import { convertValue } from '../ingest/convert-value.js';
import { XCode } from '../engine/codes.js';
import { catColumn, checkSchema, declaredLength, normaliseType } from './column-defs.js';
import type { DdlEnv } from './ddl-env.js';
import { tableOptions, targetDb } from './ddl-table.js';
import { updateTableSql } from './meta-store.js';
import { colName, dataRelation, physTypeOf, quoteIdent, sqlString, tagName, tagRelation } from './model.js';
import type { CatColumn, ChildEntry, DataOwner, SuperEntry, TableEntry } from './model.js';

function invalidAlter(detail?: string): TaosError {
  return new TaosError(
    Code.INVALID_ALTER_TABLE,
    detail ? `Invalid alter table statement: ${detail}` : undefined,
  );
}

function allNames(t: DataOwner): string[] {
  return [...t.columns.map((c) => c.name), ...(t.kind === 'super' ? t.tags.map((c) => c.name) : [])];
}

/** MODIFY COLUMN/TAG: only widening var-length types (0x264B). */
function widened(old: CatColumn, def: ColumnDef, isTag: boolean): CatColumn {
  const t = normaliseType(def.type);
  const varTypes: TypeCode[] = [TypeCode.VARCHAR, TypeCode.NCHAR, TypeCode.VARBINARY, TypeCode.GEOMETRY];
  if (t.code !== old.type || !varTypes.includes(old.type)) throw new TaosError(Code.INVALID_MODIFY_COL);
  const length = declaredLength(t, isTag);
  if (length <= old.length)
    throw new TaosError(Code.INVALID_MODIFY_COL, 'Only allowed to increase the length');
  return { ...old, length };
}

async function persist(env: DdlEnv, t: DataOwner, ddl: string[]): Promise<void> {
  await env.storage.transaction((c) => c.run([...ddl, updateTableSql(t)].join(';\n')));
}

async function alterColumns(env: DdlEnv, t: DataOwner, action: AlterAction): Promise<void> {
  const rel = dataRelation(t);
  switch (action.kind) {
    case 'AddColumn': {
      if (allNames(t).includes(action.column.name)) throw new TaosError(Code.COLUMN_ALREADY_EXIST);
      const col = catColumn(action.column, t.nextKey, false);
      const columns = [...t.columns, col];
      checkSchema(columns, t.kind === 'super' ? t.tags : [], t.kind === 'super');
      const next = { ...t, columns, nextKey: t.nextKey + 1 } as DataOwner;
      await persist(env, next, [
        `ALTER TABLE ${rel} ADD COLUMN ${quoteIdent(colName(col.key))} ${physTypeOf(col)}`,
      ]);
      t.columns = columns;
      t.nextKey++;
      return;
    }
    case 'DropColumn': {
      const idx = t.columns.findIndex((c) => c.name === action.name);
      if (idx < 0) throw new TaosError(Code.COLUMN_NOT_EXIST);
      if (idx === 0) throw new TaosError(Code.CANNOT_DROP_PRIMARY_KEY);
      if (t.columns.length <= 2) throw new TaosError(Code.INVALID_DROP_COL);
      const col = t.columns[idx]!;
      const columns = t.columns.filter((_, i) => i !== idx);
      await persist(env, { ...t, columns } as DataOwner, [
        `ALTER TABLE ${rel} DROP COLUMN ${quoteIdent(colName(col.key))}`,
      ]);
      t.columns = columns;
      return;
    }
    case 'ModifyColumn': {
      const idx = t.columns.findIndex((c) => c.name === action.column.name);
      if (idx < 0) throw new TaosError(Code.COLUMN_NOT_EXIST);
      const columns = t.columns.slice();
      columns[idx] = widened(t.columns[idx]!, action.column, false);
      checkSchema(columns, t.kind === 'super' ? t.tags : [], t.kind === 'super');
      await persist(env, { ...t, columns } as DataOwner, []);
      t.columns = columns;
      return;
    }
    case 'RenameColumn': {
      if (t.kind === 'super') throw invalidAlter('columns of a super table cannot be renamed');
      const idx = t.columns.findIndex((c) => c.name === action.from);
      if (idx < 0) throw new TaosError(Code.COLUMN_NOT_EXIST);
      if (allNames(t).includes(action.to)) throw new TaosError(Code.COLUMN_ALREADY_EXIST);
      const columns = t.columns.slice();
      columns[idx] = { ...t.columns[idx]!, name: action.to };
      await persist(env, { ...t, columns } as DataOwner, []);
      t.columns = columns;
      return;
    }
    default:
      throw invalidAlter();
  }
}

async function alterTags(env: DdlEnv, st: SuperEntry, action: AlterAction): Promise<void> {
  const rel = tagRelation(st);
  switch (action.kind) {
    case 'AddTag': {
      if (st.tags.some((c) => c.name === action.column.name)) throw new TaosError(Code.TAG_ALREADY_EXIST);
      if (st.columns.some((c) => c.name === action.column.name))
        throw new TaosError(Code.COLUMN_ALREADY_EXIST);
      const tag = catColumn(action.column, st.nextKey, true);
      const tags = [...st.tags, tag];
      checkSchema(st.columns, tags, true);
      await persist(env, { ...st, tags, nextKey: st.nextKey + 1 }, [
        `ALTER TABLE ${rel} ADD COLUMN ${quoteIdent(tagName(tag.key))} ${physTypeOf(tag)}`,
      ]);
      st.tags = tags;
      st.nextKey++;
      return;
    }
    case 'DropTag': {
      const idx = st.tags.findIndex((c) => c.name === action.name);
      if (idx < 0) throw new TaosError(Code.TAG_NOT_EXIST);
      if (st.tags.length <= 1) throw new TaosError(Code.INVALID_TAGS_NUM, 'Invalid number of tag columns');
      const tag = st.tags[idx]!;
      const tags = st.tags.filter((_, i) => i !== idx);
      await persist(env, { ...st, tags }, [`ALTER TABLE ${rel} DROP COLUMN ${quoteIdent(tagName(tag.key))}`]);
      st.tags = tags;
      return;
    }
    case 'ModifyTag': {
      const idx = st.tags.findIndex((c) => c.name === action.column.name);
      if (idx < 0) throw new TaosError(Code.TAG_NOT_EXIST);
      const tags = st.tags.slice();
      tags[idx] = widened(st.tags[idx]!, action.column, true);
      checkSchema(st.columns, tags, true);
      await persist(env, { ...st, tags }, []);
      st.tags = tags;
      return;
    }
    case 'RenameTag': {
      const idx = st.tags.findIndex((c) => c.name === action.from);
      if (idx < 0) throw new TaosError(Code.TAG_NOT_EXIST);
      if (allNames(st).includes(action.to)) throw new TaosError(Code.TAG_ALREADY_EXIST);
      const tags = st.tags.slice();
      tags[idx] = { ...st.tags[idx]!, name: action.to };
      await persist(env, { ...st, tags }, []);
      st.tags = tags;
      return;
    }
    default:
      throw invalidAlter();
  }
}

async function setTags(
  env: DdlEnv,
  ch: ChildEntry,
  action: Extract<AlterAction, { kind: 'SetTag' }>,
): Promise<void> {
  const st = ch.stable;
  const ctx = { precision: ch.db.options.precision, timezone: env.timezone, now: env.now };
  const sets: string[] = [];
  const seen = new Set<string>();
  for (const { name, value } of action.values) {
    const tag = st.tags.find((t) => t.name === name);
    if (!tag) throw new TaosError(Code.INVALID_TAG_NAME, `Invalid tag name: ${name}`);
    if (seen.has(name)) throw new TaosError(Code.DUPLICATED_COLUMN);
    seen.add(name);
    sets.push(
      `${quoteIdent(tagName(tag.key))} = ${sqlLiteral(convertValue(value, tag, ctx), physTypeOf(tag))}`,
    );
  }
  if (sets.length === 0) throw invalidAlter();
  await env.storage.transaction((c) =>
    c.run(`UPDATE ${tagRelation(st)} SET ${sets.join(', ')} WHERE tid = ${ch.tid}`),
  );
}

async function setOptions(
  env: DdlEnv,
  t: TableEntry,
  action: Extract<AlterAction, { kind: 'SetOptions' }>,
): Promise<void> {
  const options = tableOptions(action.options, t.options);
  if (t.kind === 'child') {
    await env.storage.transaction((c) =>
      c.run(
        `UPDATE ${tagRelation(t.stable)} SET _opts = ${sqlString(JSON.stringify(options))} WHERE tid = ${t.tid}`,
      ),
    );
  } else {
    await persist(env, { ...t, options } as DataOwner, []);
  }
  t.options = options;
}

export async function alterTable(s: AlterTable, env: DdlEnv): Promise<void> {
  const db = targetDb(env, s.table);
  const t = db.tables.get(s.table.name);
  if (!t)
    throw s.stable
      ? new TaosError(Code.STB_NOT_EXIST)
      : new TaosError(Code.TABLE_NOT_EXIST, `Table does not exist: ${s.table.name}`);
  if (s.stable && t.kind !== 'super') throw new TaosError(Code.STB_NOT_EXIST);
  const a = s.action;
  switch (a.kind) {
    case 'SetOptions':
      return setOptions(env, t, a);
    case 'SetTag':
      if (t.kind !== 'child') throw invalidAlter('SET TAG applies to child tables');
      return setTags(env, t, a);
    case 'AddColumn':
    case 'DropColumn':
    case 'ModifyColumn':
    case 'RenameColumn':
      if (t.kind === 'child') throw invalidAlter();
      return alterColumns(env, t, a);
    case 'AddTag':
    case 'DropTag':
    case 'ModifyTag':
    case 'RenameTag':
      if (t.kind !== 'super') throw invalidAlter();
      if (a.kind === 'AddTag' && (a.column.type.code === TypeCode.JSON || hasJsonTag(t))) {
        throw new TaosError(XCode.ONLY_ONE_JSON_TAG, 'Only one tag if there is a json tag');
      }
      return alterTags(env, t, a);
  }
}

function hasJsonTag(st: SuperEntry): boolean {
  return st.tags.some((t) => t.type === TypeCode.JSON);
}
