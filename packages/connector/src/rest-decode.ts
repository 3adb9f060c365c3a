import type { Precision } from '@taosts/protocol';
import { CellScanner } from './cell-scan.js';
import { Kind, fieldOf, kindOf } from './values.js';
import type { Field, Value, ValueContext } from './values.js';

/** A decoded `/rest/sql` reply (protocol.md §2.3, §2.4, §2.7). */
export interface RestResponse {
  /** 0 on success, else the TDengine code (low 16 bits). */
  readonly code: number;
  /** Error text when `code` is not 0. */
  readonly desc?: string;
  readonly fields: readonly Field[];
  /** Rows as arrays, values already converted per column type. */
  readonly data: Value[][];
  readonly rows: number;
  /** Server-side time in nanoseconds, when the server sent it. */
  readonly timing?: bigint;
  /** Precision implied by the first TIMESTAMP value (fraction digits 3/6/9); undefined without one. */
  readonly precision?: Precision;
}

/**
 * Decode a REST body losslessly and fast. The reply has a fixed key order (`code`, `column_meta`,
 * `data`, `rows`), so the column types are known before the first row: each cell is scanned by a
 * decoder chosen per column, straight from the text, with no intermediate JSON values.
 * BIGINT/UBIGINT become `bigint`, TIMESTAMP a `TDTimestamp` (or the configured mode), binary
 * columns `Uint8Array`, DECIMAL exact strings. Anything unexpected goes through the generic
 * lossless scanner and a per-type conversion, so odd servers still decode correctly.
 */
export function decodeRestBody(text: string, ctx: ValueContext): RestResponse {
  const d = new RestDecoder(text, ctx);
  if (d.head() === 'rows') {
    d.rows(true);
    d.keys(true);
  }
  return d.finish();
}

/**
 * The reply as a resumable parse: `head` (keys up to the data array), `rows` (complete rows
 * only; a cut row is rolled back and retried when more text arrives), `keys` (what follows).
 * `RestStreamDecoder` feeds it chunk by chunk; `decodeRestBody` runs it once over the whole text.
 */
export class RestDecoder extends CellScanner {
  code = 0;
  desc: string | undefined;
  fields: Field[] | undefined;
  kinds: Kind[] = [];
  out: Value[][] = [];
  rawData: unknown;
  rowCount: number | undefined;
  timing: bigint | undefined;
  bare = false;
  /** No row parsed yet (so no ',' expected before the next one). */
  first = true;
  rowStart = 0;

  /** Parse from the start to the data array (`'rows'`) or to the end of a reply without one. */
  head(): 'rows' | 'done' {
    this.i = 0;
    this.ws();
    if (this.s.charCodeAt(this.i) !== 123) {
      // taosAdapter answers some 503s with a bare JSON string.
      const v = this.value();
      this.code = 0xffff;
      this.desc = typeof v === 'string' ? v : JSON.stringify(String(v));
      this.bare = true;
      return 'done';
    }
    this.i++;
    this.ws();
    if (this.s.charCodeAt(this.i) === 125) this.fail('empty object');
    return this.keys(false);
  }

  /**
   * Keys and values until `}` (→ 'done') or, while reading the head, until the data array of a
   * reply whose column types are known (→ 'rows', `i` just past its '['). `after` means a value
   * was just read, so ',' or '}' comes first.
   */
  keys(after: boolean): 'rows' | 'done' {
    for (;;) {
      if (after) {
        this.ws();
        const c = this.s.charCodeAt(this.i++);
        if (c === 125) return 'done';
        if (c !== 44) this.fail("expected ',' or '}'");
      }
      after = true;
      this.ws();
      if (this.s.charCodeAt(this.i) !== 34) this.fail('expected a key');
      const key = this.string();
      this.expect(58);
      switch (key) {
        case 'code':
        case 'status': {
          const v = this.value();
          // v2 servers say {"status":"succ"|"error"}
          this.code = v === 'succ' ? 0 : v === 'error' ? 0xffff : Number(v) & 0xffff;
          break;
        }
        case 'desc':
          this.desc = String(this.value());
          break;
        case 'column_meta':
        case 'head': {
          const meta = this.value();
          if (!Array.isArray(meta)) this.fail('column_meta is not an array');
          this.fields = meta.map((m) => (typeof m === 'string' ? fieldOf([m, -1, 0]) : fieldOf(m)));
          this.kinds = this.fields.map((f) => kindOf(f.typeCode));
          break;
        }
        case 'data':
          this.ws();
          if (this.fields && this.s.charCodeAt(this.i) === 91) {
            this.i++;
            return 'rows';
          }
          this.rawData = this.value();
          break;
        case 'rows': {
          const v = this.value();
          this.rowCount = Number(v);
          break;
        }
        case 'timing': {
          const v = this.value();
          this.timing = typeof v === 'bigint' ? v : typeof v === 'number' ? BigInt(Math.trunc(v)) : undefined;
          break;
        }
        default:
          this.skip();
      }
    }
  }

