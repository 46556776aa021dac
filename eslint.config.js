import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', '.cache/**', 'review-console/web/dist/**', '**/*.d.ts', 'coverage/**', 'devkit/s3rver/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'scripts/*.mjs', '*/bin/*.js', 'vitest.config.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      'no-empty': ['error', { allowEmptyCatch: false }],
      // TypeScript checks names; for the few plain JS launchers this rule only misreports Node globals.
      'no-undef': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    // Product code never needs the dev-only devkit: the images ship without it. Unit tests beside
    // the code keep to that too; a test that needs devkit lives in test/. Dynamic import() is
    // outside this rule; devkit/test/built-tree.test.ts checks those too.
    files: ['**/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@wardwatch/devkit', message: 'devkit is dev-only: import it from test/ or bench/, never from src/.' }],
          patterns: [{ group: ['@wardwatch/devkit/*'], message: 'devkit is dev-only: import it from test/ or bench/, never from src/.' }],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
