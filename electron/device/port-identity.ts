/**
 * Port identity for cart slots: the same physical port must give the same key every time.
 * The USB bus + port path is the most stable fact (Linux usbmuxd's LocationID embeds the USB
 * device address, which changes on every replug); LocationID is the fallback, as on macOS where
 * it encodes the port path, and on the virtual cart.
 */
import { appleUsbPorts, serialKey, type UsbPortPath } from './usb-ports.js';
import { USB_CONNECTION_TYPE } from './usb-only.js';
import { listAttached, type UsbmuxdAttached } from './usbmuxd-client.js';

export interface PortIdentity {
  /** Stable key: `usb:<bus>-<p1>.<p2>…`, else `loc:0x<LocationID>`, else `unknown`. */
  key: string;
  locationId?: number | undefined;
  connectionSpeed?: number | undefined;
  usbBus?: number | undefined;
  usbPorts?: number[] | undefined;
}

export function portIdentityFrom(attached: UsbmuxdAttached | undefined, usb: UsbPortPath | undefined): PortIdentity {
  const locationId = attached?.locationId;
  const base = { locationId, connectionSpeed: attached?.connectionSpeed };
  if (usb && usb.ports.length > 0) return { ...base, key: `usb:${usb.bus}-${usb.ports.join('.')}`, usbBus: usb.bus, usbPorts: usb.ports };
  if (locationId !== undefined) return { ...base, key: `loc:0x${locationId.toString(16).padStart(8, '0')}` };
  return { ...base, key: 'unknown' };
}

/** Finds where devices are plugged in. Injectable so tests and fakes need no usbmuxd socket. */
export interface PortLocator {
  locate(udids: string[]): Promise<Map<string, PortIdentity>>;
}

export function usbmuxdPortLocator(options: { usb?: boolean } = {}): PortLocator {
  return {
    async locate(udids) {
      const [attached, usb] = await Promise.all([
        listAttached().catch(() => [] as UsbmuxdAttached[]),
        options.usb === false ? Promise.resolve(new Map<string, UsbPortPath>()) : appleUsbPorts().catch(() => new Map<string, UsbPortPath>()),
      ]);
      const out = new Map<string, PortIdentity>();
      for (const udid of udids) {
        // The Wi-Fi twin of the same UDID has no LocationID (usb-only.ts).
        const a = attached.find((d) => d.udid === udid && d.connectionType === USB_CONNECTION_TYPE);
        const u = usb.get(serialKey(a?.usbSerialNumber ?? udid));
        out.set(udid, portIdentityFrom(a, u));
      }
      return out;
    },
  };
}
