import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMdmConfig } from '../../../electron/mdm/settings.js';
import { openStore } from '../../../electron/store/index.js';
import { secretBoxFrom } from '../../../electron/store/secret-box.js';
import { runCli, type CliResult } from '../../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cw-mdm-secrets-'));
const dataDir = join(dir, 'data');
const env = { CARTWRIGHT_DATA_DIR: dataDir, CARTWRIGHT_SECRET_PASSPHRASE: 'correct horse' };

/** The real CLI with `input` on its standard input (a pipe, as `pass show ws1 | cartwright …`). */
function runWithStdin(args: string[], input: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(process.cwd(), 'bin', 'cartwright.cjs'), ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

function stored(): Record<string, unknown> {
  const store = openStore(dataDir);
  try {
    return loadMdmConfig(store, () => secretBoxFrom({ passphrase: 'correct horse' })) as unknown as Record<string, unknown>;
  } finally {
    store.close();
  }
}

describe('mdm configure takes its secrets without putting them on the command line', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const ws1 = ['mdm', 'configure', '--kind', 'workspace-one', '--url', 'https://as1.awmdm.example', '--username', 'api'];

  it('from files and standard input: the secrets are stored, and appear in no argument', async () => {
    writeFileSync(join(dir, 'pw'), 'file-password\n', { mode: 0o600 });
    const args = [...ws1, '--password-file', join(dir, 'pw'), '--tenant-code-file', '-', '--json'];
    const r = await runWithStdin(args, 'stdin-tenant-code\n');
    expect(r.code, r.stderr).toBe(0);
    expect(args.join(' ')).not.toMatch(/file-password|stdin-tenant-code/);
    expect(r.stdout).not.toMatch(/file-password|stdin-tenant-code/);
    expect(stored()).toMatchObject({ kind: 'workspace-one', username: 'api', password: 'file-password', tenantCode: 'stdin-tenant-code' });
  });

  it('from the environment', async () => {
    const r = await runCli(['mdm', 'configure', '--kind', 'meraki', '--network', 'N_1', '--json'], { ...env, CARTWRIGHT_MDM_API_KEY: 'env-api-key' });
    expect(r.code, r.stderr).toBe(0);
    expect(stored()).toMatchObject({ kind: 'meraki', apiKey: 'env-api-key' });
  });

  it('refuses a secret given twice, two secrets from stdin, and an unreadable file (usage errors)', async () => {
    writeFileSync(join(dir, 'pw'), 'x');
    const both = await runCli([...ws1, '--password', 'a', '--password-file', join(dir, 'pw'), '--tenant-code', 't'], env);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--password or --password-file, not both/);
    const twice = await runWithStdin([...ws1, '--password-file', '-', '--tenant-code-file', '-'], 'a\n');
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/only one secret can be read from standard input/);
    const missing = await runCli([...ws1, '--password-file', join(dir, 'nope'), '--tenant-code', 't'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope.*ENOENT/);
  });
});
