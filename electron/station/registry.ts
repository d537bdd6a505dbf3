import type { DeviceSummary, StationEvent } from '../api/index.js';
import type { ApiError } from '../api/errors.js';
import { errorInfo } from '../staging/error-info.js';
import type { StagingEvent } from '../staging/events.js';
import type { DeviceFacts } from '../staging/device-port.js';

const COALESCE_MS = 50;

/**
 * The station's live view of every device it knows: identity facts, where it is plugged, and what
 * is happening to it. Changes are coalesced (~50 ms) into one `devices` event, so 100 devices
 * updating several times a second cost the screens a few messages, not hundreds.
 */
export class DeviceRegistry {
  private readonly devices = new Map<string, DeviceSummary>();
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly emit: (e: StationEvent) => void) {}

  get(udid: string): DeviceSummary | undefined {
    return this.devices.get(udid);
  }

  list(): DeviceSummary[] {
    return [...this.devices.values()].sort((a, b) => (a.slot ?? 1e9) - (b.slot ?? 1e9) || a.udid.localeCompare(b.udid));
  }

  connectedUdids(): string[] {
    return this.list().filter((d) => d.connected).map((d) => d.udid);
  }

  /** Merge a change into a device's summary (creating it on first sight). */
  update(udid: string, change: Partial<DeviceSummary>): DeviceSummary {
    const before = this.devices.get(udid) ?? blank(udid);
    const after = { ...before, ...change };
    this.devices.set(udid, after);
    this.markDirty(udid);
    return after;
  }

  applyFacts(f: DeviceFacts, paired: boolean): void {
    this.update(f.udid, {
      serial: f.serial,
      imei: f.imei,
      name: f.name,
      productType: f.productType,
      model: f.model,
      productVersion: f.productVersion,
      battery: f.battery,
      charging: f.charging,
      supervised: f.supervised,
      organizationName: f.organizationName,
      // Tiles know two kinds; a device without evidence of User Enrollment shows as 'device'.
      enrollmentType: f.enrollmentType === 'user' ? 'user' : 'device',
      paired,
    });
  }

  /** What the staging runner says becomes the tile's state, detail and error. */
  applyStaging(e: StagingEvent): void {
    switch (e.type) {
      case 'device-facts':
        this.applyFacts(e.facts, true);
        break;
      case 'job-queued':
        this.update(e.udid, { state: 'staging', stateDetail: 'Queued', error: null });
        break;
      case 'step-started':
        this.update(e.udid, { state: 'staging', stateDetail: `${e.step} (${e.index + 1}/${e.count})`, error: null });
        break;
      case 'step-progress':
        this.update(e.udid, {
          state: /Tap Trust/.test(e.text) ? 'waiting-trust' : 'staging',
          stateDetail: e.text,
        });
        break;
      case 'step-finished':
        if (e.outcome !== 'failed') this.update(e.udid, { state: 'staging', stateDetail: `${e.step} done (${e.index + 1}/${e.count})` });
        if (e.step === 'pair' && e.outcome !== 'failed') this.update(e.udid, { paired: true });
        break;
      case 'job-paused': {
        const err = toApiError(e.error);
        const state = e.reason === 'device-gone' ? 'disconnected' : err.code === 'NOT_ACTIVATED' ? 'needs-activation' : err.code === 'TRUST_PENDING' ? 'waiting-trust' : 'error';
        this.update(e.udid, { state, stateDetail: e.reason === 'device-gone' ? 'Paused: plug it back in to resume' : err.message, error: err });
        break;
      }
      case 'job-finished':
        if (e.state === 'succeeded') this.update(e.udid, { state: 'ready', stateDetail: null, error: null });
        else if (e.state === 'cancelled') this.update(e.udid, { state: 'idle', stateDetail: 'Cancelled', error: null });
        else this.update(e.udid, { state: 'error', stateDetail: null, error: toApiError(e.error ?? { code: 'INTERNAL', message: 'The job failed.' }) });
        break;
    }
  }

  /** Send pending changes now (tests, shutdown). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.dirty.size === 0) return;
    const devices = [...this.dirty].map((u) => this.devices.get(u)).filter((d): d is DeviceSummary => !!d);
    this.dirty.clear();
    this.emit({ type: 'devices', devices });
  }

  private markDirty(udid: string): void {
    this.dirty.add(udid);
    this.timer ??= setTimeout(() => this.flush(), COALESCE_MS);
  }
}

function toApiError(e: { code: string; message: string; remedy?: string }): ApiError {
  const info = errorInfo(e);
  return { code: info.code, message: info.message, ...(info.remedy ? { remedy: info.remedy } : {}) };
}

function blank(udid: string): DeviceSummary {
  return {
    udid,
    serial: null,
    imei: null,
    name: null,
    productType: null,
    model: null,
    productVersion: null,
    slot: null,
    portId: null,
    battery: null,
    charging: null,
    paired: false,
    supervised: false,
    organizationName: null,
    enrollmentType: 'device',
    connected: false,
    state: 'connecting',
    stateDetail: null,
    error: null,
    holder: null,
  };
}
