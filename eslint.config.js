import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Plain JS here is Node scripts; TypeScript checks names in the sources.
  { files: ['**/*.js', '**/*.mjs'], rules: { 'no-undef': 'off' } },
  {
    // Tests too: an un-awaited `expect(p).rejects.toThrow()` can never fail. The project service finds
    // a test's tsconfig.test.json (or packages/e2e/tsconfig.json) through the root tsconfig.json's
    // references, and a file that no tsconfig includes is a lint error rather than a silent skip.
    files: ['packages/*/src/**/*.ts', 'packages/e2e/test/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.test.ts', 'packages/e2e/**/*.ts', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
