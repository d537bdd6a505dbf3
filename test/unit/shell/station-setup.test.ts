import { describe, expect, it } from 'vitest';
import { hostedCommands, kioskMayRun, type HostedCommandName } from '../../../electron/api/index.js';
import { adminCommands } from '../../../electron/api/admin.js';
import { SafeStorageSealer, type SafeStorageLike } from '../../../electron/shell/safe-storage-sealer.js';
import { SHELL_ACTIVATION, shellStationOptions } from '../../../electron/shell/station-setup.js';
import { layeredSecretBox } from '../../../electron/station/layered-secret-box.js';
import { PassphraseSecretBox, SecretBoxError, sealedMethod } from '../../../electron/store/secret-box.js';

/** safeStorage without Electron: a reversible "encryption" that says which keychain sealed it. */
function fakeSafeStorage(available = true, backend = 'gnome_libsecret'): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain) => Buffer.from(`kc:${plain}`),
    decryptString: (sealed) => {
      const text = sealed.toString();
      if (!text.startsWith('kc:')) throw new Error('not ours');
      return text.slice(3);
    },
  };
}

describe('the shell opens its station', () => {
  it('with a safeStorage sealer and as the station screen', () => {
    const options = shellStationOptions(fakeSafeStorage());
    expect(options.source).toBe('screen');
    expect(options.secretSealer).toBeInstanceOf(SafeStorageSealer);
  });

  it('activates staging like serve: resume attached devices, flows, periodic MDM sync', () => {
    expect(SHELL_ACTIVATION).toEqual({ resumeAttached: true, periodicSync: true });
  });
});

describe('the desktop app’s layered secret box', () => {
  const headless = () => new PassphraseSecretBox('correct horse');
  const noHeadless = () => {
    throw new SecretBoxError('SECRET_NOT_CONFIGURED', 'no key');
  };

  it('seals new secrets with the OS keychain and opens them again', () => {
    const box = layeredSecretBox(new SafeStorageSealer(fakeSafeStorage()), headless);
    const sealed = box.seal(Buffer.from('key material'));
    expect(box.method).toBe('os');
    expect(sealedMethod(sealed)).toBe('os');
    expect(box.open(sealed).toString()).toBe('key material');
  });

  it('still opens a secret sealed headless with the passphrase, when the app is given it', () => {
    const sealedHeadless = headless().seal(Buffer.from('old identity key'));
    const box = layeredSecretBox(new SafeStorageSealer(fakeSafeStorage()), headless);
    expect(box.open(sealedHeadless).toString()).toBe('old identity key');
  });

  it('says which key a headless secret needs when the app has none', () => {
    const sealedHeadless = headless().seal(Buffer.from('old identity key'));
    const box = layeredSecretBox(new SafeStorageSealer(fakeSafeStorage()), noHeadless);
    expect(() => box.open(sealedHeadless)).toThrow(expect.objectContaining({ code: 'SECRET_METHOD_MISMATCH', message: expect.stringContaining('CARTWRIGHT_SECRET_PASSPHRASE') }));
  });

  it('falls back to the headless key when the keychain is only basic_text, and refuses clearly without one', () => {
    const basic = new SafeStorageSealer(fakeSafeStorage(true, 'basic_text'));
    const withKey = layeredSecretBox(basic, headless);
    expect(withKey.method).toBe('passphrase');
    expect(sealedMethod(withKey.seal(Buffer.from('x')))).toBe('passphrase');
    const without = layeredSecretBox(basic, noHeadless);
    expect(() => without.seal(Buffer.from('x'))).toThrow(expect.objectContaining({ code: 'SECRET_UNAVAILABLE' }));
  });
});

describe('the admin commands', () => {
  it('are part of every host’s table and none of them is kiosk-allowed', () => {
    const names = Object.keys(adminCommands) as HostedCommandName[];
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const name of names) {
      expect(Object.hasOwn(hostedCommands, name)).toBe(true);
      expect(kioskMayRun(name)).toBe(false);
    }
  });

  it('never accept a secret back in an answer schema', () => {
    const shape = JSON.stringify(Object.keys(adminCommands['mdm.status'].output.shape.config.shape));
    for (const secret of ['password', 'tenantCode', 'clientSecret', 'apiKey']) expect(shape).not.toContain(secret);
  });
});
