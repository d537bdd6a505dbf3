import { Cart, type AddDeviceOptions, type CartOptions, type InitialTrust } from './cart.js';
import { startActivationServer } from './activation-server/server.js';
import { startControlServer } from './control/http.js';
import type { EraseReply } from './device/device.js';
import { viewOf, type DeviceView } from './device/view.js';
import type { FaultInput, RandomFaults, RequestFault } from './faults.js';
import type { DeviceProtocolCounts, ProtocolCountersView } from './protocol-counters.js';
import { MuxServer } from './usbmux/server.js';

export type { AddDeviceOptions, DeviceProtocolCounts, DeviceView, EraseReply, FaultInput, InitialTrust, ProtocolCountersView };
export type { LatencyMode } from './latency.js';

export interface VirtualCartOptions extends CartOptions {
  /** usbmuxd addresses: `127.0.0.1:PORT` and/or `UNIX:/path` (port 0 picks a free port). Default `127.0.0.1:0`. */
  listen?: string | string[];
  /** Control API address `127.0.0.1:PORT`; null (default in-process) = no HTTP server. */
  control?: string | null;
  /** Address of the stand-in activation server (`127.0.0.1:PORT`, default `127.0.0.1:0`). */
  activationListen?: string;
}

export interface VirtualCart {
  /** The first listen address, ready for USBMUXD_SOCKET_ADDRESS. */
  readonly usbmuxAddress: string;
  readonly addresses: string[];
  /** `http://127.0.0.1:PORT`, or null without a control server. */
  readonly controlUrl: string | null;
  /**
   * Base URL of the stand-in for Apple's activation server (`http://127.0.0.1:PORT/deviceservices`),
   * for the station's CARTWRIGHT_ACTIVATION_URL.
   */
  readonly activationUrl: string;
  /** Requests the stand-in activation server received, per endpoint (drmHandshake, deviceActivation). */
  activationRequests(): Record<string, number>;
  /** usbmuxd sockets, tunnels, lockdown sessions, TLS handshakes and service starts per UDID and in total (GET /counters). */
  protocolCounters(): ProtocolCountersView;
  /** Starts the protocol counters from zero (DELETE /counters). */
  resetProtocolCounters(): void;
  /** `{ USBMUXD_SOCKET_ADDRESS }` to spread into a child process environment. */
  readonly env: { USBMUXD_SOCKET_ADDRESS: string };
  devices(): DeviceView[];
  device(udid: string): DeviceView;
  plug(udid: string): void;
  unplug(udid: string): void;
  /**
   * usbmuxd also lists the device over Wi-Fi: a second entry, same UDID, its own DeviceID,
   * ConnectionType "Network" (as on macOS/Windows). A USB unplug leaves it listed.
   */
  announceNetworkTwin(udid: string): void;
  removeNetworkTwin(udid: string): void;
  /**
   * The person taps Trust on the open dialog now (the device posts lockdown.request_pair), and
   * accepts future dialogs (after the realistic tap delay). Only a device past Setup Assistant
   * shows a dialog; one in Setup pairs without asking.
   */
  trust(udid: string): void;
  /** The person taps Don't Trust (and keeps doing so); applies once the device is past Setup Assistant. */
  deny(udid: string): void;
  /** Trust dialogs stay open until trust()/deny(); applies once the device is past Setup Assistant. */
  pending(udid: string): void;
  /** Sets a passcode and locks the screen: Pair answers PasswordProtected. */
  lock(udid: string): void;
  unlock(udid: string): void;
  /** Test hook for activation (real activation needs Apple); throws under Activation Lock. */
  activate(udid: string): void;
  setBattery(udid: string, battery: { level?: number; charging?: boolean }): void;
  /** How the device ends MCInstall EraseDevice: 'ack' (reply, then down) or 'drop' (down, no reply). */
  setEraseReply(udid: string, mode: EraseReply): void;
  /** The person completes Setup Assistant; a StoreProfile'd profile is installed then. */
  finishSetup(udid: string): void;
  /** Reboot as diagnostics_relay Restart does: Detached, then Attached with a new DeviceID. */
  restart(udid: string): void;
  /** As MCInstall EraseDevice: Detached, wiped, re-attached unactivated and unpaired. */
  erase(udid: string): void;
  addDevice(options?: AddDeviceOptions): DeviceView;
  setFault(fault: FaultInput): void;
  faults(): { rules: RequestFault[]; random: RandomFaults | null };
  /** Resolves once `predicate` holds for the device (polled; for tests). */
  waitFor(udid: string, predicate: (d: DeviceView) => boolean, timeoutMs?: number): Promise<DeviceView>;
  /** Host-side pair record bytes usbmuxd holds for a UDID. */
  pairRecord(udid: string): Buffer | undefined;
  stop(): Promise<void>;
}

