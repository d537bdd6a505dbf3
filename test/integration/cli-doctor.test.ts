import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

interface Check {
  id: string;
  ok: boolean;
  required: boolean;
  detail: string;
  remedy?: string;
}

describe('cartwright --version and doctor', () => {
  let server: Server;
  let port = 0;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cw-doctor-'));
    server = createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => {
    server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('reports every check as JSON and finds a listening usbmuxd socket', async () => {
    const r = await runCli(['doctor', '--json'], { USBMUXD_SOCKET_ADDRESS: `127.0.0.1:${port}`, CARTWRIGHT_DATA_DIR: dataDir });
    const report = JSON.parse(r.stdout) as { ok: boolean; checks: Check[] };
    expect(report.checks.map((c) => c.id)).toEqual(['libimobiledevice', 'native-addon', 'usbmuxd', 'data-dir', 'electron', 'chromium']);
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(byId.usbmuxd?.ok).toBe(true);
    expect(byId['data-dir']).toMatchObject({ ok: true, detail: dataDir });
    for (const c of report.checks) if (!c.ok) expect(c.remedy, `${c.id} needs a remedy`).toBeTruthy();
    expect(r.code).toBe(report.ok ? 0 : 1);
  });

  it('exits non-zero and names the remedy when usbmuxd is unreachable', async () => {
    const r = await runCli(['doctor', '--json'], { USBMUXD_SOCKET_ADDRESS: `UNIX:${join(dataDir, 'no-such-socket')}`, CARTWRIGHT_DATA_DIR: dataDir });
    const report = JSON.parse(r.stdout) as { ok: boolean; checks: Check[] };
    const usbmuxd = report.checks.find((c) => c.id === 'usbmuxd');
    expect(usbmuxd).toMatchObject({ ok: false, required: true });
    expect(usbmuxd?.remedy).toMatch(/virtual-cart|USBMUXD_SOCKET_ADDRESS/);
    expect(report.ok).toBe(false);
    expect(r.code).toBe(1);
  });

  it('treats a data directory that cannot be written as a problem', async () => {
    const file = join(dataDir, 'a-file');
    await import('node:fs').then((fs) => fs.writeFileSync(file, 'x'));
    const r = await runCli(['doctor', '--json', '--data-dir', join(file, 'sub')], { USBMUXD_SOCKET_ADDRESS: `127.0.0.1:${port}` });
    const report = JSON.parse(r.stdout) as { ok: boolean; checks: Check[] };
    expect(report.checks.find((c) => c.id === 'data-dir')).toMatchObject({ ok: false });
    expect(r.code).toBe(1);
  });

  it('answers an unknown command with a usage error (exit 2), not a stack trace', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command/);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
