import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostIdentity, fileHostIdentityStore } from '../../../electron/device/host-identity.js';
import { KeyFileSecretBox, PassphraseSecretBox } from '../../../electron/store/secret-box.js';
import { StationHarness } from '../staging/harness.js';

describe('the pairing keys in host-identity.json', () => {
  const h = new StationHarness({ devices: 1, seed: `host-keys-${Date.now()}` });
  const file = (): string => join(h.dir, 'data', 'host-identity.json');
  let udid = '';

  beforeAll(async () => {
    await h.cart.start();
    udid = (await h.cart.devices())[0]!.udid;
  }, 60_000);
  afterAll(() => h.dispose());

  it('a plain file from an older station is sealed on first use, and the device stays paired with it', async () => {
    const old = await createHostIdentity();
    mkdirSync(join(h.dir, 'data'), { recursive: true, mode: 0o700 });
    writeFileSync(file(), JSON.stringify(old, null, 2), { mode: 0o600 });
    const paired = await h.cli(['pair', udid, '--json'], 60_000);
    expect(paired.code, paired.stdout + paired.stderr).toBe(0);
    const text = readFileSync(file(), 'utf8');
    expect(text).not.toMatch(/PRIVATE KEY/);
    const sealed = JSON.parse(text) as { format: string; hostId: string; sealedKeys: string };
    expect(sealed).toMatchObject({ format: 'cartwright.host-identity', hostId: old.hostId });
    expect((await h.cart.device(udid)).pairedHostIds).toContain(old.hostId);
    // A later station process opens the sealed keys and uses them (an existing pairing validates).
    const info = await h.cli(['info', udid, '--json'], 60_000);
    expect(JSON.parse(info.stdout)).toMatchObject({ device: { paired: true } });
  }, 180_000);

  it('without the station key, the sealed file is refused with what to provide', async () => {
    const store = fileHostIdentityStore(file(), () => null);
    await expect(store.load()).rejects.toThrow(/sealed, and no key to open them is configured: set CARTWRIGHT_SECRET_PASSPHRASE/);
    const wrong = fileHostIdentityStore(file(), () => new PassphraseSecretBox('wrong horse'));
    await expect(wrong.load()).rejects.toMatchObject({ code: 'SECRET_WRONG_KEY' });
    const other = fileHostIdentityStore(file(), () => new KeyFileSecretBox(Buffer.alloc(32, 7)));
    await expect(other.load()).rejects.toMatchObject({ code: 'SECRET_METHOD_MISMATCH' });
    const right = await fileHostIdentityStore(file(), () => new PassphraseSecretBox('correct horse')).load();
    expect(right.rootKeyPem).toMatch(/BEGIN PRIVATE KEY/);
  }, 120_000);

  it('a headless station with no key configured keeps working with a plain file (sealed once a key is given)', async () => {
    const path = join(h.dir, 'headless', 'host-identity.json');
    const plain = await fileHostIdentityStore(path, () => null).load();
    expect(readFileSync(path, 'utf8')).toMatch(/PRIVATE KEY/);
    const sealed = await fileHostIdentityStore(path, () => new PassphraseSecretBox('correct horse')).load();
    expect(sealed).toEqual(plain);
    expect(readFileSync(path, 'utf8')).not.toMatch(/PRIVATE KEY/);
  });
});
