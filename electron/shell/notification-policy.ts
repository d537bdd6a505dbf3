import type { BatchProgress, DeviceSummary, StationEvent } from '../api/index.js';

export interface NativeNotice {
  title: string;
  body: string;
  urgent: boolean;
}

/** More errors than this in one update are summed up in one notification instead of a flood. */
const MAX_SINGLE = 3;

/**
 * Decides which station events deserve a native notification: a batch that just finished, a
 * device that just went into error (once per error), and error notices. Pure, so it is tested
 * without Electron.
 */
export class NotificationPolicy {
  private readonly finished = new Set<string>();
  private readonly inError = new Map<string, string>();

  decide(event: StationEvent): NativeNotice[] {
    switch (event.type) {
      case 'batch':
        return this.batch(event.progress);
      case 'devices':
        return this.devices(event.devices);
      case 'device-removed':
        this.inError.delete(event.udid);
        return [];
      case 'notice':
        return event.level === 'error' ? [{ title: 'Cartwright', body: event.error?.remedy ? `${event.message} ${event.error.remedy}` : event.message, urgent: true }] : [];
      case 'pick':
        // The kiosk screen shows its own pick; a desktop notice would tell the whole room.
        return [];
      case 'cart':
      case 'job':
        // A step's progress is on the tile; the batch's end is notified once, above.
        return [];
    }
  }

  private batch(p: BatchProgress): NativeNotice[] {
    const done = p.queued + p.running + p.paused === 0;
    if (!done || this.finished.has(p.batchId)) return [];
    this.finished.add(p.batchId);
    const parts = [`${p.succeeded} ready`];
    if (p.failed) parts.push(`${p.failed} failed`);
    if (p.cancelled) parts.push(`${p.cancelled} cancelled`);
    return [{ title: `${p.blueprint} finished`, body: `${parts.join(', ')} of ${p.total}.`, urgent: p.failed > 0 }];
  }

  private devices(devices: DeviceSummary[]): NativeNotice[] {
    const fresh: DeviceSummary[] = [];
    for (const d of devices) {
      const key = d.state === 'error' && d.error ? `${d.error.code}:${d.error.message}` : null;
      if (key === null) {
        this.inError.delete(d.udid);
        continue;
      }
      if (this.inError.get(d.udid) !== key) fresh.push(d);
      this.inError.set(d.udid, key);
    }
    if (fresh.length > MAX_SINGLE) {
      return [{ title: `${fresh.length} devices need attention`, body: 'Open Cartwright to see each error and what to do.', urgent: true }];
    }
    return fresh.map((d) => ({
      title: `${d.slot !== null ? `Slot ${d.slot}` : (d.name ?? 'A device')}: ${d.error?.message ?? 'error'}`,
      body: d.error?.remedy ?? '',
      urgent: true,
    }));
  }
}
