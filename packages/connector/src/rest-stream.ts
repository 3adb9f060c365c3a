import { RestDecoder, decodeRestBody } from './rest-decode.js';
import type { RestResponse } from './rest-decode.js';
import type { ValueContext } from './values.js';

/** Longest head (text before the data array) re-read on every chunk. */
const HEAD_LIMIT = 256 * 1024;

/**
 * Decode a REST reply while it arrives. taosAdapter streams large results in ~16 KB flushes
 * (protocol.md §2.3), so rows are decoded as chunks come in and decoding overlaps the server's
 * work; only the unfinished last row is carried between chunks. Same result as `decodeRestBody`
 * on the concatenated text.
 *
 * @example
 * const d = new RestStreamDecoder(ctx);
 * for await (const text of chunks) d.push(text);
 * const reply = d.end();
 */
export class RestStreamDecoder {
  readonly #ctx: ValueContext;
  /** Text before the data array is known (kept whole: the head is re-read until complete). */
  #head = '';
  #d: RestDecoder | undefined;
  #phase: 'head' | 'rows' | 'tail' = 'head';

  constructor(ctx: ValueContext) {
    this.#ctx = ctx;
  }

  push(text: string): void {
    if (text === '') return;
    if (this.#phase === 'head') {
      this.#head += text;
      // A head this long is not taosAdapter's shape; stop re-reading it and decode at the end.
      if (this.#head.length > HEAD_LIMIT) return;
      const d = new RestDecoder(this.#head, this.#ctx);
      let r: 'rows' | 'done';
      try {
        r = d.head();
      } catch {
        return; // incomplete (or malformed: end() will say so)
      }
      if (r === 'done') return; // no streamable data array; end() decodes the whole text
      this.#d = d;
      this.#phase = 'rows';
      this.#rows(false);
      return;
    }
    const d = this.#d as RestDecoder;
    // join() builds a flat string; `+` would build a cons string, which the scanner reads ~2x slower.
    d.s = d.i < d.s.length ? [d.s.slice(d.i), text].join('') : text;
    d.i = 0;
    if (this.#phase === 'rows') this.#rows(false);
  }

  /** All text has arrived: finish and return the reply (throws on malformed input). */
  end(): RestResponse {
    if (this.#phase === 'head') return decodeRestBody(this.#head, this.#ctx);
    const d = this.#d as RestDecoder;
    if (this.#phase === 'rows') this.#rows(true);
    d.keys(true);
    return d.finish();
  }

  #rows(final: boolean): void {
    const d = this.#d as RestDecoder;
    if (d.rows(final)) {
      this.#phase = 'tail';
      d.s = d.s.slice(d.i);
      d.i = 0;
    }
  }
}
