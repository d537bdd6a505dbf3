import { ProfileError } from '../errors.js';
import type { WIFI_SECURITY_TYPES } from '../schemas.js';
import type { PayloadDraft } from './draft.js';

export type WifiSecurity = (typeof WIFI_SECURITY_TYPES)[number];

export interface WifiSpec {
  ssid: string;
  password?: string;
  /** Default: WPA2 with a password (iOS then also joins WPA3), None without. */
  security?: WifiSecurity;
  hidden?: boolean;
  autoJoin?: boolean;
}

export function wifiPayload(spec: WifiSpec): PayloadDraft {
  if (!spec.ssid) throw new ProfileError('SPEC_INVALID', 'the Wi-Fi SSID must not be empty');
  const security = spec.security ?? (spec.password ? 'WPA2' : 'None');
  if (security === 'None' && spec.password) throw new ProfileError('SPEC_INVALID', 'a Wi-Fi password was given for an open network (security None)');
  if (security !== 'None' && security !== 'Any' && !spec.password) {
    throw new ProfileError('SPEC_INVALID', `Wi-Fi security ${security} needs a password`);
  }
  if (/^WPA/.test(security) && spec.password && (spec.password.length < 8 || spec.password.length > 63)) {
    throw new ProfileError('SPEC_INVALID', 'a WPA Wi-Fi password must be 8–63 characters');
  }
  return {
    type: 'com.apple.wifi.managed',
    identifierSuffix: 'wifi',
    displayName: `Wi-Fi (${spec.ssid})`,
    content: {
      SSID_STR: spec.ssid,
      EncryptionType: security,
      ...(spec.password ? { Password: spec.password } : {}),
      HIDDEN_NETWORK: spec.hidden ?? false,
      AutoJoin: spec.autoJoin ?? true,
    },
  };
}
