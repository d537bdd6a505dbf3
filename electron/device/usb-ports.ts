/**
 * The physical USB port of each Apple device, from the `usb` package (libusb): bus number and
 * port path, matched to a UDID by the USB serial number. Absent when the platform or permissions
 * do not allow it, and on the virtual cart (no real USB devices): callers treat it as optional.
 */
const APPLE_VENDOR_ID = 0x05ac;

export interface UsbPortPath {
  bus: number;
  ports: number[];
  serial: string;
}

interface UsbDeviceLike {
  busNumber: number;
  deviceAddress: number;
  portNumbers?: number[];
  deviceDescriptor: { idVendor: number; iSerialNumber: number };
  open(): void;
  close(): void;
  getStringDescriptor(index: number, cb: (err: unknown, value?: string) => void): void;
}

type UsbModule = { getDeviceList(): UsbDeviceLike[] };

// Serial numbers need the device opened; remember them per bus/address so we open each only once.
const serialCache = new Map<string, string | null>();
let usbModule: Promise<UsbModule | null> | null = null;

function loadUsb(): Promise<UsbModule | null> {
  usbModule ??= import('usb').then(
    (m) => (m as unknown as { usb?: UsbModule }).usb ?? (m as unknown as UsbModule),
    () => null,
  );
  return usbModule;
}

function readSerial(dev: UsbDeviceLike): Promise<string | null> {
  const key = `${dev.busNumber}:${dev.deviceAddress}`;
  if (serialCache.has(key)) return Promise.resolve(serialCache.get(key) ?? null);
  return new Promise((resolve) => {
    const done = (s: string | null) => {
      serialCache.set(key, s);
      resolve(s);
    };
    try {
      dev.open();
    } catch {
      return done(null);
    }
    dev.getStringDescriptor(dev.deviceDescriptor.iSerialNumber, (err, value) => {
      try {
        dev.close();
      } catch {
        // already closed
      }
      done(err || !value ? null : value);
    });
  });
}

/** Normalises a USB serial or UDID for matching (dash and case differ between the two). */
export function serialKey(s: string): string {
  return s.replace(/-/g, '').toLowerCase();
}

/** Port paths of attached Apple devices keyed by serialKey(). Empty when libusb is unavailable. */
export async function appleUsbPorts(): Promise<Map<string, UsbPortPath>> {
  const out = new Map<string, UsbPortPath>();
  const usb = await loadUsb();
  if (!usb) return out;
  let devices: UsbDeviceLike[];
  try {
    devices = usb.getDeviceList().filter((d) => d.deviceDescriptor.idVendor === APPLE_VENDOR_ID);
  } catch {
    return out;
  }
  for (const dev of devices) {
    const serial = await readSerial(dev);
    if (!serial) continue;
    out.set(serialKey(serial), { bus: dev.busNumber, ports: dev.portNumbers ?? [], serial });
  }
  return out;
}
