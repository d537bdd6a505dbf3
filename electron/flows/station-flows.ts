import { randomBytes } from 'node:crypto';
import type { DeviceSummary } from '../api/device.js';
import type { FlowDeviceStatus, FlowSettings, FlowSettingsChange } from '../api/flows.js';
import type { ConnectedDevice } from '../device/watcher.js';
import { enrollmentIdFor, FlowError } from './index.js';
import type { StagingEvent } from '../staging/events.js';
import { checkoutView, flowAudit } from './common.js';
import { FlowDirectory } from './directory/service.js';
import { MultiUserFlow } from './multi-user/service.js';
import { ReturnService } from './return/service.js';
import { loadFlowSettings, saveFlowSettings } from './settings.js';
import { SingleUserFlows } from './single-user/service.js';
import { flowOf } from './batches.js';
import type { StationParts } from './parts.js';

/** What the flows are built from: the station's parts, never the station itself. */
export type FlowParts = Pick<StationParts, 'config' | 'store' | 'registry' | 'layer' | 'cart' | 'runner' | 'emit' | 'audit' | 'wakeOutbox' | 'mdm' | 'blueprint' | 'batteries' | 'requestAudit' | 'batchReadiness'>;

export interface FlowsOptions {
  /** How often idle pool devices have their battery re-read (default 30 s). */
  batteryRefreshMs?: number;
  /** How often check-outs past due are flagged (default 60 s). */
  overdueCheckMs?: number;
}

const SALT_KEY = 'flows.enrollmentSalt';

/**
 * The staging flows on the live station: Single User Standard/Advanced, Multi User check-out and
 * check-in, User Enrollment recognition. Device events reach the flows only once a host activates
 * them (serve, the Electron shell, `checkout --wait`): a one-shot command that only looks at the
 * cart never checks a device in by accident.
 */
export class StationFlows {
  readonly directory: FlowDirectory;
  readonly returns: ReturnService;
  readonly multi: MultiUserFlow;
  readonly single: SingleUserFlows;
  private active = false;
  private timers: NodeJS.Timeout[] = [];
  private sweeping = false;

  constructor(
    private readonly station: FlowParts,
    private readonly options: FlowsOptions = {},
  ) {
    this.directory = new FlowDirectory(station.store, () => station.mdm());
    this.returns = new ReturnService(station);
    this.multi = new MultiUserFlow(station, this.returns, () => this.settings());
    this.single = new SingleUserFlows(station, this.directory, this);
  }

  settings(): FlowSettings {
    return loadFlowSettings(this.station.store);
  }

  changeSettings(change: FlowSettingsChange): FlowSettings {
    const next = saveFlowSettings(this.station.store, change);
    flowAudit(this.station, 'flow.settings', null, change);
    return next;
  }

  get isActive(): boolean {
    return this.active;
  }

  activate(): void {
    if (this.active) return;
    this.active = true;
    const battery = setInterval(() => void this.sweep(), this.options.batteryRefreshMs ?? 30_000);
    const overdue = setInterval(() => this.multi.markOverdue(), this.options.overdueCheckMs ?? 60_000);
    battery.unref();
    overdue.unref();
    this.timers.push(battery, overdue);
    this.multi.markOverdue();
    // A device returned while the station was off is still checked out: say so rather than guess.
    const stillOut = this.station.layer.watcher.list().filter((d) => this.station.store.checkouts.activeForDevice(d.udid));
    if (stillOut.length) {
      this.station.emit({ type: 'notice', level: 'warning', message: `${stillOut.length} device(s) on the cart are still checked out: check them in (cartwright checkin UDID) or unplug and plug them back in.` });
    }
    for (const d of this.station.layer.watcher.list()) this.returns.onAttached(d.udid);
  }

  /** After the station read a newly attached device. */
  afterAttach(d: ConnectedDevice): void {
    this.recogniseUserEnrollment(d.udid);
    this.single.decorate(d.udid);
    if (!this.active) return;
    this.multi.onAttach(d.udid);
    this.returns.onAttached(d.udid);
  }

  onDetach(d: ConnectedDevice, before: DeviceSummary | undefined): void {
    if (this.active) this.multi.onDetach(d.udid, before);
    this.multi.pool.forget(d.udid);
  }

