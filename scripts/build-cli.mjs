#!/usr/bin/env node
// Builds the `cartwright` command into dist/cli/ during `npm ci` (postinstall) and
// `npm run build:cli`, so it starts from JavaScript instead of transpiling the sources through
// tsx at every start (about a second).
//
// A bundle, not tsc's file-per-module dist/electron/ (which Electron's main process uses): Node
// spends most of a cold start resolving and linking modules, and the CLI's ~350 modules (zod
// alone is 95) cost more than the code in them. esbuild (it comes with tsx, a dependency) bundles
// our sources and the pure-JavaScript packages in BUNDLED in well under a second; every other
// package stays external and loads from node_modules as it does from the sources: native addons
// (the libimobiledevice addon, usb), packages that read their own files (pdfkit's fonts) or start
// workers (pino), and any package added later. better-sqlite3's JavaScript is bundled (its addon
// is named to it outright: electron/store/sqlite-addon.ts). Each command module becomes its own chunk, still loaded
// only when its command runs (electron/cli/command-modules.ts). No type checking here: that is
// `npm run typecheck`.
//
// The chunks are CommonJS, in two passes: esbuild splits only ES modules, so the first pass
// bundles and splits as ES modules into a scratch folder, and the second turns each chunk into a
// CommonJS file (source maps chained). CommonJS because a script can be compiled through V8's
// code cache on Node 20 (vm.Script's cachedData) and an ES module cannot: bin/load-bundle.cjs
// loads the chunks that way, and compiling the station's 1 MB chunk from scratch was ~40 ms of
// every start. CommonJS also skips the ES loader's per-module resolving and linking.
//
// bin/cartwright.cjs runs the bundle only while no input is newer than the stamp written here,
// which holds the time the build STARTED (so an edit made during the build counts as newer) and
// which inputs to look at: the source files the bundle was made from and their folders.
// Like build-native.mjs, install never dies here: without a bundle the command runs the sources
// through tsx. Only --required (npm run build:cli) fails.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli');
// Built beside it and swapped in at the end, so a command starting meanwhile finds the old
// bundle, the new one or none (and runs the sources), never half of one.
const nextdir = join(root, 'dist', 'cli.next');
/** The first pass's ES module chunks, turned into nextdir's CommonJS ones by the second. */
const esmdir = join(root, 'dist', 'cli.esm');
const required = process.argv.includes('--required');
/**
 * Pure-JavaScript packages that every station start loads, worth bundling: loaded from
 * node_modules, each of their files is resolved and compiled from scratch at every start
 * (better-sqlite3's 13 files cost `cartwright devices` ~8 ms that way); in the bundle they go
 * through the compile cache. Not pkijs, asn1js,
 * node-forge and csv-parse: the station loads them on first use (electron/platform/lazy-package.ts)
 * from node_modules, so a start that never touches a certificate or a CSV does not compile 1.6 MB
 * of them; pkijs requires that same asn1js, so there is one copy of its classes (electron/profiles
 * checks asn1js values with instanceof).
 */
const BUNDLED = new Set(['zod', 'commander', 'plist', 'better-sqlite3']);
/**
 * What a bundled package requires that stays in node_modules: better-sqlite3 asks `bindings` for
 * its addon only when it is not named (the station always names it), and bindings finds the
 * package from the caller's file, which in the bundle is not better-sqlite3's.
 */
const EXTERNAL_INSIDE_BUNDLED = new Set(['bindings']);

function fail(message) {
  console.error(`\ncartwright: the command line was not built (${message}); it runs the sources through tsx and starts more slowly.\n`);
  process.exit(required ? 1 : 0);
}

const packageName = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

const sources = join(root, 'electron');

/** Our sources' imports of packages outside BUNDLED stay imports; inside a bundled package everything is bundled. */
const externals = {
  name: 'cartwright-externals',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (EXTERNAL_INSIDE_BUNDLED.has(args.path)) return { path: args.path, external: true };
      if (!args.importer.startsWith(sources)) return undefined;
      if (args.path.startsWith('node:') || !BUNDLED.has(packageName(args.path))) return { path: args.path, external: true };
      return undefined;
    });
  },
};

/**
 * zod's error messages in English only. zod exports every translation it has (`z.locales`, half of
 * zod's size in the bundle: 360 KB that every start would compile) and uses English unless told
 * otherwise; the station never picks another, so the CLI bundle carries only `en`.
 */
