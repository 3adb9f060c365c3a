/**
 * A schemaless batch grouped by child table, column-major: what each super table needs (checked
 * across the batch) and, per child table, the ts and field columns. Points are fed one at a
 * time (`begin`, `field`…, `end`) — straight from the line-protocol parser, so no per-point
 * Maps or objects are kept — or from parsed points (telnet, JSON).
 */
import {
  Code,
  TaosError,
  TypeCode,
  isVarType,
  parseLineProtocolInto,
  smlChildTableName,
} from '@taosts/protocol';
import type { LineSink, SmlPoint, SmlPrecision, SmlTag } from '@taosts/protocol';
import type { Value } from '../engine/types.js';
import { wktToWkb } from '../ingest/wkt.js';
import { addFieldNeed, addTagNeeds, tagField } from './sml-schema.js';
import type { SmlStableNeeds } from './sml-schema.js';

export interface SmlBatchOptions {
  /** Tag whose value names the child table. */
  readonly tableNameKey?: string;
  /**
   * Nanoseconds per tick of the timestamps kept (the target database's precision: 1000000n for
   * ms); default 1n. Ticks are truncated from the written value, as TDengine converts them.
   */
  readonly tsTick?: bigint;
}

/** A growing column of int64 ticks, filled from numbers without a BigInt per value. */
export class TickColumn {
  #data = new BigInt64Array(64);
  #lo = new Uint32Array(this.#data.buffer);
  #hi = new Int32Array(this.#data.buffer);
  length = 0;

  push(v: number | bigint): number {
    const n = this.length;
    if (n === this.#data.length) {
      const next = new BigInt64Array(2 * n);
      next.set(this.#data);
      this.#data = next;
      this.#lo = new Uint32Array(next.buffer);
      this.#hi = new Int32Array(next.buffer);
    }
    if (typeof v === 'bigint') this.#data[n] = v;
    else {
      const hi = Math.floor(v / 4294967296);
      this.#lo[2 * n] = v - hi * 4294967296;
      this.#hi[2 * n + 1] = hi;
    }
    return (this.length = n + 1);
  }

  /** The ticks (a view: valid until the next push). */
  values(): BigInt64Array {
    return this.#data.subarray(0, this.length);
  }
}

interface FieldColumn {
  readonly key: string;
  /** Type of the first value in this child; later values of it need no new check. */
  readonly type: TypeCode;
  readonly values: Value[];
  /** The tags Map this key was last checked against (a field may not repeat a tag). */
  checkedTags: ReadonlyMap<string, unknown> | undefined;
}

/** One child table's rows. */
export interface ChildColumns {
  readonly stable: string;
  readonly tags: Map<string, Value>;
  /** Timestamps in ticks of the batch's `tsTick`. */
  readonly ts: TickColumn;
  /** Field columns in order of first appearance; rows without the field hold NULL. */
  readonly fields: Map<string, FieldColumn>;
  /** Columns in the order the previous point gave its fields (a guess for the next one). */
  readonly order: FieldColumn[];
}

interface Hit {
  readonly child: ChildColumns;
  readonly need: SmlStableNeeds;
}

function geometryLength(wkt: string): number {
  const wkb = wktToWkb(wkt);
  if (!wkb) throw new TaosError(Code.SML_INVALID_DATA, `SML invalid data: invalid geometry ${wkt}`);
  return wkb.length;
}

/** The super table name of a measurement (`smlDot2Underline`). */
function stableName(measurement: string): string {
  return measurement.replaceAll('.', '_');
}

/** A point's measurement and tag set as one string: equal keys mean the same child table. */
function tagSetKey(measurement: string, tags: ReadonlyMap<string, SmlTag>): string {
  let key = measurement;
  for (const [k, v] of tags)
    key += '\u0001' + k + '\u0002' + (typeof v === 'string' ? v : `${v.type}:${String(v.value)}`);
  return key;
}

export class SmlBatch implements LineSink {
  readonly needs = new Map<string, SmlStableNeeds>();
  readonly children = new Map<string, ChildColumns>();
  /** Points fed. */
  points = 0;
  /**
   * The first schema conflict of the batch (TDengine's error), thrown by the writer where it
   * checks the batch: parsing goes on so that a later syntax error still wins, as it did when
   * every point was parsed first.
   */
  error: unknown;
  readonly #nameOpts: { tableNameKey?: string };
  /** Nanoseconds per kept tick. */
  readonly tsTick: bigint;
  // Child names cost an MD5 each: computed once per distinct tag set of the batch. The
  // line-protocol parser shares one tags Map among the lines of a series, so try that first.
  readonly #byTagSet = new Map<string, Hit>();
  readonly #bySeries = new Map<ReadonlyMap<string, SmlTag>, Hit>();
  #hit: Hit | undefined;
  #tags: ReadonlyMap<string, SmlTag> | undefined;
  #q = 0;