/** Starts a virtual cart in this process: usbmuxd front end(s), devices and optionally the control API. */
export async function startVirtualCart(options: VirtualCartOptions = {}): Promise<VirtualCart> {
  const cart = new Cart(options);
  const mux = new MuxServer(cart);
  cart.notify = (body) => mux.broadcast(body);
  const listen = options.listen === undefined ? ['127.0.0.1:0'] : Array.isArray(options.listen) ? options.listen : [options.listen];
  const addresses: string[] = [];
  try {
    for (const address of listen) addresses.push(await mux.listen(address));
  } catch (error) {
    cart.stop();
    await mux.close();
    throw error;
  }
  const usbmuxAddress = addresses[0] ?? '';
  const albert = await startActivationServer({
    authority: cart.activation,
    lookup: (udid) => cart.find(udid),
    ...(options.activationListen ? { listen: options.activationListen } : {}),
    log: (message) => cart.muxLog(message),
  }).catch(async (error: unknown) => {
    cart.stop();
    await mux.close();
    throw error;
  });

  let control: { url: string; close(): Promise<void> } | null = null;
  let stopped = false;

  const api: VirtualCart = {
    usbmuxAddress,
    addresses,
    get controlUrl() {
      return control?.url ?? null;
    },
    env: { USBMUXD_SOCKET_ADDRESS: usbmuxAddress },
    activationUrl: albert.url,
    activationRequests: () => ({ ...albert.counters }),
    protocolCounters: () => cart.protocolCounters.view(),
    resetProtocolCounters: () => cart.protocolCounters.reset(),
    devices: () => cart.devices(),
    device: (udid) => viewOf(cart.get(udid)),
    plug: (udid) => cart.plug(udid),
    unplug: (udid) => cart.unplug(cart.get(udid)),
    announceNetworkTwin: (udid) => cart.announceNetworkTwin(udid),
    removeNetworkTwin: (udid) => cart.removeNetworkTwin(udid),
    trust: (udid) => cart.setTrust(udid, 'accept'),
    deny: (udid) => cart.setTrust(udid, 'deny'),
    pending: (udid) => cart.setTrust(udid, 'pending'),
    lock: (udid) => cart.lock(udid),
    unlock: (udid) => cart.unlock(udid),
    activate: (udid) => cart.activate(udid),
    setBattery: (udid, b) => cart.setBattery(udid, b.level, b.charging),
    setEraseReply: (udid, mode) => cart.setEraseReply(udid, mode),
    finishSetup: (udid) => cart.finishSetup(udid),
    restart: (udid) => cart.reboot(cart.get(udid), 'restart'),
    erase: (udid) => cart.reboot(cart.get(udid), 'erase'),
    addDevice: (o) => viewOf(cart.addDevice(o)),
    setFault: (f) => cart.setFault(f),
    faults: () => cart.faults.list(),
    waitFor: async (udid, predicate, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const view = viewOf(cart.get(udid));
        if (predicate(view)) return view;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${udid}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    pairRecord: (udid) => cart.pairRecords.read(udid),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      cart.stop();
      await Promise.all([mux.close(), control?.close(), albert.close()]);
    },
  };

  if (options.control) {
    try {
      control = await startControlServer(api, options.control);
    } catch (error) {
      await api.stop();
      throw error;
    }
  }
  return api;
}
