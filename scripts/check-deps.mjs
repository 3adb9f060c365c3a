// Checks the dependency direction between workspace packages (DEVELOPERS.md):
// protocol <- connector; protocol, sql <- server; connector, server <- cli; e2e may use all.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const allowed = {
  protocol: [],
  sql: ['@taosts/protocol'],
  connector: ['@taosts/protocol'],
  server: ['@taosts/protocol', '@taosts/sql'],
  cli: ['taosts', '@taosts/server', '@taosts/protocol'],
};
const workspaceNames = ['@taosts/protocol', '@taosts/sql', '@taosts/server', '@taosts/cli', 'taosts'];

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (p.endsWith('.ts')) yield p;
  }
}

let bad = 0;
for (const [pkg, ok] of Object.entries(allowed)) {
  for (const file of files(join('packages', pkg, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      const spec = m[1];
      const target = workspaceNames.find((n) => spec === n || spec.startsWith(n + '/'));
      if (target && !ok.includes(target)) {
        console.error(`${file}: ${pkg} must not import ${spec}`);
        bad++;
      }
      if (spec.startsWith('@duckdb/') && !file.endsWith('duckdb-storage.ts') && !file.endsWith('.test.ts')) {
        console.error(`${file}: only packages/server/src/storage/duckdb-storage.ts may import DuckDB`);
        bad++;
      }
    }
  }
}
if (bad) process.exit(1);
console.log('dependency direction: ok');
