import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Packages use each other only through their `exports` (`@tandem/<name>` and its entries). */
const DEEP_IMPORTS = [
  {
    regex: '^@tandem/[^/]+/(src|dist)(/|$)',
    message:
      "Import the package's public entry (`@tandem/<name>` or an entry in its `exports`), not its files.",
  },
  {
    regex:
      '(^|/)(packages/[^/]+|(\\.\\./)+(protocol|browser-tag|collector|sandbox|demo|e2e))/(src|dist)(/|$)',
    message:
      "This path climbs into another package's files. Import its public entry (`@tandem/<name>`); export what is missing there.",
  },
];
const deepImportRules = {
  'no-restricted-imports': ['error', { patterns: DEEP_IMPORTS }],
  'no-restricted-syntax': [
    'error',
    ...DEEP_IMPORTS.map(({ regex, message }) => ({
      selector: `ImportExpression > Literal[value=/${regex.replaceAll('/', '\\/')}/]`,
      message,
    })),
  ],
};

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'e2e/artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      ...deepImportRules,
    },
  },
  {
    // The collector's runtime-neutral core: config, storage, clock, fetch and logger come in as
    // arguments; only `packages/collector/src/node/` (and tests and their helpers) may touch Node,
    // SQLite or the environment.
    files: ['packages/collector/src/**/*.{ts,tsx}'],
    // The security suite attacks the served collector from Node: its helpers and fixtures are tests.
    ignores: [
      'packages/collector/src/node/**',
      'packages/collector/src/security/**',
      '**/*.test.ts',
      '**/*.test-helpers.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...DEEP_IMPORTS,
            {
              regex:
                '^(node:.*|better-sqlite3|fs|path|os|http|https|net|child_process|worker_threads|zlib|url|util|stream|events)(/.*)?$',
              message:
                'The collector core is runtime-neutral: Node and SQLite belong in packages/collector/src/node/ (pass what the core needs in through its deps).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        {
          name: 'process',
          message:
            'The collector core reads no environment: packages/collector/src/node/ reads it and passes values in.',
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'globalThis',
          property: 'process',
          message:
            'The collector core reads no environment: packages/collector/src/node/ reads it and passes values in.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'console', 'URL', 'fetch', 'Request', 'setTimeout', 'clearTimeout'].map((name) => [
          name,
          'readonly',
        ]),
      ),
    },
  },
);
