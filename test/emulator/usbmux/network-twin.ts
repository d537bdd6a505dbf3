/**
 * The Wi-Fi twin of a device: on macOS and Windows, Apple's usbmuxd also lists a device it finds
 * over the network (Bonjour `_apple-mobdev2._tcp`) as a second entry with the same UDID, its own
 * DeviceID and `ConnectionType: "Network"`.
 *
 * Sources for the record's shape:
 * - tihmstar/usbmuxd2 `usbmuxd2/Muxer.cpp` getDevicePlist: a network entry carries ConnectionType
 *   "Network", EscapedFullServiceName, NetworkAddress (a raw sockaddr in a 128-byte buffer, with
 *   sin_len set on BSD) and InterfaceIndex; no ProductID, LocationID or ConnectionSpeed.
 * - libimobiledevice/libusbmuxd 2.0.2 `src/libusbmuxd.c` device_record_from_plist: copies
 *   NetworkAddress into conn_data and drops a Network entry whose first byte is 0.
 * - libimobiledevice 1.3.0 `src/idevice.c` idevice_connect: reads conn_data[0] as the length and
 *   conn_data[1] as the family (0x02 AF_INET, 0x1E BSD AF_INET6): the macOS sockaddr form.
 * - pymobiledevice3 `pymobiledevice3/lockdown.py`: the Bonjour instance name starts with the
 *   Wi-Fi MAC, then "@".
 */
import type { Duplex } from 'node:stream';
import type { VirtualDevice } from '../device/device.js';
import type { PlistDict } from '../plist-codec.js';

/** usbmuxd2 sends the whole sockaddr buffer it filled (char buf[0x80]). */
const SOCKADDR_BUFFER = 0x80;
const SOCKADDR_IN_LEN = 16;
const AF_INET = 0x02;
/** The interface the twin is "seen" on (en0 on a Mac); reported as InterfaceIndex. */
const INTERFACE_INDEX = 4;

export interface NetworkTwin {
  /** usbmuxd DeviceID of the network entry, distinct from the USB one. */
  deviceId: number;
  /** IPv4 address in RFC 5737 TEST-NET-1: never a real host, so direct connections fail fast. */
  address: string;
  /** Tunnels opened through usbmuxd Connect to this entry; a USB unplug leaves them alone. */
  readonly tunnels: Set<Duplex>;
}

/** The Wi-Fi address a device in `index` gets: 192.0.2.1 … 192.0.2.254. */
export function twinAddress(index: number): string {
  return `192.0.2.${(index % 254) + 1}`;
}

/** BSD `struct sockaddr_in` (sin_len, sin_family, port 0, address, zero), in a 128-byte buffer. */
export function networkAddressBytes(ipv4: string): Buffer {
  const out = Buffer.alloc(SOCKADDR_BUFFER);
  out[0] = SOCKADDR_IN_LEN;
  out[1] = AF_INET;
  ipv4.split('.').forEach((octet, i) => (out[4 + i] = Number(octet)));
  return out;
}

/** Inverse of networkAddressBytes for IPv4 (what libimobiledevice would connect to). */
export function addressFromBytes(bytes: Buffer): string | null {
  if (bytes.length < 8 || bytes[1] !== AF_INET) return null;
  return [...bytes.subarray(4, 8)].join('.');
}

/** The Properties dict of the network entry. */
export function twinProperties(udid: string, wifiMac: string, twin: NetworkTwin): PlistDict {
  return {
    ConnectionType: 'Network',
    DeviceID: twin.deviceId,
    EscapedFullServiceName: `${wifiMac}@${linkLocalFromMac(wifiMac)}._apple-mobdev2._tcp.local.`,
    InterfaceIndex: INTERFACE_INDEX,
    NetworkAddress: networkAddressBytes(twin.address),
    SerialNumber: udid,
  };
}

/** The device's IPv6 link-local address (modified EUI-64 from its MAC, as iOS forms it). */
function linkLocalFromMac(mac: string): string {
  const b = mac.split(':').map((h) => Number.parseInt(h, 16));
  const [b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0] = b;
  const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
  return `fe80::${hex(b0 ^ 0x02, b1)}:${hex(b2, 0xff)}:${hex(0xfe, b3)}:${hex(b4, b5)}`;
}

export interface TwinHooks {
  /** The cart's DeviceID counter: USB and network entries share one sequence, never one number. */
  nextDeviceId(): number;
  notify(body: PlistDict): void;
  log(udid: string, message: string): void;
}

/**
 * Lists and unlists Wi-Fi twins. The twin has its own life: a USB unplug removes only the USB
 * entry (the phone stays on Wi-Fi), a reboot takes both away and brings the twin back once the
 * device is up, and an erase forgets the Wi-Fi network, so the twin does not come back.
 */
export class NetworkTwins {
  constructor(private readonly hooks: TwinHooks) {}

  announce(device: VirtualDevice): void {
    device.networkTwinWanted = true;
    this.show(device);
  }

  remove(device: VirtualDevice): void {
    device.networkTwinWanted = false;
    this.hide(device);
  }

  /** Lists the twin if wanted and not listed yet (after announce, or once a reboot is over). */
  show(device: VirtualDevice): void {
    if (device.networkTwin || !device.networkTwinWanted) return;
    const twin: NetworkTwin = { deviceId: this.hooks.nextDeviceId(), address: twinAddress(device.keyIndex), tunnels: new Set() };
    device.networkTwin = twin;
    this.hooks.log(device.udid, `on Wi-Fi as ${twin.deviceId} (${twin.address})`);
    this.hooks.notify({ MessageType: 'Attached', DeviceID: twin.deviceId, Properties: this.properties(device, twin) });
  }

  /** Unlists the twin and cuts its tunnels, as the device leaving the network does. */
  hide(device: VirtualDevice): void {
    const twin = device.networkTwin;
    if (!twin) return;
    device.networkTwin = null;
    for (const t of twin.tunnels) t.destroy();
    twin.tunnels.clear();
    this.hooks.log(device.udid, `off Wi-Fi (${twin.deviceId})`);
    this.hooks.notify({ MessageType: 'Detached', DeviceID: twin.deviceId });
  }

  attached(devices: readonly VirtualDevice[]): { deviceId: number; properties: PlistDict }[] {
    return devices.flatMap((d) => (d.networkTwin ? [{ deviceId: d.networkTwin.deviceId, properties: this.properties(d, d.networkTwin) }] : []));
  }

  /** The device whose twin has this DeviceID. */
  find(devices: readonly VirtualDevice[], deviceId: number): VirtualDevice | undefined {
    return devices.find((d) => d.networkTwin?.deviceId === deviceId);
  }

  private properties(device: VirtualDevice, twin: NetworkTwin): PlistDict {
    return twinProperties(device.udid, device.identity.wifiAddress, twin);
  }
}