  onStaging(e: StagingEvent): void {
    if (e.type === 'device-facts' && e.facts.enrollmentType === 'user') this.recogniseUserEnrollment(e.udid);
    this.single.onStaging(e);
  }

  status(udid?: string): FlowDeviceStatus[] {
    const s = this.station;
    const devices = udid ? [s.store.devices.get(udid) ?? notFound(udid)] : s.store.devices.list();
    return devices.map((d) => {
      const a = d.enrollmentType === 'user' ? undefined : s.store.assignments.current({ udid: d.udid, serial: d.serial });
      const c = s.store.checkouts.activeForDevice(d.udid);
      const flow = flowOf(s, d.udid);
      const who = a ? (s.store.users.get(a.userId)?.name ?? a.userId) : null;
      const status =
        d.enrollmentType === 'user'
          ? 'personal device (User Enrollment): not staged'
          : c
            ? `checked out to ${s.store.users.get(c.userId)?.name ?? c.userId} (${c.state})`
            : a?.kind === 'staging'
              ? 'staged – awaiting first user'
              : a?.kind === 'first-user'
                ? `assigned to its first user, ${who}`
                : a?.kind === 'registration'
                  ? `registered to ${who} – awaiting hand-off`
                  : d.lastJobState === 'succeeded'
                    ? 'staged'
                    : d.lastJobState ?? 'not staged';
      return {
        udid: d.udid,
        flow,
        status,
        assignment: a ? { kind: a.kind, userId: a.userId, userName: s.store.users.get(a.userId)?.name ?? null, since: a.createdAt } : null,
        checkout: c ? checkoutView(s, c) : null,
        enrollmentId: d.enrollmentId,
      };
    });
  }

  /** A User Enrollment device was unenrolled: forget it entirely (its jobs go with it). */
  unenroll(enrollmentId: string): boolean {
    const device = this.station.store.devices.getByEnrollmentId(enrollmentId);
    if (!device) return false;
    const deleted = this.station.store.devices.delete(device.udid);
    if (!deleted) return false;
    flowAudit(this.station, 'flow.user-enrollment.forgotten', null, { enrollmentId });
    // Off the cart, its tile goes too; a device still plugged in stays on screen as what it is.
    if (!this.station.layer.watcher.isAttached(device.udid)) this.station.registry.remove(device.udid);
    return true;
  }

  close(): void {
    this.timers.forEach((t) => clearInterval(t));
    this.timers = [];
    this.multi.close();
    this.returns.close();
  }

  private recogniseUserEnrollment(udid: string): void {
    const s = this.station;
    const stored = s.store.devices.get(udid);
    const live = s.registry.get(udid);
    if (stored?.enrollmentType !== 'user' && live?.enrollmentType !== 'user') return;
    if (!stored?.enrollmentId) {
      const enrollmentId = enrollmentIdFor(udid, this.salt());
      // The repository drops serial and IMEI for User Enrollment rows: only the Enrollment ID stays.
      s.store.devices.upsert({ udid, enrollmentType: 'user', enrollmentId });
      flowAudit(s, 'flow.user-enrollment', null, { enrollmentId, refused: 'supervision', reason: 'personally owned device in User Enrollment' });
    }
    s.registry.update(udid, { serial: null, imei: null });
    s.registry.note(udid, {
      code: 'user-enrollment',
      state: 'error',
      detail: 'Personal device (User Enrollment): not staged',
      error: { code: 'USER_ENROLLMENT', message: 'This is a personally owned device in User Enrollment; it cannot be supervised.', remedy: 'Leave personal devices out of staging: unplug it.' },
    });
  }

  private salt(): string {
    const existing = this.station.store.settings.get(SALT_KEY);
    if (typeof existing === 'string') return existing;
    const salt = randomBytes(16).toString('hex');
    this.station.store.settings.set(SALT_KEY, salt);
    return salt;
  }

  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      await this.multi.pool.refreshStalest(4);
    } finally {
      this.sweeping = false;
    }
  }
}

function notFound(udid: string): never {
  throw new FlowError('NOT_FOUND', `No device ${udid} is known to this station.`, 'Check the UDID (cartwright devices).');
}
