import type { DeviceSummary, StationEvent } from '../api/index.js';
import type { ApiError } from '../api/errors.js';
import { errorInfo } from '../staging/error-info.js';
import type { StagingEvent } from '../staging/events.js';
import type { DeviceFacts } from '../staging/device-port.js';
import { summaryFacts } from './device-records.js';
import type { FlowNote, PickTile } from '../api/tile-inputs.js';
import { INITIAL_PRESENCE, deriveTile, type CheckoutTile, type JobTile, type Presence } from './tiles/derive-tile.js';

const COALESCE_MS = 50;

/** What callers may set directly: facts and placement. The tile's state is derived (see deriveTile). */
export type FactsChange = Partial<Omit<DeviceSummary, 'udid' | 'connected' | 'state' | 'stateDetail' | 'error' | 'progress' | 'step' | 'code'>>;

interface Entry {
  facts: Omit<DeviceSummary, 'connected' | 'state' | 'stateDetail' | 'error' | 'progress' | 'step' | 'code'>;
  /** The whole facts of the last read (installed profiles included); null until a paired read. */
  read: DeviceFacts | null;
  presence: Presence;
  job: JobTile | null;
  checkout: CheckoutTile | null;
  pick: PickTile | null;
  note: FlowNote | null;
}

/**
 * The station's live view of every device it knows: identity facts, where it is plugged, and the
 * inputs its tile is derived from. Changes are coalesced (~50 ms) into one `devices` event, so 100
 * devices updating several times a second cost the screens a few messages, not hundreds.
 */