  /** The decoded reply; checks that nothing but whitespace follows. */
  finish(): RestResponse {
    this.ws();
    if (this.i < this.s.length) this.fail('trailing characters');
    const fields = this.fields ?? [];
    const data = this.rawData === undefined ? this.out : this.convertRaw(this.rawData, fields, this.kinds);
    return {
      code: this.code,
      ...(this.desc !== undefined ? { desc: this.desc } : {}),
      fields,
      data,
      rows: this.rowCount ?? data.length,
      ...(this.timing !== undefined ? { timing: this.timing } : {}),
      ...(this.precision !== undefined ? { precision: this.precision } : {}),
    };
  }

  /** Rows whose JSON was parsed generically (data before column_meta, or object rows). */
  convertRaw(raw: unknown, fields: readonly Field[], kinds: readonly Kind[]): Value[][] {
    if (!Array.isArray(raw)) this.fail('data is not an array');
    return raw.map((r) => {
      const cells: unknown[] = Array.isArray(r)
        ? r
        : fields.map((f) => (r as Record<string, unknown>)[f.name]);
      return cells.map((v, c) => this.convertOne(kinds[c] ?? Kind.ANY, v));
    });
  }

  /**
   * The hot loop over `[…],[…],…]`, one decoder per column, `i` in a local. Returns true once the
   * data array is closed (`i` past its ']'). Unless `final`, a row cut by the end of the text is
   * rolled back (`i` at its start) and false is returned: the caller appends text and calls again.
   */
  rows(final: boolean): boolean {
    const s = this.s;
    const kinds = this.kinds;
    const ncol = kinds.length;
    const out = this.out;
    let i = this.i;
    let bs = s.indexOf('\\', i); // next backslash: strings before it need no unescaping
    if (bs < 0) bs = s.length;
    // A row starting after the last ']' cannot be complete: wait for more text without trying
    // (and failing) to parse it.
    const stop = final ? s.length : s.lastIndexOf(']');
    try {
      for (;;) {
        if (i > stop) {
          this.i = i;
          return false;
        }
        this.rowStart = i;
        let ch = s.charCodeAt(i);
        if (ch === 44 && !this.first && s.charCodeAt(i + 1) === 91) i++;
        else if (!(ch === 91 && this.first)) {
          this.i = i;
          this.ws();
          ch = s.charCodeAt(this.i);
          if (ch === 93) {
            this.i++;
            return true;
          }
          if (!this.first) {
            if (ch !== 44) this.fail("expected ',' or ']'");
            this.i++;
            this.ws();
          }
          i = this.i;
          if (s.charCodeAt(i) !== 91) {
            // row_with_meta=true objects, or something else: generic path for this row
            const r = this.value();
            out.push(this.convertRaw([r], this.fields ?? [], kinds)[0] as Value[]);
            this.first = false;
            i = this.i;
            continue;
          }
        }
        i++; // past '['
        const row: Value[] = new Array(ncol);
        for (let c = 0; c < ncol; c++) {
          if (c > 0) {
            if (s.charCodeAt(i) !== 44) {
              this.i = i;
              this.ws();
              i = this.i;
              if (s.charCodeAt(i) !== 44) this.fail("expected ','");
            }
            i++;
          }
          ch = s.charCodeAt(i);
          const kind = kinds[c] as Kind;
          if (kind === Kind.STRING && ch === 34) {
            const q = s.indexOf('"', i + 1);
            if (q > bs) {
              bs = s.indexOf('\\', i + 1);
              if (bs < 0) bs = s.length;
            }
            if (q >= 0 && q < bs) {
              row[c] = s.slice(i + 1, q);
              i = q + 1;
              continue;
            }
          } else if ((kind === Kind.FLOAT || kind === Kind.INT) && (ch === 45 || (ch >= 48 && ch <= 57))) {
            row[c] = this.fastNumber(i);
            i = this.e;
            continue;
          } else if (kind === Kind.TIMESTAMP && ch === 34) {
            const v = this.fastTimestamp(i + 1);
            if (v !== undefined) {
              row[c] = v;
              i = this.e;
              continue;
            }
          }
          this.i = i;
          row[c] = this.cell(kind);
          i = this.i;
        }
        if (s.charCodeAt(i) !== 93) {
          this.i = i;
          this.ws();
          i = this.i;
          if (s.charCodeAt(i) !== 93) this.fail(`expected ']' after ${ncol} columns`);
        }
        out.push(row);
        this.first = false;
        i++;
      }
    } catch (e) {
      if (final) throw e;
      this.i = this.rowStart;
      return false;
    }
  }
}
