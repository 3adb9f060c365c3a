import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources, so one package's tests never wait on another's build.
    alias: {
      '@taosts/protocol': src('protocol'),
      '@taosts/sql': src('sql'),
      '@taosts/server': src('server'),
      taosts: src('connector'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/e2e/test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
