/**
 * Requests the supervised ("Chaperone") parser serves once a connection is escalated
 * (docs/device-protocols.md §4.7 step 7): Settings (wallpaper…), unlock token / ClearPasscode,
 * SecurityInfo, and acknowledgements.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { McInstallDevice } from './contract.js';
import { asBuffer, isData, isDict, isNumber, type Dict } from './plist-data.js';
import { Errors, Status, acknowledged, errorReply, withStatus, type Reply } from './reply.js';

const WALLPAPER_WHERE: Record<number, string> = { 1: 'lock', 2: 'home', 3: 'both' };

function imageFormat(image: Buffer): 'png' | 'jpeg' | null {
  if (image.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (image[0] === 0xff && image[1] === 0xd8 && image[2] === 0xff) return 'jpeg';
  return null;
}

// MDMErrorDomain is what the Chaperone parser reports; code 12005 is unconfirmed (our choice), so
// the station treats it as a generic refusal.
const itemError = (detail: string): Reply => ({
  Status: Status.error,
  ErrorChain: [{ ErrorCode: 12005, ErrorDomain: 'MDMErrorDomain', LocalizedDescription: detail, USEnglishDescription: detail }],
});

/**
 * `Settings: [{Item, …}]` answers one status per item. The wallpaper is kept as a digest, not the
 * image, so 100 devices stay small; other items are stored as sent, keyed by Item.
 */
export function applySettings(device: McInstallDevice, request: Dict): Reply {
  const items = request.Settings;
  if (!Array.isArray(items)) return withStatus(Status.commandFormatError);
  const results = items.map((item): Reply => {
    if (!isDict(item) || typeof item.Item !== 'string') return itemError('The setting has no Item.');
    if (item.Item === 'Wallpaper') {
      const where = isNumber(item.Where) ? WALLPAPER_WHERE[Number(item.Where)] : undefined;
      const image = isData(item.Image) ? asBuffer(item.Image) : null;
      const format = image ? imageFormat(image) : null;
      if (!where || !image || !format) return itemError('The wallpaper needs Where 1–3 and a PNG or JPEG Image.');
      device.settings.Wallpaper = {
        where,
        format,
        bytes: image.length,
        sha256: createHash('sha256').update(image).digest('hex'),
      };
      return withStatus(Status.acknowledged);
    }
    const { Item: name, ...values } = item;
    device.settings[name as string] = values;
    return withStatus(Status.acknowledged);
  });
  return acknowledged({ Settings: results });
}

/** Per-connection unlock token, so ClearPasscode can check it came from this device. */
export class PasscodeCommands {
  private token: Buffer | null = null;

  requestUnlockToken(device: McInstallDevice): Reply {
    if (device.passcodeSet) return errorReply(Errors.passcodeSet());
    this.token = randomBytes(32);
    return acknowledged({ UnlockToken: Buffer.from(this.token) });
  }

  clearPasscode(device: McInstallDevice, request: Dict): Reply {
    const token = request.UnlockToken;
    if (!isData(token)) return withStatus(Status.commandFormatError);
    // A token from an earlier connection or device is not checkable here; accept any data then.
    if (this.token && !this.token.equals(asBuffer(token))) return itemError('The unlock token is not valid.');
    device.passcodeSet = false;
    return acknowledged();
  }
}

export function securityInfo(device: McInstallDevice): Reply {
  return acknowledged({
    SecurityInfo: {
      PasscodePresent: device.passcodeSet,
      PasscodeCompliant: true,
      PasscodeCompliantWithProfiles: true,
      HardwareEncryptionCaps: 3,
    },
  });
}

export function deviceConfigured(device: McInstallDevice): Reply {
  if (device.cloudConfiguration) device.cloudConfiguration.DeviceConfigured = true;
  return acknowledged();
}
