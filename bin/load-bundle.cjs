'use strict';
// Loads the CLI bundle (dist/cli/: CommonJS chunks built by scripts/build-cli.mjs) for
// bin/cartwright.cjs, each chunk compiled through V8's code cache.
//
// Compiling is a good part of a quick command's start: the station's chunk is 1 MB of JavaScript,
// and V8 parses all of it, then compiles each function the first time it runs. A code cache holds
// that work (bytecode) for the next start. Node 22.1 and later keep one themselves
// (module.enableCompileCache); Node 20 has only vm.Script's cachedData, which an ES module cannot
// use, hence the CommonJS chunks and this loader.
//
// The cache lives beside the bundle, in dist/cli/compile-cache/<key>/, one file per chunk, and
// the key names everything a cache is valid for: the bundle's content (hash from the build stamp),
// Node's version and architecture, and the command line's flags (V8 refuses a cache made under
// other flags). V8 checks a cache itself and refuses one made by another V8, for other flags or
// for a source of another length; a chunk edited by hand after its cache was written counts as
// stale here (older cache file). A refused, stale or missing cache means a plain compile, never a
// failed or wrong start: the chunk is compiled from its source as Node would, and its cache is
// written again when the command ends (then it holds every function the command ran). A folder
// that cannot be written (an install owned by another user) just means no cache.
//
// Every chunk still goes into require.cache, as Node's own loader would put it (what a test's
// module trace reads), and packages load through Node's require from the bundle's folder.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: bin/cartwright.cjs requires it */
const { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { basename, join } = require('node:path');
const vm = require('node:vm');

/** FNV-1a: the flags part of the key needs a short stable name, not a cryptographic hash. */
function shortHash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** The cache folder's name for this bundle under this Node with these flags. */
function cacheKey(bundleHash) {
  const flags = shortHash(JSON.stringify([process.execArgv, process.env.NODE_OPTIONS ?? '']));
  return `${bundleHash}-node${process.version.slice(1)}-${process.arch}-${flags}`;
}

/**
 * The bundle's entry (dist/cli/main.js) loaded, with `report()` (what the cache did, for
 * CARTWRIGHT_DEBUG) and `writeCaches()` (writes the caches this start had to compile; call once
 * the command is done, so they hold every function it ran).
 */
function loadBundle(dir, bundleHash) {
  const cacheDir = join(dir, 'compile-cache', cacheKey(bundleHash));
  const nodeRequire = Module.createRequire(join(dir, 'main.js'));
  const fromCache = [];
  /** Chunks compiled from source this start, and why; their caches are written at the end. */
  const compiled = [];

  /** The chunk's cache if it is at least as new as the chunk, else why not. Never throws. */
  function readCache(file, cacheFile) {
    try {
      const cacheStat = statSync(cacheFile, { throwIfNoEntry: false });
      if (!cacheStat) return { why: 'no cache yet' };
      if (cacheStat.mtimeMs < statSync(file).mtimeMs) return { why: 'the chunk changed after its cache was written' };
      return { data: readFileSync(cacheFile) };
    } catch (err) {
      return { why: `its cache cannot be read (${err.code ?? err.message})` };
    }
  }

  function load(file) {
    const loaded = require.cache[file];
    if (loaded) return loaded.exports;
    const cacheFile = join(cacheDir, `${basename(file)}.v8`);
    const cache = readCache(file, cacheFile);
    const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData: cache.data });
    if (cache.data && !script.cachedDataRejected) fromCache.push(basename(file));
    else compiled.push({ name: basename(file), script, cacheFile, why: cache.data ? 'V8 refused its cache' : cache.why });
    const module = new Module(file, undefined);
    module.filename = file;
    // In the cache before it runs, as Node does, so a require cycle gets the partial exports.
    require.cache[file] = module;
    try {
      script.runInThisContext()(module.exports, chunkRequire, module, file, dir);
    } catch (err) {
      delete require.cache[file];
      throw err;
    }
    module.loaded = true;
    return module.exports;
  }

  // esbuild names another chunk "./chunk-….js"; anything else is a package or a Node built-in.
  const chunkRequire = (id) => (id.startsWith('./') && id.endsWith('.js') && !id.includes('/', 2) ? load(join(dir, id.slice(2))) : nodeRequire(id));
  chunkRequire.resolve = nodeRequire.resolve;
  chunkRequire.cache = require.cache;

  function writeCaches() {
    const written = [];
    for (const { name, script, cacheFile } of compiled) {
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      try {
        mkdirSync(cacheDir, { recursive: true });
        writeFileSync(temporary, script.createCachedData());
        // Whole or not at all, for a command starting meanwhile.
        renameSync(temporary, cacheFile);
        written.push(name);
      } catch (err) {
        try {
          rmSync(temporary, { force: true });
        } catch {
          // nothing was written there either
        }
        return `compile cache not written (${err.code ?? err.message}); ${written.length} written`;
      }
    }
    compiled.length = 0;
    return written.length ? `compile cache written for ${written.join(', ')}` : undefined;
  }

  function report() {
    const parts = [`${fromCache.length} chunks from the compile cache`];
    for (const c of compiled) parts.push(`${c.name} compiled (${c.why})`);
    return `${parts.join('; ')} (${cacheDir})`;
  }

  return { main: load(join(dir, 'main.js')), report, writeCaches };
}

/**
 * On Node 22.1 and later, Node's own compile cache, kept beside the bundle too: it covers every
 * CommonJS file Node loads, checks each cache against its source, and writes what it compiled
 * when the process ends. undefined when this Node has none or cannot use the folder.
 */
function loadBundleWithNodeCache(dir) {
  if (typeof Module.enableCompileCache !== 'function') return undefined;
  const result = Module.enableCompileCache(join(dir, 'compile-cache', 'node'));
  const status = Module.constants?.compileCacheStatus;
  if (!status || (result.status !== status.ENABLED && result.status !== status.ALREADY_ENABLED)) return undefined;
  return { main: require(join(dir, 'main.js')), report: () => `Node's compile cache in ${result.directory}`, writeCaches: () => undefined };
}

module.exports = { loadBundle, loadBundleWithNodeCache };
