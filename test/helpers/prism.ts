import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Prism (the vendor-spec mock) for the MDM contract tests. The vendor documents are read from
 * ../shared/specs (never copied into the repository); a temporary, fixed-up copy is what Prism
 * loads: SCIM `$ref` keys inside examples renamed (Prism aborts on them) and, to keep start-up and
 * memory low on a small machine, only the paths the connectors call (components stay whole, so
 * every $ref still resolves).
 */
export const SPECS_DIR = resolve(process.cwd(), '..', 'shared', 'specs');
const PRISM_BIN = resolve(process.cwd(), 'node_modules', '.bin', 'prism');

/** Renames `$ref` keys that sit inside example/examples subtrees (data, not references). */
export function renameExampleRefs(node: unknown, inExample = false): unknown {
  if (Array.isArray(node)) return node.map((n) => renameExampleRefs(n, inExample));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const name = inExample && key === '$ref' ? 'ref' : key;
    out[name] = renameExampleRefs(value, inExample || key === 'example' || key === 'examples');
  }
  return out;
}

/** Writes a Prism-loadable copy of one spec, keeping only paths matching `keep` (exact strings). */
export function prepareSpec(relative: string, keep: readonly string[], dir: string): string {
  const spec = JSON.parse(readFileSync(join(SPECS_DIR, relative), 'utf8')) as { paths: Record<string, unknown>; servers?: unknown };
  const missing = keep.filter((p) => !(p in spec.paths));
  if (missing.length) throw new Error(`${relative} has no path(s) ${missing.join(', ')}`);
  spec.paths = Object.fromEntries(Object.entries(spec.paths).filter(([p]) => keep.includes(p)));
  spec.servers = [{ url: 'http://127.0.0.1' }];
  const file = join(dir, relative.replace(/[/\\]/g, '_'));
  writeFileSync(file, JSON.stringify(renameExampleRefs(spec)));
  return file;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export interface PrismInstance {
  url: string;
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts `prism mock` on a loopback port and waits (bounded) until it listens. Not with --errors:
 * the WS1 documents' own examples break their enums ("MessageType":"0"), so --errors would turn
 * every example response into a 500. Request violations still come back as 422 and every
 * violation is listed in the `sl-violations` header, which the routing proxy inspects.
 */
export async function startPrism(specFile: string, timeoutMs = 60_000): Promise<PrismInstance> {
  const port = await freePort();
  const child: ChildProcess = spawn(PRISM_BIN, ['mock', '-h', '127.0.0.1', '-p', String(port), specFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  await new Promise<void>((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start for ${specFile} in ${timeoutMs} ms:\n${log.slice(-2000)}`)), timeoutMs);
    const check = (): void => {
      if (/Prism is listening/.test(log)) {
        clearTimeout(timer);
        resolveStart();
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited (${code}) for ${specFile}:\n${log.slice(-2000)}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    log: () => log,
    stop: () =>
      new Promise<void>((r) => {
        if (child.exitCode !== null) return r();
        child.once('exit', () => r());
        child.kill('SIGTERM');
      }),
  };
}

export function tempSpecDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'cw-specs-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