const zodEnglishOnly = {
  name: 'cartwright-zod-english',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir)) return undefined;
      return { path: join(args.resolveDir, '..', 'locales', 'index.js'), namespace: 'zod-english' };
    });
    build.onLoad({ filter: /.*/, namespace: 'zod-english' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), 'en.js'))};\n`,
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};

/**
 * The `plist` package (bundled) builds its XML DOM with @xmldom/xmldom and writes XML with
 * xmlbuilder; evaluating those two costs every start ~15 ms (xmldom freezes its whole HTML entity
 * table), though a start that reads no XML plist never calls them (the station's own reader in
 * electron/device/plist-xml-reader.ts takes the usual replies). So in the bundle plist gets them
 * through electron/platform/lazy-package.ts, loaded from node_modules when plist first parses or
 * writes XML. plist uses only `new DOMParser()` and `xmlbuilder.create()`, both inside functions; a
 * plist release that imports anything else from them fails this build (no such export) instead of
 * misbehaving.
 */
const lazyPlistDependencies = {
  name: 'cartwright-lazy-plist-dependencies',
  setup(build) {
    const lazyPackage = JSON.stringify(join(sources, 'platform', 'lazy-package.ts'));
    const shims = {
      '@xmldom/xmldom': `import { lazyPackage } from ${lazyPackage};
const xmldom = lazyPackage('@xmldom/xmldom');
export class DOMParser { constructor(...options) { return new xmldom.DOMParser(...options); } }
`,
      xmlbuilder: `import { lazyPackage } from ${lazyPackage};
export default lazyPackage('xmlbuilder');
`,
    };
    build.onResolve({ filter: /^(@xmldom\/xmldom|xmlbuilder)$/ }, (args) =>
      /[\\/]node_modules[\\/]plist[\\/]/.test(args.importer) ? { path: args.path, namespace: 'lazy-plist-dependency' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-plist-dependency' }, (args) => ({ contents: shims[args.path], loader: 'js', resolveDir: root }));
  },
};

let esbuild;
try {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
  esbuild = await import(fromTsx.resolve('esbuild'));
} catch {
  fail('esbuild, which comes with tsx, is not installed: run npm ci');
}

// The build starts on a whole second: some file systems keep modification times to the second,
// so everything saved before that second (npm's node_modules/.package-lock.json a moment ago, too)
// reads as older than the stamp, and anything saved from it on as newer. At most a second's wait.
const startedAtMs = Math.ceil(Date.now() / 1000) * 1000;
await new Promise((resolve) => setTimeout(resolve, startedAtMs - Date.now() + 5));
rmSync(nextdir, { recursive: true, force: true });
rmSync(esmdir, { recursive: true, force: true });
let sourceInputs;
try {
  const split = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: 'electron/cli/main.ts' },
    outdir: esmdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfig: 'tsconfig.main.json',
    sourcemap: true,
    metafile: true,
    plugins: [externals, zodEnglishOnly, lazyPlistDependencies],
    logLevel: 'warning',
  });
  sourceInputs = Object.keys(split.metafile.inputs).filter((input) => input.startsWith('electron/'));
  const chunks = readdirSync(esmdir).filter((f) => f.endsWith('.js'));
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: chunks.map((f) => join(esmdir, f)),
    outdir: nextdir,
    bundle: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    // A chunk's import() of another becomes a require() (through bin/load-bundle.cjs, so through
    // the code cache too), and so does one of an external package: a vm.Script has no import().
    supported: { 'dynamic-import': false },
    // Our sources find the package root and load packages relative to their own file. A getter,
    // so the chunks that never ask (most of them) do not each convert their path at every start.
    define: { 'import.meta.url': '__cartwrightModule.url' },
    banner: { js: 'var __cartwrightModule = { get url() { return require("node:url").pathToFileURL(__filename).href; } };' },
    logLevel: 'warning',
  });
} catch (e) {
  fail(e instanceof Error ? e.message.split('\n')[0] : String(e));
} finally {
  rmSync(esmdir, { recursive: true, force: true });
}
mkdirSync(nextdir, { recursive: true });
// The chunks are CommonJS although the package is "type": "module".
writeFileSync(join(nextdir, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
// What the bundle holds: the compile cache is kept per bundle (bin/load-bundle.cjs).
const digest = createHash('sha256');
for (const f of readdirSync(nextdir).filter((name) => name.endsWith('.js')).sort()) digest.update(f).update(readFileSync(join(nextdir, f)));
// bin/cartwright.cjs stats these (and the files besides the sources it names itself) to tell
// whether the bundle is current; keep the two in step. The folders too, so a file added beside
// a source (which could change how an import resolves) counts as a change.
const sourceFolders = [...new Set(sourceInputs.map((input) => dirname(input)))];
const stamp = { startedAtMs, bundleHash: digest.digest('hex').slice(0, 16), sources: { folders: sourceFolders, files: sourceInputs } };
writeFileSync(join(nextdir, 'build-stamp.json'), `${JSON.stringify(stamp)}\n`);
rmSync(outdir, { recursive: true, force: true });
renameSync(nextdir, outdir);
