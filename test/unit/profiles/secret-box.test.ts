import { describe, expect, it } from 'vitest';
import { KeyFileSecretBox, PassphraseSecretBox, SealerSecretBox, secretBoxFrom, sealedMethod, type SecretSealer } from '../../../electron/store/secret-box.js';
import { scratchDir, writeScratch } from './tools.js';

const secret = Buffer.from('-----BEGIN PRIVATE KEY----- not really');

describe('SecretBox', () => {
  it('seals with a passphrase so the plain text never appears, and opens it again', () => {
    const box = new PassphraseSecretBox('correct horse');
    const sealed = box.seal(secret);
    expect(sealed.includes(secret)).toBe(false);
    expect(sealedMethod(sealed)).toBe('passphrase');
    expect(new PassphraseSecretBox('correct horse').open(sealed)).toEqual(secret);
  });

  it('says the passphrase is wrong, distinctly from a damaged file', () => {
    const sealed = new PassphraseSecretBox('correct horse').seal(secret);
    expect(() => new PassphraseSecretBox('battery staple').open(sealed)).toThrow(expect.objectContaining({ code: 'SECRET_WRONG_KEY' }));
    const altered = Buffer.from(sealed);
    altered.writeUInt8(altered.readUInt8(altered.length - 1) ^ 1, altered.length - 1);
    expect(() => new PassphraseSecretBox('correct horse').open(altered)).toThrow(expect.objectContaining({ code: 'SECRET_CORRUPT' }));
    expect(() => new PassphraseSecretBox('correct horse').open(sealed.subarray(0, 20))).toThrow(expect.objectContaining({ code: 'SECRET_CORRUPT' }));
    expect(() => new PassphraseSecretBox('x').open(Buffer.from('hello'))).toThrow(expect.objectContaining({ code: 'SECRET_CORRUPT' }));
  });

  it('seals with a key file, and tells which key is needed when the wrong kind is given', () => {
    const dir = scratchDir();
    const keyFile = writeScratch(dir, 'station.key', Buffer.alloc(32, 7));
    const sealed = KeyFileSecretBox.fromFile(keyFile).seal(secret);
    expect(KeyFileSecretBox.fromFile(keyFile).open(sealed)).toEqual(secret);
    expect(() => new KeyFileSecretBox(Buffer.alloc(32, 8)).open(sealed)).toThrow(expect.objectContaining({ code: 'SECRET_WRONG_KEY' }));
    expect(() => new PassphraseSecretBox('p').open(sealed)).toThrow(expect.objectContaining({ code: 'SECRET_METHOD_MISMATCH' }));
    expect(() => new KeyFileSecretBox(Buffer.alloc(8))).toThrow(expect.objectContaining({ code: 'SECRET_NOT_CONFIGURED' }));
  });

  it('lets the Electron shell supply an OS-keychain sealer', () => {
    const xor = (b: Buffer): Buffer => Buffer.from(b.map((x) => x ^ 0x5a));
    const sealer: SecretSealer = { isAvailable: () => true, encrypt: xor, decrypt: xor };
    const box = secretBoxFrom({ sealer });
    expect(box.method).toBe('os');
    expect(box.open(box.seal(secret))).toEqual(secret);
    const unavailable = new SealerSecretBox({ ...sealer, isAvailable: () => false });
    expect(() => unavailable.seal(secret)).toThrow(expect.objectContaining({ code: 'SECRET_UNAVAILABLE' }));
  });

  it('takes the headless key from the environment, or explains how to provide one', () => {
    expect(secretBoxFrom({}, { CARTWRIGHT_SECRET_PASSPHRASE: 'pp' }).method).toBe('passphrase');
    expect(() => secretBoxFrom({}, {})).toThrow(expect.objectContaining({ code: 'SECRET_NOT_CONFIGURED', message: expect.stringContaining('CARTWRIGHT_SECRET_PASSPHRASE') }));
  });
});
