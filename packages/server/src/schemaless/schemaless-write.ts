/**
 * Writing schemaless points (InfluxDB line protocol, OpenTSDB telnet/JSON) the way TDengine
 * does (protocol.md §7.2): each measurement is a super table, each tag set a child table named
 * by `smlChildTableName`, missing tables/columns/tags are created and strings widened first;
 * then every point of the batch goes to the engine as ONE structured insert, so a batch with
 * a bad value writes no rows at all.
 */
import { Code, SML_TS_COLUMN, TaosError, TypeCode, smlChildTableName } from '@taosts/protocol';
import type { SmlPoint } from '@taosts/protocol';
import type { SchemaProvider } from '@taosts/sql';
import type { Engine, Session, Value } from '../engine/types.js';
import type { TableRows } from '../ingest/insert-rows.js';
import { wktToWkb } from '../ingest/wkt.js';
import { NULL_TAG, addFieldNeeds, addTagNeeds, schemaChanges, tagField } from './sml-schema.js';
import type { SmlStableNeeds } from './sml-schema.js';

export interface SchemalessOptions {
  /** Tag whose value names the child table (WS `table_name_key`, REST `table_name_key`). */
  readonly tableNameKey?: string;
  /** TTL in days of auto-created child tables (accepted; child tables here never expire). */
  readonly ttl?: number;
}

const NS_PER_TICK = { ms: 1_000_000n, us: 1_000n, ns: 1n } as const;

/** One schema change at a time per engine: two batches must not both add the same column. */
const schemaLocks = new WeakMap<Engine, Promise<unknown>>();

function withSchemaLock<T>(engine: Engine, fn: () => Promise<T>): Promise<T> {
  const prev = schemaLocks.get(engine) ?? Promise.resolve();
  const run = prev.then(fn);
  schemaLocks.set(
    engine,
    run.catch(() => undefined),
  );
  return run;
}

function geometryLength(wkt: string): number {
  const wkb = wktToWkb(wkt);
  if (!wkb) throw new TaosError(Code.SML_INVALID_DATA, `SML invalid data: invalid geometry ${wkt}`);
  return wkb.length;
}

interface ChildRows {
  readonly stable: string;
  readonly tags: Map<string, Value>;
  readonly points: SmlPoint[];
}

/** The super table name of a measurement (`smlDot2Underline`). */
function stableName(measurement: string): string {
  return measurement.replaceAll('.', '_');
}

async function applySchema(
  engine: Engine,
  schema: SchemaProvider,
  session: Session,
  db: string,
  needs: Iterable<SmlStableNeeds>,
): Promise<void> {
  const run = engine.executeStatement;
  if (!run) throw new TaosError(Code.OPS_NOT_SUPPORT, 'this engine does not support schemaless writes');
  await withSchemaLock(engine, async () => {
    // Check every super table before changing any.
    const ddl = [...needs].flatMap((n) => schemaChanges(db, n, schema.table(db, n.name), SML_TS_COLUMN));
    for (const stmt of ddl) await run.call(engine, stmt, session);
  });
}

/** Column-major rows of one child table, in one pass; points without a field get NULL there. */
function childTable(
  name: string,
  c: ChildRows,
  schema: SchemaProvider,
  db: string,
  toTicks: (ns: bigint) => bigint,
): TableRows {
  const st = schema.table(db, c.stable)!;
  const n = c.points.length;
  const ts = new Array<Value>(n);
  const cols = new Map<string, Value[]>();
  for (let i = 0; i < n; i++) {
    const p = c.points[i]!;
    ts[i] = toTicks(p.ts);
    for (const [k, f] of p.fields) {
      let col = cols.get(k);
      if (!col) cols.set(k, (col = new Array<Value>(n).fill(null)));
      col[i] = f.value;
    }
  }
  const tagNames = [...c.tags.keys()];
  return {
    table: name,
    using: { stable: c.stable, tagNames, tags: tagNames.map((k) => c.tags.get(k) ?? null) },
    columns: [st.columns[0]!.name, ...cols.keys()],
    values: [ts, ...cols.values()],
    rowCount: n,
  };
}

