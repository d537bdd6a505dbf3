#!/usr/bin/env node
// The `cartwright` command. Runs the TypeScript sources through tsx so a fresh `npm ci` is
// enough: no build step stands between a technician and the CLI.

// Every blocking libimobiledevice call runs on libuv's thread pool (4 threads by default): a cart
// of 32 devices needs more. It must be set before anything touches the pool, hence dynamic imports.
process.env.UV_THREADPOOL_SIZE ??= '64';

const { register } = await import('tsx/esm/api');
const { pathToFileURL, fileURLToPath } = await import('node:url');
const { dirname, join } = await import('node:path');

register();
const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'electron', 'cli', 'main.ts');
const { run } = await import(pathToFileURL(main).href);
process.exitCode = await run(process.argv);
