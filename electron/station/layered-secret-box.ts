import { SealerSecretBox, sealedMethod, type SecretBox, type SecretSealer } from '../store/secret-box.js';

/**
 * The desktop app's SecretBox: new secrets are sealed by the OS keychain, but a secret sealed
 * headless (`cartwright identity create --store` with a passphrase, before the app was first
 * opened on this data directory) still opens with the passphrase or key file when the app is
 * given one. Without a usable keychain (Linux with no Secret Service) the headless key seals
 * instead, if there is one; otherwise sealing fails with the keychain's own explanation.
 */
export function layeredSecretBox(sealer: SecretSealer, headless: () => SecretBox): SecretBox {
  const os = new SealerSecretBox(sealer);
  const headlessIfAny = (): SecretBox | null => {
    try {
      return headless();
    } catch {
      return null;
    }
  };
  const sealing = (): SecretBox => (sealer.isAvailable() ? os : (headlessIfAny() ?? os));
  return {
    get method() {
      return sealing().method;
    },
    seal: (plain) => sealing().seal(plain),
    // Without the headless key, the keychain box refuses with "sealed with the passphrase; provide that".
    open: (sealed) => {
      const method = sealedMethod(sealed);
      return (method === 'os' || method === null ? os : (headlessIfAny() ?? os)).open(sealed);
    },
  };
}
