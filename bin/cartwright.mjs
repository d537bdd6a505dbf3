#!/usr/bin/env node
// The `cartwright` command. Runs the TypeScript sources through tsx so a fresh `npm ci` is
// enough: no build step stands between a technician and the CLI.
import { register } from 'tsx/esm/api';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

register();
const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'electron', 'cli', 'main.ts');
const { run } = await import(pathToFileURL(main).href);
process.exitCode = await run(process.argv);
