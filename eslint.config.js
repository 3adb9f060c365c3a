import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Plain JS here is Node scripts; TypeScript checks names in the sources.
  { files: ['**/*.js', '**/*.mjs'], rules: { 'no-undef': 'off' } },
  {
    files: ['packages/*/src/**/*.ts'],
    // Type-aware rules need the file in a tsconfig.json; tests and their helpers are excluded from the builds.
    ignores: ['**/*.test.ts', '**/testing/**', '**/test-helpers.ts', '**/fixture.ts'],
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
