import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CartDaemon, eventually } from '../../helpers/cart-daemon.js';
import { runCli } from '../../helpers/cli.js';

const BIN = join(process.cwd(), 'bin', 'cartwright.cjs');
const FORMULA = "=cmd|' /C calc'!A0";

interface ServeReady {
  ready: true;
  url: string;
  signInUrl: string;
  tokenRequired: boolean;
  tls: { fingerprint: string; source: string } | null;
}

describe('the CLI refuses what the attack pass got through (real CLI, real SQLite, virtual cart)', () => {
  const cart = new CartDaemon({ transport: 'tcp', devices: 0, seed: `hardening-${Date.now()}` });
  const dir = mkdtempSync(join(tmpdir(), 'cw-hardening-'));
  const env = (): NodeJS.ProcessEnv => ({ USBMUXD_SOCKET_ADDRESS: cart.usbmuxd, CARTWRIGHT_DATA_DIR: join(dir, 'data'), CARTWRIGHT_SECRET_PASSPHRASE: 'correct horse' });
  const audit = (action: string) => {
    const db = new Database(join(dir, 'data', 'cartwright.db'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT actor, source, action, details FROM audit_log WHERE action = ? ORDER BY id').all(action) as { actor: string; source: string; details: string }[];
    } finally {
      db.close();
    }
  };
  let serve: ChildProcess | null = null;

  beforeAll(async () => {
    await cart.start();
  }, 120_000);
  afterAll(async () => {
    serve?.kill('SIGKILL');
    await cart.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('export --format csv defuses a device name that a spreadsheet would run as a formula', async () => {
    await cart.addDevice({ name: FORMULA });
    const r = await eventually(async () => {
      const out = await runCli(['export', '--format', 'csv'], env());
      return out.stdout.includes('cmd|') ? out : null;
    }, 120_000);
    const line = r.stdout.split('\n').find((l) => l.includes('cmd|')) ?? '';
    expect(line).toContain(`'${FORMULA}`);
    expect(line.split(',').some((cell) => /^=/.test(cell))).toBe(false);
  }, 180_000);

  it('audits mdm configure, its failures, and identity create --store', async () => {
    const bad = await runCli(['mdm', 'configure', '--kind', 'workspace-one', '--url', 'not a url', '--username', 'api', '--password', 'pw-not-logged'], env());
    expect(bad.code).not.toBe(0);
    const [failed] = audit('mdm.configure.failed');
    expect(failed?.source).toBe('cli');
    expect(failed?.details).toContain('workspace-one');
    expect(failed?.details).not.toContain('pw-not-logged');

    expect((await runCli(['mdm', 'configure', '--kind', 'local'], env())).code).toBe(0);
    expect(JSON.parse(audit('mdm.configure')[0]?.details ?? '{}')).toMatchObject({ kind: 'local', credentials: 'none' });

    const created = await runCli(['identity', 'create', '--org', 'Acme', '--out', join(dir, 'acme.p12'), '--password', 'pw', '--store', '--json'], env());
    expect(created.code, created.stderr).toBe(0);
    const stored = JSON.parse(audit('identity.store')[0]?.details ?? '{}') as { fingerprint: string; origin: string };
    expect(audit('identity.store')[0]?.source).toBe('cli');
    expect(stored.origin).toBe('created');
    expect(stored.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  }, 120_000);

  it('serve --tls answers over https with the printed fingerprint; without a credential a local request is refused', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--tls', '--json'], { env: { ...process.env, ...env() }, stdio: ['ignore', 'pipe', 'pipe'] });
    serve = child;
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const ready = await new Promise<ServeReady>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        try {
          resolve(JSON.parse(out) as ServeReady);
        } catch {
          // the JSON document is still arriving
        }
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    });
    expect(ready.tokenRequired).toBe(true);
    expect(ready.tls?.source).toBe('generated');
    const fingerprint = ready.tls?.fingerprint ?? '';
    const port = Number(new URL(ready.url).port);
    const pinnedGet = (path: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; peer: string; cookie: string }>((resolve, reject) => {
        // Trust nothing but the certificate with the fingerprint serve printed.
        const req = get({ host: '127.0.0.1', port, path, agent: false, rejectUnauthorized: false, headers }, (res) => {
          const peer = (res.socket as TLSSocket).getPeerX509Certificate()?.fingerprint256 ?? '';
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, peer, cookie: String(res.headers['set-cookie'] ?? '') }));
        });
        req.on('error', reject);
      });
    const signIn = new URL(ready.signInUrl);
    const first = await pinnedGet(`/${signIn.search}`);
    expect(first.peer).toBe(fingerprint);
    expect(first.cookie).toMatch(/^cartwright_session=[\w-]+; HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200; Secure$/);
    expect((await pinnedGet(`/${signIn.search}`)).status).toBe(401);

    const post = (path: string, headers: Record<string, string>, body: unknown) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, method: 'POST', path, agent: false, rejectUnauthorized: false, headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(JSON.stringify(body));
      });
    expect(await post('/api/devices.list', { Cookie: first.cookie.split(';')[0] ?? '' }, {})).toBe(200);
    // What `curl -X POST …/api/devices.erase` did before: now 401, nothing erased.
    expect(await post('/api/devices.erase', {}, { udids: ['00008101-000A1B2C3D4E5F60'], confirm: true })).toBe(401);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    serve = null;
  }, 120_000);
});
