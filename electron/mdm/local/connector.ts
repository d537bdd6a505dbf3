import type { Store, User } from '../../store/index.js';
import type { MdmConnector, StagedReport } from '../connector.js';
import { MdmError, NotSupportedError } from '../errors.js';
import type {
  AdeFacts,
  CallContext,
  CallOutcome,
  CheckOutRequest,
  ConnectionReport,
  EnrollmentInfo,
  LostModeNotice,
  MdmDevice,
  MdmUser,
  RegisterDeviceRequest,
  Support,
  VppFacts,
  WipeKind,
} from '../types.js';

const NO_LOST_MODE =
  'The local directory cannot lock a device: it has no MDM channel to it. The device is marked lost on the station; turn on lost mode from your MDM (or Find My) if you have one.';

const RECORDED: CallOutcome = { status: 'already', detail: 'recorded in the station database with the outbox message' };

/**
 * The embedded directory: users, assignments and check-outs live in the station's SQLite, so a
 * station with no remote MDM works fully for check-in/check-out. MdmActions writes the local
 * change in the same transaction as the outbox message, so a delivery from the outbox (it carries
 * an idempotency key) only confirms it: replaying a check-out after its check-in must not reopen it.
 */
export class LocalConnector implements MdmConnector {
  readonly kind = 'local' as const;

  constructor(private readonly store: Store) {}

  async testConnection(): Promise<ConnectionReport> {
    const users = this.store.users.list().length;
    return { ok: true, connector: this.kind, checks: [{ name: 'directory', ok: true, detail: `local directory with ${users} user${users === 1 ? '' : 's'}` }] };
  }

  async searchUsers(query: string): Promise<MdmUser[]> {
    return this.store.users.search(query).map(toMdmUser);
  }

  async getUser(id: string): Promise<MdmUser | undefined> {
    const user = this.store.users.get(id);
    return user && toMdmUser(user);
  }

  async listUsers(): Promise<MdmUser[]> {
    return this.store.users.list('local').map(toMdmUser);
  }

  async getDeviceBySerial(serial: string): Promise<MdmDevice | undefined> {
    const device = this.store.devices.getBySerial(serial.trim().toUpperCase()) ?? this.store.devices.getBySerial(serial.trim());
    if (!device || !device.serial) return undefined;
    const out = this.store.checkouts.activeForDevice(device.udid);
    const owner = out?.userId ?? this.store.assignments.current({ udid: device.udid })?.userId ?? null;
    const user = owner ? this.store.users.get(owner) : undefined;
    return {
      id: device.udid,
      serial: device.serial,
      udid: device.udid,
      imei: device.imei,
      name: device.name,
      username: user?.username ?? user?.name ?? owner,
      userId: owner,
      enrollment: 'enrolled',
      enrollmentStatus: 'local',
      supervised: device.supervised,
      enrolledViaAde: null,
      group: null,
      tags: [],
    };
  }

  async registerDevice(request: RegisterDeviceRequest, ctx: CallContext = {}): Promise<CallOutcome> {
    if (ctx.idempotencyKey) return RECORDED;
    this.requireUser(request.userId);
    const current = this.store.assignments.current({ serial: request.serial });
    if (current?.userId === request.userId && current.kind === 'registration') return { status: 'already' };
    this.store.assignments.assign({ serial: request.serial }, request.userId, 'registration');
    return { status: 'applied' };
  }

  async checkOut(request: CheckOutRequest, ctx: CallContext = {}): Promise<CallOutcome> {
    if (ctx.idempotencyKey) return RECORDED;
    this.requireUser(request.userId);
    const udid = this.udidOf(request.serial);
    const active = this.store.checkouts.activeForDevice(udid);
    if (active?.userId === request.userId) return { status: 'already' };
    if (active) throw new MdmError('CONFLICT', `Device ${request.serial} is checked out to ${active.userId}`, { retryable: false });
    this.store.checkouts.checkOut({ udid, userId: request.userId });
    return { status: 'applied' };
  }

  async checkIn(serial: string, ctx: CallContext = {}): Promise<CallOutcome> {
    if (ctx.idempotencyKey) return RECORDED;
    const udid = this.udidOf(serial);
    return this.store.checkouts.checkIn(udid) ? { status: 'applied' } : { status: 'already' };
  }

  async wipe(_serial: string, _kind: WipeKind): Promise<CallOutcome> {
    throw new NotSupportedError(this.kind, 'wipe', 'The local directory cannot wipe devices remotely: erase the device on the cart with a blueprint that has an "erase" step.');
  }

  async moveDevice(_serial?: string, _group?: string): Promise<CallOutcome> {
    throw new NotSupportedError(this.kind, 'moveDevice', 'The local directory has no organization groups or networks to move a device to.');
  }

  async reportStaged(report: StagedReport): Promise<CallOutcome> {
    // The staging journal is the local record; there is nothing further to tell.
    return { status: 'already', detail: `staged ${report.serial ?? report.udid} recorded in the station's journal` };
  }

  lostModeSupport(): Support {
    return { supported: false, reason: NO_LOST_MODE };
  }

  async enableLostMode(_serial: string, _notice: LostModeNotice): Promise<CallOutcome> {
    throw new NotSupportedError(this.kind, 'enableLostMode', NO_LOST_MODE);
  }

  async disableLostMode(_serial: string): Promise<CallOutcome> {
    throw new NotSupportedError(this.kind, 'disableLostMode', NO_LOST_MODE);
  }

  async enrollmentInfo(_userId?: string): Promise<EnrollmentInfo> {
    throw new NotSupportedError(this.kind, 'enrollmentInfo', 'The local directory is not an MDM: import an enrollment profile from your MDM (cartwright enroll-profile import) instead.');
  }

  async adeFacts(_serial?: string): Promise<AdeFacts> {
    throw new NotSupportedError(this.kind, 'adeFacts', 'The local directory knows nothing about ADE: compare an Apple Business Manager export with `cartwright ade reconcile`.');
  }

  async vppFacts(_signal?: AbortSignal): Promise<VppFacts> {
    throw new NotSupportedError(this.kind, 'vppFacts', 'The local directory holds no VPP licences: licences are managed by an MDM with the content token.');
  }

  private requireUser(id: string): User {
    const user = this.store.users.get(id);
    if (!user) throw new MdmError('NOT_FOUND', `No user ${id} in the local directory`, { retryable: false });
    return user;
  }

  private udidOf(serial: string): string {
    const device = this.store.devices.getBySerial(serial.trim().toUpperCase()) ?? this.store.devices.getBySerial(serial.trim());
    if (!device) throw new MdmError('NOT_FOUND', `The station has never seen a device with serial number ${serial}`, { retryable: false });
    return device.udid;
  }
}

function toMdmUser(u: User): MdmUser {
  // The station keeps only a digest of the badge (store/badge-digest.ts): no number to report, and a
  // refresh keeps the cached digest when the directory names none.
  return { id: u.id, username: u.username, name: u.name, email: u.email, badge: null, groups: u.groups };
}
