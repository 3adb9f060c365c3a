/**
 * Finds the parts of a TDengine SQL text that matter for client-side binding, following the
 * server tokenizer (`tGetToken` in TDengine's `ttokenizer.c`): `'…'` and `"…"` strings where a
 * backslash escapes the next character and a doubled quote is a quote, `` `…` `` identifiers,
 * `-- …` comments to the end of the line and `/* … *\/` comments. A `?` or `:name` inside any of
 * those is text, not a placeholder.
 */

export interface Hole {
  readonly start: number;
  readonly end: number;
  /** Present for `:name` placeholders. */
  readonly name?: string;
}

export interface Word {
  readonly start: number;
  readonly end: number;
  /** Lower-cased. */
  readonly text: string;
  readonly depth: number;
}

export interface SqlScan {
  readonly holes: readonly Hole[];
  /** Bare words outside strings/comments (for keyword detection). */
  readonly words: readonly Word[];
  /** Offset of each `(` → offset of its matching `)`. */
  readonly closeOf: ReadonlyMap<number, number>;
}

const isIdStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdChar = (c: number): boolean => isIdStart(c) || (c >= 48 && c <= 57);

export function scanSql(sql: string): SqlScan {
  const holes: Hole[] = [];
  const words: Word[] = [];
  const closeOf = new Map<number, number>();
  const stack: number[] = [];
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (c === 39 || c === 34) {
      // 'string' or "string"
      i++;
      while (i < n) {
        const d = sql.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === c) {
          if (sql.charCodeAt(i + 1) === c) i += 2;
          else break;
        } else i++;
      }
      i++;
    } else if (c === 96) {
      // `identifier`
      i++;
      while (i < n) {
        if (sql.charCodeAt(i) === 96) {
          if (sql.charCodeAt(i + 1) === 96) i += 2;
          else break;
        } else i++;
      }
      i++;
    } else if (c === 45 && sql.charCodeAt(i + 1) === 45) {
      const nl = sql.indexOf('\n', i + 2);
      i = nl < 0 ? n : nl + 1;
    } else if (c === 47 && sql.charCodeAt(i + 1) === 42) {
      const e = sql.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
    } else if (c === 63) {
      holes.push({ start: i, end: i + 1 });
      i++;
    } else if (c === 58 && isIdStart(sql.charCodeAt(i + 1)) && !isIdChar(sql.charCodeAt(i - 1))) {
      let j = i + 1;
      while (j < n && isIdChar(sql.charCodeAt(j))) j++;
      holes.push({ start: i, end: j, name: sql.slice(i + 1, j) });
      i = j;
    } else if (c === 40) {
      stack.push(i);
      i++;
    } else if (c === 41) {
      const o = stack.pop();
      if (o !== undefined) closeOf.set(o, i);
      i++;
    } else if (isIdStart(c)) {
      let j = i + 1;
      while (j < n && isIdChar(sql.charCodeAt(j))) j++;
      words.push({ start: i, end: j, text: sql.slice(i, j).toLowerCase(), depth: stack.length });
      i = j;
    } else if (c >= 48 && c <= 57) {
      // numbers and duration literals (1d, 10m) are not words
      let j = i + 1;
      while (j < n && isIdChar(sql.charCodeAt(j))) j++;
      i = j;
    } else {
      i++;
    }
  }
  return { holes, words, closeOf };
}
