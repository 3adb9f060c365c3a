/**
 * Split shell input into statements at `;` outside quotes, back-ticks and comments, keeping the
 * unfinished tail so the shell can ask for more lines (like the `taos` shell).
 */
export function splitStatements(text: string): { statements: string[]; rest: string } {
  const statements: string[] = [];
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"' || c === '`') {
      quote = c;
    } else if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === ';') {
      const s = text.slice(start, i).trim();
      if (s) statements.push(s);
      start = i + 1;
    }
  }
  return { statements, rest: text.slice(start) };
}
