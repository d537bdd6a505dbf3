/**
 * A small usbmuxd client in TypeScript, for the one thing libusbmuxd drops: the Attached
 * properties (LocationID, ConnectionSpeed…) that identify the USB port (docs/device-protocols.md
 * §2.5, §2.6). This talks to the daemon only (ListDevices), never to a device; the addon does
 * everything else.
 */
import { connect, type Socket } from 'node:net';
import { z } from 'zod';
import { DeviceError } from './errors.js';
import { fromXml, parseReply, toXml } from './plist.js';
import { usbmuxdAddress, type UsbmuxdAddress } from './usbmuxd-address.js';

const HEADER = 16;
const VERSION_PLIST = 1;
const MESSAGE_PLIST = 8;

export interface UsbmuxdAttached {
  deviceId: number;
  udid: string;
  connectionType: string;
  locationId?: number | undefined;
  connectionSpeed?: number | undefined;
  productId?: number | undefined;
  usbSerialNumber?: string | undefined;
}

const attachedSchema = z.object({
  DeviceID: z.number().int(),
  Properties: z
    .object({
      SerialNumber: z.string(),
      ConnectionType: z.string(),
      LocationID: z.number().int().optional(),
      ConnectionSpeed: z.number().optional(),
      ProductID: z.number().int().optional(),
      USBSerialNumber: z.string().optional(),
    })
    .loose(),
});
const listSchema = z.object({ DeviceList: z.array(attachedSchema) });

/** libusbmuxd's sanitize_udid: a 24-character USB serial gets a dash after character 8. */
export function udidFromSerial(serial: string): string {
  return serial.length === 24 && !serial.includes('-') ? `${serial.slice(0, 8)}-${serial.slice(8)}` : serial;
}

export function encodePacket(body: Record<string, unknown>, tag: number): Buffer {
  const payload = Buffer.from(toXml(body), 'utf8');
  const header = Buffer.alloc(HEADER);
  header.writeUInt32LE(HEADER + payload.length, 0);
  header.writeUInt32LE(VERSION_PLIST, 4);
  header.writeUInt32LE(MESSAGE_PLIST, 8);
  header.writeUInt32LE(tag, 12);
  return Buffer.concat([header, payload]);
}

function request(addr: UsbmuxdAddress, body: Record<string, unknown>, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock: Socket = addr.kind === 'unix' ? connect(addr.path) : connect(addr.port, addr.host);
    let buf = Buffer.alloc(0);
    const fail = (message: string, cause?: unknown) => {
      sock.destroy();
      reject(new DeviceError('USBMUXD_UNAVAILABLE', { chain: [{ source: 'usbmuxd', message: `${addr.text}: ${message}` }], cause }));
    };
    sock.setTimeout(timeoutMs, () => fail(`no answer within ${timeoutMs} ms`));
    sock.once('error', (e: NodeJS.ErrnoException) => fail(e.code ?? e.message, e));
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < HEADER) return;
      const len = buf.readUInt32LE(0);
      if (len < HEADER || len > 16 * 1024 * 1024) return fail(`bad packet length ${len}`);
      if (buf.length < len) return;
      sock.destroy();
      resolve(buf.subarray(HEADER, len));
    });
    sock.once('connect', () => sock.write(encodePacket({ ...body, ClientVersionString: 'cartwright', ProgName: 'cartwright', kLibUSBMuxVersion: 3 }, 1)));
  });
}

/** ListDevices with the full Attached properties of every device. */
export async function listAttached(addr: UsbmuxdAddress = usbmuxdAddress(), timeoutMs = 5000): Promise<UsbmuxdAttached[]> {
  const payload = await request(addr, { MessageType: 'ListDevices' }, timeoutMs);
  const ctx = { what: 'usbmuxd ListDevices reply' };
  const list = parseReply(listSchema, fromXml(payload.toString('utf8'), ctx), ctx);
  return list.DeviceList.map((d) => ({
    deviceId: d.DeviceID,
    udid: udidFromSerial(d.Properties.SerialNumber),
    connectionType: d.Properties.ConnectionType,
    locationId: d.Properties.LocationID,
    connectionSpeed: d.Properties.ConnectionSpeed,
    productId: d.Properties.ProductID,
    usbSerialNumber: d.Properties.USBSerialNumber,
  }));
}
