/**
 * MCInstall `Settings` (wallpaper and other device settings, docs/device-protocols.md §4): the
 * reply's own Status only says the request was parsed; each item carries its own Status, and an
 * item can fail while the reply is Acknowledged (go-ios ios/mcinstall/mcinstall.go SetWallpaper
 * checks Settings[0].Status).
 */
import { fromMcInstallReply } from '../error-map.js';
import { DeviceError } from '../errors.js';
import { parseReply } from '../plist.js';
import { settingsReplySchema } from './mcinstall-schemas.js';

/** Throws a DeviceError naming the first sent item the device did not apply. */
export function checkSettingsItems(raw: unknown, items: readonly string[], udid: string): void {
  const reply = parseReply(settingsReplySchema, raw, { udid, what: 'MCInstall Settings reply' });
  const results = reply.Settings ?? [];
  items.forEach((item, index) => {
    const result = results[index];
    if (!result) {
      throw new DeviceError('PROTOCOL', { udid, message: `The device did not report whether it applied the ${item} setting.`, reply: raw });
    }
    if (result.Status === 'Acknowledged') return;
    const refused = fromMcInstallReply(result, `Settings ${item}`, 'DEVICE_REFUSED', udid);
    const first = result.ErrorChain?.[0];
    const said = first?.USEnglishDescription ?? first?.LocalizedDescription;
    throw new DeviceError(refused.code, {
      udid,
      message: `The device did not apply the ${item} setting.${said ? ` The device said: “${said}”` : ''}`,
      remedy: item === 'Wallpaper' ? 'Use a PNG or JPEG image, check the device is supervised by this station, then retry.' : refused.remedy,
      chain: [...refused.chain, { source: 'mcinstall', name: item, message: 'Settings item' }],
      reply: raw,
    });
  });
}
