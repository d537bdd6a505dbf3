import type { SecretSealer } from '../store/secret-box.js';

/** The part of Electron's safeStorage the sealer uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/**
 * Station secrets sealed by the OS keychain (Keychain, DPAPI, libsecret/kwallet). safeStorage works
 * on strings, so bytes travel as base64. On Linux without a keyring Electron falls back to a fixed
 * key ("basic_text"), which protects nothing: that counts as unavailable.
 */
export class SafeStorageSealer implements SecretSealer {
  constructor(private readonly safeStorage: SafeStorageLike) {}

  isAvailable(): boolean {
    if (!this.safeStorage.isEncryptionAvailable()) return false;
    return this.safeStorage.getSelectedStorageBackend?.() !== 'basic_text';
  }

  encrypt(plain: Buffer): Buffer {
    return this.safeStorage.encryptString(plain.toString('base64'));
  }

  decrypt(sealed: Buffer): Buffer {
    return Buffer.from(this.safeStorage.decryptString(sealed), 'base64');
  }
}