export class DeviceRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly emit: (e: StationEvent) => void) {}

  get(udid: string): DeviceSummary | undefined {
    const e = this.entries.get(udid);
    return e ? summaryOf(udid, e) : undefined;
  }

  /** One fact (slot, serial…) without deriving the tile: the runner and the audit log ask at every step of every device. */
  fact<K extends keyof Entry['facts']>(udid: string, key: K): Entry['facts'][K] | undefined {
    return this.entries.get(udid)?.facts[key];
  }

  list(): DeviceSummary[] {
    return [...this.entries.keys()].map((u) => this.get(u)!).sort((a, b) => (a.slot ?? 1e9) - (b.slot ?? 1e9) || a.udid.localeCompare(b.udid));
  }

  connectedUdids(): string[] {
    return this.list().filter((d) => d.connected).map((d) => d.udid);
  }

  /** The configuration profiles the device last reported (empty until it was read paired). */
  profiles(udid: string): DeviceFacts['profiles'] {
    return this.entries.get(udid)?.read?.profiles ?? [];
  }

  /**
   * The station forgets a device that is not on the cart (an unenrolled User Enrollment device):
   * its tile goes, and the screens hear `device-removed` at once rather than a last coalesced update.
   */
  remove(udid: string): boolean {
    if (!this.entries.delete(udid)) return false;
    this.dirty.delete(udid);
    this.emit({ type: 'device-removed', udid });
    return true;
  }

  /** Merge facts or placement into a device (creating it on first sight). */
  update(udid: string, change: FactsChange): DeviceSummary {
    this.change(udid, (e) => void Object.assign(e.facts, change));
    return this.get(udid)!;
  }

  applyFacts(f: DeviceFacts, paired: boolean): void {
    this.change(f.udid, (e) => {
      Object.assign(e.facts, summaryFacts(f), { paired });
      e.read = f;
    });
  }

  // Presence: the watcher and the identity read.
  attached(udid: string, where: { slot: number | null; portId: string | null }): void {
    this.change(udid, (e) => {
      Object.assign(e.facts, where);
      // A device plugged (back) in starts afresh: the runner re-announces a job it resumes.
      e.presence = { ...e.presence, connected: true, reading: 'reading', readError: null, trustPending: null };
      e.job = null;
      e.note = null;
    });
  }

  detached(udid: string): void {
    this.change(udid, (e) => {
      e.presence = { ...e.presence, connected: false, trustPending: null };
      e.note = null;
    });
  }

  /** Its identity is read again (after pairing): the tile shows connecting until `identified`. */
  reading(udid: string): void {
    this.change(udid, (e) => void (e.presence = { ...e.presence, reading: 'reading', readError: null, trustPending: null }));
  }

  identified(udid: string, resting: 'ready' | 'idle'): void {
    this.change(udid, (e) => void (e.presence = { ...e.presence, reading: 'read', readError: null, resting }));
  }

  readFailed(udid: string, message: string): void {
    this.change(udid, (e) => void (e.presence = { ...e.presence, reading: 'failed', readError: message }));
  }

  /** Pairing outside a job waits for a Trust tap (`instruction` says where); null once answered. */
  trustPending(udid: string, instruction: string | null): void {
    this.change(udid, (e) => void (e.presence = { ...e.presence, trustPending: instruction }));
  }

  // The flows' inputs.
  checkedOut(udid: string, holder: string | null, dueAt: string | null): void {
    this.change(udid, (e) => {
      e.facts.holder = holder;
      e.checkout = { dueAt };
    });
  }

  /** Back with the station: off the cart, the tile reads "Checked in" until the device is plugged. */
  checkedIn(udid: string): void {
    this.change(udid, (e) => {
      e.facts.holder = null;
      e.checkout = null;
      if (!e.presence.connected) e.note = { code: 'checked-in', detail: 'Checked in', state: 'idle' };
    });
  }

  picked(udid: string, pick: PickTile | null): void {
    this.change(udid, (e) => void (e.pick = pick));
  }

  /** A flow's word on the tile (null clears it); see FlowNote. */
  note(udid: string, note: FlowNote | null): void {
    this.change(udid, (e) => void (e.note = note));
  }

  /** What the staging runner says becomes the tile's job input. */
  applyStaging(e: StagingEvent): void {
    switch (e.type) {
      case 'device-facts':
        this.applyFacts(e.facts, true);
        break;
      case 'job-queued':
        this.setJob(e.udid, { phase: 'queued' });
        break;
      case 'step-started':
        this.setJob(e.udid, { phase: 'step', step: e.step, title: e.title ?? e.step, index: e.index, count: e.count, done: false, text: null, trust: false });
        break;
      case 'step-progress':
        this.change(e.udid, (x) => {
          const base = x.job?.phase === 'step' ? x.job : { phase: 'step' as const, step: e.step, title: e.step, index: 0, count: 1, done: false };
          x.job = { ...base, text: e.text, trust: e.waiting === 'trust' };
          x.note = null;
        });
        break;
      case 'step-finished':
        if (e.outcome !== 'failed') this.setJob(e.udid, { phase: 'step', step: e.step, title: this.stepTitle(e.udid, e.step), index: e.index, count: e.count, done: true, text: null, trust: false });
        if (e.step === 'pair' && e.outcome !== 'failed') this.update(e.udid, { paired: true });
        break;
      case 'job-paused':
        this.setJob(e.udid, { phase: 'paused', reason: e.reason, error: toApiError(e.error) });
        break;
      case 'job-held':
        this.setJob(e.udid, { phase: 'held' });
        break;
      case 'job-finished':
        if (e.state === 'succeeded') this.setJob(e.udid, { phase: 'succeeded' });
        else if (e.state === 'cancelled') this.setJob(e.udid, { phase: 'cancelled' });
        else this.setJob(e.udid, { phase: 'failed', error: toApiError(e.error ?? { code: 'INTERNAL', message: 'The job failed.' }) });
        break;
    }
  }

  /** Send pending changes now (tests, shutdown). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.dirty.size === 0) return;
    const devices = [...this.dirty].map((u) => this.get(u)).filter((d): d is DeviceSummary => !!d);
    this.dirty.clear();
    this.emit({ type: 'devices', devices });
  }

  /** The running step's title as step-started named it (step-finished does not repeat it). */
  private stepTitle(udid: string, step: string): string {
    const job = this.entries.get(udid)?.job;
    return job?.phase === 'step' && job.step === step ? job.title : step;
  }

  /** A job's news supersedes a flow's note (Return to Service's "waiting for activation" ends when its re-staging runs). */
  private setJob(udid: string, job: JobTile): void {
    this.change(udid, (e) => {
      e.job = job;
      e.note = null;
    });
  }

  /** The tile is derived once, when the coalesced event is sent, not at every change (several per step). */
  private change(udid: string, apply: (e: Entry) => void): void {
    let entry = this.entries.get(udid);
    if (!entry) this.entries.set(udid, (entry = blank(udid)));
    apply(entry);
    this.markDirty(udid);
  }

  private markDirty(udid: string): void {
    this.dirty.add(udid);
    this.timer ??= setTimeout(() => this.flush(), COALESCE_MS);
  }
}

function summaryOf(udid: string, e: Entry): DeviceSummary {
  const tile = deriveTile(e.presence, e.job, e.checkout, e.pick, e.note);
  return { ...e.facts, udid, connected: e.presence.connected, ...tile };
}

function toApiError(e: { code: string; message: string; remedy?: string }): ApiError {
  const info = errorInfo(e);
  return { code: info.code, message: info.message, ...(info.remedy ? { remedy: info.remedy } : {}) };
}

function blank(udid: string): Entry {
  return {
    facts: {
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
      holder: null,
    },
    read: null,
    presence: { ...INITIAL_PRESENCE },
    job: null,
    checkout: null,
    pick: null,
    note: null,
  };
}