  constructor(opts: SmlBatchOptions = {}) {
    this.tsTick = opts.tsTick ?? 1n;
    this.#nameOpts =
      opts.tableNameKey !== undefined && opts.tableNameKey !== '' ? { tableNameKey: opts.tableNameKey } : {};
  }

  /** Group parsed points. */
  static fromPoints(points: readonly SmlPoint[], opts?: SmlBatchOptions): SmlBatch {
    const b = new SmlBatch(opts);
    for (const p of points) {
      b.begin(p.measurement, p.tags);
      for (const [k, f] of p.fields) b.field(k, f.type, f.value);
      b.end(p.ts, 1n);
    }
    return b;
  }

  /** Parse InfluxDB line protocol straight into a batch. */
  static fromLines(text: string, precision: SmlPrecision, opts?: SmlBatchOptions): SmlBatch {
    const b = new SmlBatch(opts);
    parseLineProtocolInto(text, { precision }, b);
    return b;
  }

  begin(measurement: string, tags: Map<string, SmlTag>): void {
    this.points++;
    if (this.error !== undefined) return;
    try {
      let hit = this.#bySeries.get(tags);
      if (!hit) {
        const key = tagSetKey(measurement, tags);
        hit = this.#byTagSet.get(key);
        if (!hit) this.#byTagSet.set(key, (hit = this.#newChild(measurement, tags)));
        this.#bySeries.set(tags, hit);
      }
      this.#hit = hit;
      this.#tags = tags;
      this.#q = 0;
    } catch (e) {
      this.error = e;
    }
  }

  field(key: string, type: TypeCode, value: Value): void {
    if (this.error !== undefined) return;
    const hit = this.#hit!;
    const child = hit.child;
    try {
      let col: FieldColumn | undefined = child.order[this.#q];
      if (col === undefined || col.key !== key) {
        col = child.fields.get(key);
        if (!col) {
          const values = new Array<Value>(child.ts.length).fill(null);
          child.fields.set(key, (col = { key, type, values, checkedTags: undefined }));
        }
        child.order[this.#q] = col;
      }
      this.#q++;
      const tags = this.#tags!;
      // Same type as this child's first value: the super table's needs already hold it, and only
      // strings can need a wider column.
      if (col.checkedTags !== tags || type !== col.type || isVarType(type)) {
        addFieldNeed(hit.need, tags, key, { type, value }, geometryLength);
        col.checkedTags = tags;
      }
      col.values[child.ts.length] = value;
    } catch (e) {
      this.error = e;
    }
  }

  end(ts: number | bigint, unitNs: bigint): void {
    if (this.error !== undefined) return;
    const child = this.#hit!.child;
    const n = child.ts.push(this.#ticks(ts, unitNs));
    // Fields this point did not give are NULL.
    for (const col of child.fields.values()) if (col.values.length < n) col.values.push(null);
  }

  /** `ts × unitNs` ns in ticks of `tsTick` (truncated); a number while that is exact. */
  #ticks(ts: number | bigint, unitNs: bigint): number | bigint {
    const tick = this.tsTick;
    if (unitNs === tick) return ts;
    if (typeof ts === 'number' && unitNs > tick && unitNs % tick === 0n) {
      const v = ts * Number(unitNs / tick);
      if (Number.isSafeInteger(v)) return v;
    }
    return (BigInt(ts) * unitNs) / tick;
  }

  #newChild(measurement: string, pointTags: Map<string, SmlTag>): Hit {
    const stable = stableName(measurement);
    const { name, tags } = smlChildTableName({ measurement, tags: pointTags }, this.#nameOpts);
    let need = this.needs.get(stable);
    if (!need) this.needs.set(stable, (need = { name: stable, columns: new Map(), tags: new Map() }));
    addTagNeeds(need, tags);
    let child = this.children.get(name);
    if (!child) {
      const tagValues = new Map<string, Value>();
      for (const [k, t] of tags) tagValues.set(k, tagField(t).value);
      this.children.set(
        name,
        (child = { stable, tags: tagValues, ts: new TickColumn(), fields: new Map(), order: [] }),
      );
    } else if (child.stable !== stable) {
      throw new TaosError(Code.TABLE_ALREADY_EXIST, `Table already exists in other stables: ${name}`);
    }
    return { child, need };
  }
}
