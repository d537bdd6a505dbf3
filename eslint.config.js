// The architecture's arrows (../shared/docs/architecture.md) are enforced here, so a wrong
// import fails CI instead of review. test/unit/lint-arrows.test.ts proves each rule fires.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const ELECTRON = {
  paths: [{ name: 'electron', message: 'Only electron/shell/ may import electron; the core must run in plain Node.' }],
  patterns: [{ regex: '^electron/', message: 'Only electron/shell/ may import electron; the core must run in plain Node.' }],
};
const NATIVE = {
  patterns: [
    {
      regex: '(^|/)native(/|$)|\\.node$|^bindings$|^node-gyp-build$',
      message: 'Only electron/device/transport.ts may load the native addon; depend on its TypeScript interface.',
    },
  ],
};
const RENDERER_INTO_CORE = {
  regex: '^(\\.\\./)+electron/(?!api(/|$))',
  message: 'renderer/ may import only electron/api/ (types and schemas) from electron/.',
};
const NODE_BUILTINS = { regex: '^node:', message: 'The renderer is sandboxed: no Node built-ins.' };

const restrict = (...groups) => [
  'error',
  {
    paths: groups.flatMap((g) => g.paths ?? []),
    patterns: groups.flatMap((g) => g.patterns ?? []),
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', 'native/build/', 'coverage/', 'test-results/', '**/*.d.ts', 'test/fixtures/lint/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': restrict(ELECTRON, NATIVE),
    },
  },
  {
    files: ['electron/shell/**'],
    rules: { 'no-restricted-imports': restrict(NATIVE) },
  },
  {
    files: ['electron/device/transport.ts'],
    rules: { 'no-restricted-imports': restrict(ELECTRON) },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': restrict(ELECTRON, NATIVE, { patterns: [RENDERER_INTO_CORE, NODE_BUILTINS] }),
    },
  },
);
