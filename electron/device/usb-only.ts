/**
 * The cart is the USB cable. On macOS and Windows, usbmuxd also lists a phone it sees over Wi-Fi:
 * a second entry with the same UDID, its own DeviceID and ConnectionType "Network"
 * (libimobiledevice/libusbmuxd 2.0.2 src/libusbmuxd.c device_record_from_plist; tihmstar/usbmuxd2
 * usbmuxd2/Muxer.cpp getDevicePlist). A checked-out iPad in the building stays listed that way.
 *
 * Choice: network entries are dropped at the transport seam and again in the watcher, never
 * kept as marked devices. A network entry is not a device on the cart: it has no slot, may not
 * be staged (pairing over Wi-Fi is refused by the device, PairingProhibitedOverThisConnection), and
 * counting it as "present" would hide a USB unplug, which kiosk check-out depends on.
 * pymobiledevice3 usbmux.py select_device and go-ios ios/tunnel/tunnel_api.go shouldSkipDevice make
 * the same cut (prefer USB, skip "Network").
 *
 * Every device call already takes the USB entry: the addon opens devices with idevice_new(udid),
 * which libimobiledevice 1.3.0 src/idevice.c turns into idevice_new_with_options(udid, 0), and
 * libusbmuxd's usbmuxd_get_device treats options 0 as DEVICE_LOOKUP_USBMUX, so a Network entry is
 * never chosen (only IDEVICE_LOOKUP_NETWORK would include it, and PREFER_NETWORK prefer it).
 */
import type { MuxDevice } from './transport-types.js';

export function isUsbEntry(device: Pick<MuxDevice, 'connectionType'>): boolean {
  return device.connectionType === 'usb';
}

/** The Properties ConnectionType usbmuxd sends for a USB entry (usbmuxd-client.ts reads it raw). */
export const USB_CONNECTION_TYPE = 'USB';
