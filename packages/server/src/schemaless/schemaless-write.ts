/**
 * Writing schemaless points (InfluxDB line protocol, OpenTSDB telnet/JSON) the way TDengine
 * does (protocol.md §7.2): each measurement is a super table, each tag set a child table named
 * by `smlChildTableName`, missing tables/columns/tags are created and strings widened first;
 * then every point of the batch goes to the engine as ONE structured insert, so a batch with
 * a bad value writes no rows at all.
 */
import { Code, SML_TS_COLUMN, TaosError, TypeCode } from '@taosts/protocol';
import type { SmlPoint } from '@taosts/protocol';
import type { SchemaProvider } from '@taosts/sql';
import type { Engine, Session, Value } from '../engine/types.js';
import type { TableRows } from '../ingest/insert-rows.js';
import { SmlBatch } from './sml-batch.js';
import type { ChildColumns } from './sml-batch.js';
import { NULL_TAG, schemaChanges } from './sml-schema.js';
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

/** The engine's rows of one child table. */
function childTable(
  name: string,
  c: ChildColumns,
  schema: SchemaProvider,
  db: string,
  tsTick: bigint,
  perTick: bigint,
): TableRows {
  const st = schema.table(db, c.stable)!;
  const n = c.ts.length;
  const kept = c.ts.values();
  let ts: BigInt64Array | Value[] = kept;
  if (tsTick !== perTick) {
    ts = new Array<Value>(n);
    for (let i = 0; i < n; i++) ts[i] = (kept[i]! * tsTick) / perTick;
  }
  const tagNames = [...c.tags.keys()];
  const names = [st.columns[0]!.name];
  const values: (Value[] | BigInt64Array)[] = [ts];
  for (const [k, col] of c.fields) {
    names.push(k);
    values.push(col.values);
  }
  return {
    table: name,
    using: { stable: c.stable, tagNames, tags: tagNames.map((k) => c.tags.get(k) ?? null) },
    columns: names,
    values,
    rowCount: n,
  };
}

/**
 * Nanoseconds per tick of the session database's precision, to parse timestamps straight into
 * (`SmlBatchOptions.tsTick`); undefined when there is no usable database (the write reports it).
 */
export function sessionTick(engine: Engine, session: Session): bigint | undefined {
  const db = session.db === undefined ? undefined : engine.schema?.database(session.db);
  return db ? NS_PER_TICK[db.precision] : undefined;
}

/**
 * Write parsed points into the session's database; resolves with the rows written.
 *
 * @example await schemalessWrite(engine, session, parseLineProtocol(text, { precision: 'ms' }), {})
 */
export async function schemalessWrite(
  engine: Engine,
  session: Session,
  points: readonly SmlPoint[] | SmlBatch,
  opts: SchemalessOptions = {},
): Promise<number> {
  if ((points instanceof SmlBatch ? points.points : points.length) === 0) return 0;
  const schema = engine.schema;
  if (!schema || !engine.insertRows)
    throw new TaosError(Code.OPS_NOT_SUPPORT, 'this engine does not support schemaless writes');
  const db = session.db;
  if (db === undefined) throw new TaosError(Code.DB_NOT_SPECIFIED);
  const dbSchema = schema.database(db);
  if (!dbSchema) throw new TaosError(Code.DB_NOT_EXIST);
  if (dbSchema.system) throw new TaosError(Code.SYSTABLE_NOT_ALLOWED);
  const perTick = NS_PER_TICK[dbSchema.precision];

  const batch = points instanceof SmlBatch ? points : SmlBatch.fromPoints(points, opts);
  if (batch.error !== undefined) throw batch.error;
  const { needs, children } = batch;
  for (const n of needs.values())
    if (n.tags.size === 0) n.tags.set(NULL_TAG, { name: NULL_TAG, type: TypeCode.NCHAR, length: 0 });
  await applySchema(engine, schema, session, db, needs.values());
  const tables = [...children].map(([name, c]) => childTable(name, c, schema, db, batch.tsTick, perTick));
  return engine.insertRows({ db, tables }, session);
}
