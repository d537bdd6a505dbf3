// The architecture's arrows (docs/architecture.md) are enforced here, so a wrong
// import fails CI instead of review. test/unit/foundation/lint-arrows.test.ts,
// layer-order.test.ts and test-only-imports.test.ts prove each rule fires; cycles.test.ts checks
// the graph has no cycle.
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * The layer order of electron/, lowest first (VS Code's layering rule is the model): a folder may
 * import only from folders in rows below its own, never from its row or above. Folders in one row
 * are siblings and stay independent of each other. A new top-level folder must be given a row here.
 */
export const LAYERS = [
  ['platform', 'api'], // leaves: environment helpers (data dir, addon path, version); the station API contract
  ['store', 'device'], // SQLite repositories; the device layer over the native addon
  ['profiles', 'cart'], // configuration profiles and identities; cart slots and hub topology
  ['mdm', 'staging'], // MDM connectors and outbox; blueprints, steps and the runner
  ['flows'], // the staging flows (decisions + services)
  ['station'], // the composition root implementing the API
  ['server'], // HTTP + WebSocket host
  ['cli', 'shell'], // the command line and the Electron main process
];

const ELECTRON_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'electron');
const rowOf = new Map(LAYERS.flatMap((row, i) => row.map((folder) => [folder, i])));
const order = LAYERS.map((row) => row.join('/')).join(' < ');

/** The top-level folder of electron/ a path is in, or undefined outside electron/ (or at its root). */
function electronFolder(path) {
  const rel = relative(ELECTRON_DIR, path);
  if (rel.startsWith('..') || rel === '' || !rel.includes(sep)) return undefined;
  return rel.split(sep)[0];
}

/** The visitors that see every module specifier a file names: imports, re-exports, import() and import types. */
function everySpecifier(check) {
  return {
    ImportDeclaration: (node) => check(node.source),
    ExportNamedDeclaration: (node) => check(node.source),
    ExportAllDeclaration: (node) => check(node.source),
    ImportExpression: (node) => check(node.source),
    // typescript-eslint 8 names the specifier `source`; older versions only `argument.literal`.
    TSImportType: (node) => check(node.source ?? node.argument?.literal),
  };
}

const layerOrder = {
  meta: {
    type: 'problem',
    docs: { description: 'Each folder of electron/ imports only from the folders below it (LAYERS in eslint.config.js).' },
    schema: [],
  },
  create(context) {
    const from = electronFolder(context.filename);
    if (!from) return {};
    const check = (source) => {
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const to = electronFolder(resolve(dirname(context.filename), source.value));
      if (!to || to === from) return;
      const [fromRow, toRow] = [rowOf.get(from), rowOf.get(to)];
      if (fromRow === undefined || toRow === undefined) {
        const unknown = fromRow === undefined ? from : to;
        context.report({ node: source, message: `electron/${unknown}/ has no place in the layer order; add it to LAYERS in eslint.config.js (${order}).` });
      } else if (toRow >= fromRow) {
        context.report({
          node: source,
          message: `electron/${from}/ may not import electron/${to}/: the layer order is ${order}. Move the shared piece down a layer, or have the upper layer pass it in.`,
        });
      }
    };
    return everySpecifier(check);
  },
};

/**
 * Modules of electron/ that exist for tests and benches only (test/, scripts/ import them); nothing
 * under electron/ may. Paths relative to electron/, without the extension.
 */
export const TEST_ONLY_MODULES = {
  'station/station-internals':
    "stationInternals is for tests and benches only: a host uses the station's handlers, subscribe() and its lifecycle; a service gets what it needs passed in its constructor.",
};

const noTestOnlyImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Nothing under electron/ imports a test-only module (TEST_ONLY_MODULES in eslint.config.js).' },
    schema: [],
  },
  create(context) {
    if (!electronFolder(context.filename)) return {};
    const check = (source) => {
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = relative(ELECTRON_DIR, resolve(dirname(context.filename), source.value)).split(sep).join('/').replace(/\.(js|ts|mjs|mts)$/, '');
      const why = TEST_ONLY_MODULES[target];
      if (why) context.report({ node: source, message: `electron/${target}.ts may not be imported from electron/: ${why}` });
    };
    return everySpecifier(check);
  },
};

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
const SQL_ONLY_IN_STORE = 'SQL lives only in electron/store/: add a method to a repository there (electron/store/repos/) and call it.';
const SQLITE = { paths: [{ name: 'better-sqlite3', message: SQL_ONLY_IN_STORE }] };

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
    files: ['electron/**'],
    plugins: { cartwright: { rules: { 'layer-order': layerOrder, 'no-test-only-imports': noTestOnlyImports } } },
    rules: { 'cartwright/layer-order': 'error', 'cartwright/no-test-only-imports': 'error' },
  },
  {
    files: ['electron/**'],
    ignores: ['electron/store/**'],
    rules: {
      'no-restricted-imports': restrict(ELECTRON, NATIVE, SQLITE),
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name=/^(prepare|pragma)$/]", message: SQL_ONLY_IN_STORE },
        { selector: "MemberExpression[property.name='db']", message: `The raw database handle stays in electron/store/. ${SQL_ONLY_IN_STORE}` },
      ],
    },
  },
  {
    files: ['electron/shell/**'],
    rules: { 'no-restricted-imports': restrict(NATIVE, SQLITE) },
  },
  {
    files: ['electron/device/transport.ts'],
    rules: { 'no-restricted-imports': restrict(ELECTRON, SQLITE) },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': restrict(ELECTRON, NATIVE, { patterns: [RENDERER_INTO_CORE, NODE_BUILTINS] }),
    },
  },
);
