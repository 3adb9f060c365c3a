/**
 * TDengine's client lower-cases the SQL text outside `'…'`, `"…"` and `` `…` `` before parsing
 * (`strntolower` in `clientImpl.c`, sql.md §0.1). Default column names and error messages show
 * the text after this step, so we reproduce it for those spans.
 */
export function lowerOutsideQuotes(text: string): string {
  if (!/[A-Z]/.test(text)) return text;
  let out = '';
  let run = 0; // start of the current unquoted run
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 39 || c === 34 || c === 96) {
      out += text.slice(run, i).toLowerCase();
      const end = quotedEnd(text, i, c);
      out += text.slice(i, end);
      i = run = end;
    } else {
      i++;
    }
  }
  return out + text.slice(run).toLowerCase();
}

/** Offset after the closing quote (a doubled quote simply closes and reopens). */
function quotedEnd(text: string, i: number, quote: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 92 && quote !== 96) j++;
    else if (c === quote) return j + 1;
  }
  return text.length;
}