/** A point's measurement and tag set as one string: equal keys mean the same child table. */
function tagSetKey(p: SmlPoint): string {
  let key = p.measurement;
  for (const [k, v] of p.tags)
    key += '\u0001' + k + '\u0002' + (typeof v === 'string' ? v : `${v.type}:${String(v.value)}`);
  return key;
}

interface Hit {
  readonly child: ChildRows;
  readonly need: SmlStableNeeds;
}

/** Points by child table, and what each super table needs, checking types across the batch. */
function groupPoints(
  points: readonly SmlPoint[],
  opts: SchemalessOptions,
): { needs: Map<string, SmlStableNeeds>; children: Map<string, ChildRows> } {
  const needs = new Map<string, SmlStableNeeds>();
  const children = new Map<string, ChildRows>();
  const nameOpts =
    opts.tableNameKey !== undefined && opts.tableNameKey !== '' ? { tableNameKey: opts.tableNameKey } : {};
  // Child names cost an MD5 each: computed once per distinct tag set of the batch. The
  // line-protocol parser shares one tags Map among the lines of a series, so try that first.
  const byTagSet = new Map<string, Hit>();
  const bySeries = new Map<ReadonlyMap<string, unknown>, Hit>();
  const newChild = (p: SmlPoint): Hit => {
    const stable = stableName(p.measurement);
    const { name, tags } = smlChildTableName(p, nameOpts);
    let need = needs.get(stable);
    if (!need) needs.set(stable, (need = { name: stable, columns: new Map(), tags: new Map() }));
    addTagNeeds(need, tags);
    let child = children.get(name);
    if (!child) {
      const tagValues = new Map<string, Value>();
      for (const [k, t] of tags) tagValues.set(k, tagField(t).value);
      children.set(name, (child = { stable, tags: tagValues, points: [] }));
    } else if (child.stable !== stable) {
      throw new TaosError(Code.TABLE_ALREADY_EXIST, `Table already exists in other stables: ${name}`);
    }
    return { child, need };
  };
  for (const p of points) {
    let hit = bySeries.get(p.tags);
    if (!hit) {
      const key = tagSetKey(p);
      hit = byTagSet.get(key);
      if (!hit) byTagSet.set(key, (hit = newChild(p)));
      bySeries.set(p.tags, hit);
    }
    addFieldNeeds(hit.need, p, geometryLength);
    hit.child.points.push(p);
  }
  return { needs, children };
}

/**
 * Write parsed points into the session's database; resolves with the rows written.
 *
 * @example await schemalessWrite(engine, session, parseLineProtocol(text, { precision: 'ms' }), {})
 */
export async function schemalessWrite(
  engine: Engine,
  session: Session,
  points: readonly SmlPoint[],
  opts: SchemalessOptions = {},
): Promise<number> {
  if (points.length === 0) return 0;
  const schema = engine.schema;
  if (!schema || !engine.insertRows)
    throw new TaosError(Code.OPS_NOT_SUPPORT, 'this engine does not support schemaless writes');
  const db = session.db;
  if (db === undefined) throw new TaosError(Code.DB_NOT_SPECIFIED);
  const dbSchema = schema.database(db);
  if (!dbSchema) throw new TaosError(Code.DB_NOT_EXIST);
  if (dbSchema.system) throw new TaosError(Code.SYSTABLE_NOT_ALLOWED);
  const perTick = NS_PER_TICK[dbSchema.precision];
  const toTicks = (ns: bigint): bigint => ns / perTick;

  const { needs, children } = groupPoints(points, opts);
  for (const n of needs.values())
    if (n.tags.size === 0) n.tags.set(NULL_TAG, { name: NULL_TAG, type: TypeCode.NCHAR, length: 0 });
  await applySchema(engine, schema, session, db, needs.values());
  const tables = [...children].map(([name, c]) => childTable(name, c, schema, db, toTicks));
  return engine.insertRows({ db, tables }, session);
}
