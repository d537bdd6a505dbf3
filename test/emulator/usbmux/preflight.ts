/**
 * Linux usbmuxd's preflight worker (usbmuxd src/preflight.c), behind `usbmuxdAutoPair`.
 *
 * At attach usbmuxd opens lockdown itself: with a record whose HostID the device knows
 * (StartSession succeeds) it just lists the device. Otherwise it pairs with `lockdownd_pair(client,
 * NULL)`, i.e. libimobiledevice's internal mode: fresh keys, a new HostID, and SavePairRecord on
 * success (libimobiledevice src/lockdown.c `lockdownd_do_pair`). A device that accepts at once (still
 * in Setup Assistant) is listed only after that; one that does not (Trust dialog, passcode) is listed
 * straight away while usbmuxd observes `com.apple.mobile.lockdown.request_pair` on the device's
 * insecure_notification_proxy (posted when the person taps Trust, lockdown/trust-dialog.ts), and
 * then pairs again with fresh keys. Its record overwrites whatever the
 * station saved before: that is the race the station must survive.
 */
import type { CartContext } from '../context.js';
import type { VirtualDevice } from '../device/device.js';
import { handlePair } from '../lockdown/pairing.js';
import { REQUEST_PAIR } from '../lockdown/trust-dialog.js';
import { observeDeviceNotifications } from '../services/notification-proxy.js';
import { asBuffer, asString, decodeDict, encodeXml } from '../plist-codec.js';
import { freshPairRecord } from './fresh-pair-record.js';

export interface PreflightHost {
  ctx: CartContext;
  buid(): string;
  readPairRecord(udid: string): Buffer | undefined;
  savePairRecord(udid: string, data: Buffer, deviceId: number): void;
}

export class UsbmuxdPreflight {
  /** Devices whose preflight waits for request_pair: the DeviceID of that attach, and how to stop observing. */
  private readonly waiting = new Map<VirtualDevice, { deviceId: number; stopObserving: () => void }>();

  constructor(private readonly host: PreflightHost) {}

  /** Resolves when usbmuxd would list the device (client_device_add). */
  async attach(device: VirtualDevice): Promise<void> {
    const deviceId = device.deviceId;
    try {
      if (this.storedRecordWorks(device)) return;
      const accepted = await this.pair(device);
      if (accepted || !this.stillAttached(device, deviceId)) return;
      // preflight.c starts com.apple.mobile.insecure_notification_proxy (no session needed) and
      // observes request_pair there; this in-process observer stands for that connection.
      const stopObserving = observeDeviceNotifications(device, [REQUEST_PAIR], () => this.requestPair(device));
      this.waiting.set(device, { deviceId, stopObserving });
    } catch (error) {
      // preflight.c logs and lists the device anyway.
      this.host.ctx.log(device.udid, `usbmuxd preflight: ${(error as Error).message}`);
    }
  }

  /** The device left: preflight.c ends the wait (is_device_connected = 0). */
  detached(device: VirtualDevice): void {
    this.stopWaiting(device);
  }

  stop(): void {
    for (const device of [...this.waiting.keys()]) this.stopWaiting(device);
  }

  /** The person tapped Trust: usbmuxd hears request_pair and pairs with fresh keys (np_callback). */
  private requestPair(device: VirtualDevice): void {
    const deviceId = this.waiting.get(device)?.deviceId;
    if (deviceId === undefined) return;
    this.stopWaiting(device);
    if (!this.stillAttached(device, deviceId)) return;
    this.pair(device).catch((error: unknown) => this.host.ctx.log(device.udid, `usbmuxd request_pair: ${(error as Error).message}`));
  }

  private stopWaiting(device: VirtualDevice): void {
    this.waiting.get(device)?.stopObserving();
    this.waiting.delete(device);
  }

  private storedRecordWorks(device: VirtualDevice): boolean {
    const data = this.host.readPairRecord(device.udid);
    if (!data) return false;
    try {
      const hostId = asString(decodeDict(data).HostID);
      return hostId !== undefined && device.pairings.has(hostId);
    } catch {
      return false;
    }
  }

  /** One `lockdownd_pair(client, NULL)`: true when the device accepted and the record was saved. */
  private async pair(device: VirtualDevice): Promise<boolean> {
    const { ctx } = this.host;
    const deviceId = device.deviceId;
    const keys = await ctx.keys.get(device.keyIndex);
    const record = await freshPairRecord(keys.publicKeyPem, this.host.buid());
    device.count('Pair');
    const reply = await handlePair(device, ctx, { Request: 'Pair', Label: 'usbmuxd', ProtocolVersion: '2', PairRecord: record.sent, PairingOptions: { ExtendedPairingErrors: true } });
    if (reply.Error !== undefined) {
      ctx.log(device.udid, `usbmuxd preflight Pair: ${String(reply.Error)}`);
      return false;
    }
    if (!this.stillAttached(device, deviceId)) return false;
    const data = encodeXml(record.stored(asBuffer(reply.EscrowBag), device.identity.wifiAddress ?? undefined));
    this.host.savePairRecord(device.udid, data, deviceId);
    ctx.log(device.udid, `usbmuxd saved its own pair record (HostID ${record.hostId})`);
    return true;
  }

  private stillAttached(device: VirtualDevice, deviceId: number): boolean {
    return device.connected && device.deviceId === deviceId;
  }
}
