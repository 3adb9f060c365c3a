/** Render query results as an aligned text table, like the `taos` shell does. */

export interface TableColumn {
  readonly name: string;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (typeof v === 'object') {
    const iso = (v as { toISOString?: () => string }).toISOString;
    if (typeof iso === 'function') return iso.call(v);
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
  }
  return String(v);
}

/** Display width: East Asian wide characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      c >= 0x1100 &&
      (c <= 0x115f ||
        (c >= 0x2e80 && c <= 0xa4cf) ||
        (c >= 0xac00 && c <= 0xd7a3) ||
        (c >= 0xf900 && c <= 0xfaff) ||
        (c >= 0xfe30 && c <= 0xfe4f) ||
        (c >= 0xff00 && c <= 0xff60) ||
        (c >= 0xffe0 && c <= 0xffe6) ||
        (c >= 0x20000 && c <= 0x3fffd))
        ? 2
        : 1;
  }
  return w;
}

function pad(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - width(s)));
}

/** Format rows under their column names; returns the lines (no trailing newline). */
export function renderTable(columns: readonly TableColumn[], rows: readonly (readonly unknown[])[]): string {
  const text = rows.map((r) => r.map(cell));
  const widths = columns.map((c, i) => Math.max(width(c.name), ...text.map((r) => width(r[i] ?? ''))));
  const line = (parts: string[]) => ' ' + parts.map((p, i) => pad(p, widths[i]!)).join(' | ') + ' |';
  const out = [line(columns.map((c) => c.name)), '='.repeat(widths.reduce((a, w) => a + w + 3, 0))];
  for (const r of text) out.push(line(r));
  return out.join('\n');
}
