import type { DeviceSummary, StationEvent } from '../api/index.js';

export interface Tally {
  total: number;
  ready: number;
  staging: number;
  /** Waiting for a person: Trust, activation, or an error. */
  attention: number;
  checkedOut: number;
}

/** Keeps the latest summary of each device from the event stream, for the dock badge and tray. */
export class DeviceTally {
  private readonly devices = new Map<string, DeviceSummary>();

  apply(event: StationEvent): void {
    if (event.type === 'devices') for (const d of event.devices) this.devices.set(d.udid, d);
    else if (event.type === 'device-removed') this.devices.delete(event.udid);
  }

  reset(devices: DeviceSummary[]): void {
    this.devices.clear();
    for (const d of devices) this.devices.set(d.udid, d);
  }

  tally(): Tally {
    const t: Tally = { total: 0, ready: 0, staging: 0, attention: 0, checkedOut: 0 };
    for (const d of this.devices.values()) {
      if (d.state === 'disconnected') continue;
      if (d.state === 'checked-out') {
        t.checkedOut += 1;
        continue;
      }
      t.total += 1;
      if (d.state === 'ready') t.ready += 1;
      else if (d.state === 'staging') t.staging += 1;
      else if (d.state === 'error' || d.state === 'waiting-trust' || d.state === 'needs-activation') t.attention += 1;
    }
    return t;
  }
}

export function trayTooltip(t: Tally): string {
  const parts = [`${t.total} on the cart`, `${t.ready} ready`];
  if (t.staging) parts.push(`${t.staging} staging`);
  if (t.attention) parts.push(`${t.attention} need attention`);
  if (t.checkedOut) parts.push(`${t.checkedOut} checked out`);
  return `Cartwright — ${parts.join(' · ')}`;
}

/** The dock/taskbar badge: how many devices wait for a person (empty when none). */
export function badgeText(t: Tally): string {
  return t.attention > 0 ? String(t.attention) : '';
}
