import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DevicePairing, VirtualDevice } from './device/device.js';
import { fromTagged, toTagged } from './json-safe.js';
import type { InstalledProfile } from './mcinstall/contract.js';
import type { PairRecordStore } from './usbmux/pair-records.js';

interface PersistedDevice {
  name: string;
  activationState: VirtualDevice['activationState'];
  setupCompleted: boolean;
  passcodeSet: boolean;
  cloudConfiguration: Record<string, unknown> | null;
  profiles: InstalledProfile[];
  pendingProfiles: InstalledProfile[];
  storedProfile: { purpose: string; raw: Buffer } | null;
  settings: Record<string, unknown>;
  pairings: DevicePairing[];
  extraValues: [string, Record<string, unknown>][];
}

interface StateShape {
  version: 1;
  usbmuxd: { buid?: string; records?: Record<string, string> };
  devices: Record<string, PersistedDevice>;
}

/**
 * `--state-file`: usbmuxd's pair records and BUID, plus the device-side state that must agree with
 * them (pairings, name, supervision, profiles), so a restarted cart still knows its hosts.
 */
export class StateFile {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly path: string) {}

  restore(store: PairRecordStore, devices: Map<string, VirtualDevice>): void {
    let state: StateShape;
    try {
      state = fromTagged(JSON.parse(readFileSync(this.path, 'utf8'))) as StateShape;
    } catch {
      return;
    }
    store.load(state.usbmuxd ?? {});
    for (const [udid, saved] of Object.entries(state.devices ?? {})) {
      const device = devices.get(udid);
      if (!device) continue;
      device.name = saved.name;
      device.activationState = saved.activationState;
      device.setupCompleted = saved.setupCompleted;
      device.passcodeSet = saved.passcodeSet;
      device.profiles = saved.profiles ?? [];
      device.pendingProfiles = saved.pendingProfiles ?? [];
      device.storedProfile = saved.storedProfile ?? null;
      device.settings = saved.settings ?? {};
      device.cloudConfiguration = saved.cloudConfiguration ?? null;
      device.pairings.clear();
      for (const p of saved.pairings ?? []) device.pairings.set(p.hostId, p);
      device.extraValues.clear();
      for (const [domain, values] of saved.extraValues ?? []) device.extraValues.set(domain, values);
    }
  }

  scheduleSave(store: PairRecordStore, devices: readonly VirtualDevice[]): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.saveNow(store, devices);
    }, 100);
    this.timer.unref();
  }

  saveNow(store: PairRecordStore, devices: readonly VirtualDevice[]): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const state: StateShape = { version: 1, usbmuxd: store.toJSON(), devices: {} };
    for (const d of devices) {
      state.devices[d.udid] = {
        name: d.name,
        activationState: d.activationState,
        setupCompleted: d.setupCompleted,
        passcodeSet: d.passcodeSet,
        cloudConfiguration: d.cloudConfiguration,
        profiles: d.profiles,
        pendingProfiles: d.pendingProfiles,
        storedProfile: d.storedProfile,
        settings: d.settings,
        pairings: [...d.pairings.values()],
        extraValues: [...d.extraValues.entries()],
      };
    }
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(toTagged(state)));
    renameSync(tmp, this.path);
  }
}
