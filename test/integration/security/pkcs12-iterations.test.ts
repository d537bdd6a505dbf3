import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityFromPkcs12, identityToPkcs12 } from '../../../electron/profiles/pkcs12.js';
import { runCli } from '../../helpers/cli.js';
import { withMacIterations, withPbeIterations } from '../../helpers/p12-craft.js';

const dir = mkdtempSync(join(tmpdir(), 'cw-p12-iter-'));
const env = { CARTWRIGHT_DATA_DIR: join(dir, 'data'), CARTWRIGHT_SECRET_PASSPHRASE: 'correct horse' };

describe('a crafted .p12 with a huge iteration count', () => {
  let good: Buffer;
  beforeAll(async () => {
    const r = await runCli(['identity', 'create', '--org', 'Acme', '--out', join(dir, 'good.p12'), '--password', 'pw', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    good = readFileSync(join(dir, 'good.p12'));
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('identity show refuses a 2^31 MAC iteration count at once, with the reason', async () => {
    writeFileSync(join(dir, 'mac.p12'), withMacIterations(good, 2 ** 31));
    const r = await runCli(['identity', 'show', join(dir, 'mac.p12'), '--password', 'pw', '--json'], env);
    expect(r.code).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/asks for 2147483648 MAC iterations; Cartwright reads files with 1 to 1,000,000/);
  }, 60_000);

  it('refuses a huge key-encryption (PBE) iteration count before deriving a key', async () => {
    const at65536 = identityToPkcs12(identityFromPkcs12(good, 'pw'), { password: 'pw', iterations: 65536 });
    writeFileSync(join(dir, 'pbe.p12'), withPbeIterations(at65536));
    const r = await runCli(['identity', 'show', join(dir, 'pbe.p12'), '--password', 'pw', '--json'], env);
    expect(r.code).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/asks for 8388607 key encryption iterations/);
  }, 60_000);

  it('still reads files with ordinary counts, and refuses zero', () => {
    expect(identityFromPkcs12(good, 'pw').chain).toBeDefined();
    expect(() => identityFromPkcs12(withMacIterations(good, 0), 'pw')).toThrow(expect.objectContaining({ code: 'PKCS12_CORRUPT' }));
  });
});
