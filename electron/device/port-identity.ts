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
  const lookUp = async (udids: string[]) => {
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
  };
  // A cart's devices attach in a burst, one ADD each: the lookups asked for in one turn of the
  // event loop share one ListDevices (its reply lists every device; one per ADD made a burst of N
  // attaches cost N requests and N² parsed entries). A lookup asked for once a batch is on its way
  // goes into the next one, so it never reads a list sent before the device attached.
  let pending: { udids: Set<string>; result: Promise<Map<string, PortIdentity>> } | null = null;
  return {
    locate(udids) {
      if (!pending) {
        const batch = { udids: new Set<string>(), result: null as unknown as Promise<Map<string, PortIdentity>> };
        batch.result = new Promise<void>((r) => setImmediate(r)).then(() => {
          if (pending === batch) pending = null;
          return lookUp([...batch.udids]);
        });
        pending = batch;
      }
      for (const u of udids) pending.udids.add(u);
      return pending.result;
    },
  };
}
