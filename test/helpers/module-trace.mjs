// `node --import ./test/helpers/module-trace.mjs …` appends the URL of every module the process
// loads through the ES module loader (our sources, dist/ chunks, and each package's entry) to
// the file named by CARTWRIGHT_MODULE_TRACE, and at exit every CommonJS file it required (the
// packages electron/platform/lazy-package.ts loads on first use never pass the ES loader): how
// test/integration/cli-start.test.ts sees what a command loads.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';

export async function load(url, context, nextLoad) {
  if (process.env.CARTWRIGHT_MODULE_TRACE) appendFileSync(process.env.CARTWRIGHT_MODULE_TRACE, `${url}\n`);
  return nextLoad(url, context);
}

// Imported with --import this runs on the main thread and installs itself; Node then loads it
// again on the hooks thread, where it only provides load().
if (isMainThread) {
  register(import.meta.url);
  // One cache for the whole process: require() from any module, and createRequire's.
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () => {
    const trace = process.env.CARTWRIGHT_MODULE_TRACE;
    const required = Object.keys(cache).map((file) => pathToFileURL(file).href);
    if (trace && required.length) appendFileSync(trace, `${required.join('\n')}\n`);
  });
}
