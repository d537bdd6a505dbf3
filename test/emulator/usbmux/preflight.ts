/**
 * Linux usbmuxd's preflight worker (usbmuxd src/preflight.c), behind `usbmuxdAutoPair`.
 *
 * At attach usbmuxd opens lockdown itself: with a record whose HostID the device knows
 * (StartSession succeeds) it just lists the device. Otherwise it pairs with `lockdownd_pair(client,
 * NULL)`, i.e. libimobiledevice's internal mode: fresh keys, a new HostID, and SavePairRecord on
 * success (libimobiledevice src/lockdown.c `lockdownd_do_pair`). A device that accepts at once (still
 * in Setup Assistant) is listed only after that; one that does not (Trust dialog, passcode) is listed
 * straight away while usbmuxd waits for `com.apple.mobile.lockdown.request_pair`, posted when the
 * person taps Trust, and then pairs again with fresh keys. Its record overwrites whatever the
 * station saved before: that is the race the station must survive.
 */
import type { CartContext } from '../context.js';
import type { VirtualDevice } from '../device/device.js';
import { handlePair } from '../lockdown/pairing.js';
import { asBuffer, asString, decodeDict, encodeXml } from '../plist-codec.js';
import { freshPairRecord } from './fresh-pair-record.js';

export interface PreflightHost {
  ctx: CartContext;
  buid(): string;
  readPairRecord(udid: string): Buffer | undefined;
  savePairRecord(udid: string, data: Buffer, deviceId: number): void;
}

export class UsbmuxdPreflight {
  /** Devices whose preflight waits for request_pair, with the DeviceID of that attach. */
  private readonly waiting = new Map<VirtualDevice, number>();
  private readonly tapTimers = new Map<VirtualDevice, NodeJS.Timeout>();

  constructor(private readonly host: PreflightHost) {}

  /** Resolves when usbmuxd would list the device (client_device_add). */
  async attach(device: VirtualDevice): Promise<void> {
    const deviceId = device.deviceId;
    try {
      if (this.storedRecordWorks(device)) return;
      const accepted = await this.pair(device);
      if (accepted || !this.stillAttached(device, deviceId)) return;
      this.waiting.set(device, deviceId);
      this.watchRealisticTap(device);
    } catch (error) {
      // preflight.c logs and lists the device anyway.
      this.host.ctx.log(device.udid, `usbmuxd preflight: ${(error as Error).message}`);
    }
  }

  /** The person tapped Trust: usbmuxd gets request_pair and pairs with fresh keys. */
  trustTapped(device: VirtualDevice): void {
    const deviceId = this.waiting.get(device);
    if (deviceId === undefined) return;
    this.waiting.delete(device);
    this.clearTapTimer(device);
    if (!this.stillAttached(device, deviceId)) return;
    this.pair(device).catch((error: unknown) => this.host.ctx.log(device.udid, `usbmuxd request_pair: ${(error as Error).message}`));
  }

  /** The device left: preflight.c ends the wait (is_device_connected = 0). */
  detached(device: VirtualDevice): void {
    this.waiting.delete(device);
    this.clearTapTimer(device);
  }

  stop(): void {
    for (const t of this.tapTimers.values()) clearTimeout(t);
    this.tapTimers.clear();
    this.waiting.clear();
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

  /** With a realistic person the tap comes a few seconds after the dialog opened (latency.ts). */
  private watchRealisticTap(device: VirtualDevice): void {
    if (device.trustMode !== 'accept' || device.trustTapAt === null) return;
    const delay = Math.max(0, device.trustTapAt - this.host.ctx.now());
    const timer = setTimeout(() => {
      this.tapTimers.delete(device);
      this.trustTapped(device);
    }, delay);
    timer.unref();
    this.tapTimers.set(device, timer);
  }

  private clearTapTimer(device: VirtualDevice): void {
    const timer = this.tapTimers.get(device);
    if (timer) clearTimeout(timer);
    this.tapTimers.delete(device);
  }

  private stillAttached(device: VirtualDevice, deviceId: number): boolean {
    return device.connected && device.deviceId === deviceId;
  }
}
