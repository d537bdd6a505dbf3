import { join } from 'node:path';
import type { FlowName } from '../../api/flows.js';
import type { KioskUser } from '../../api/kiosk.js';
import { MdmActions } from '../../mdm/actions.js';
import { normalSerial } from '../../store/index.js';
import { isSerialNumber } from '../../device/identifiers.js';
import { writeFileInside } from '../../staging/safe-path.js';
import { runSync } from '../../mdm/sync.js';
import { displayUser, findUserRef, FlowError, flowGuidance, handoffRefusal, renderHandoffSheet } from '../index.js';
import type { StagingEvent } from '../../staging/events.js';
import type { User } from '../../store/repos/users-repo.js';
import type { FlowDirectory } from '../directory/service.js';
import { flowAudit, type Actor } from '../common.js';
import { flowOf, startFlowBatch, type BatchParts, type FlowTarget } from '../batches.js';
import type { FlowSettingsAccess } from '../settings.js';
import type { StationParts } from '../parts.js';

export type SingleUserParts = BatchParts & Pick<StationParts, 'emit' | 'mdm' | 'wakeOutbox'>;

export interface StageRequest {
  flow: FlowName;
  blueprint: string;
  targets: 'all' | { udid: string; user?: string | undefined }[];
  user?: string | undefined;
}

/**
 * Single User Standard and Advanced (seeds 003), and the staging entry of every flow.
 * Standard: staged under the staging account, "awaiting first user" until the MDM reassigns it to
 * whoever signs in first (recorded once). Advanced: registered by serial (and IMEI) to a named
 * user through the outbox, staged, and handed only to that user, with a printed sheet.
 */
export class SingleUserFlows {
  private readonly actions: MdmActions;

  constructor(
    private readonly station: SingleUserParts,
    private readonly directory: FlowDirectory,
    private readonly flowSettings: FlowSettingsAccess,
  ) {
    this.actions = new MdmActions(station.store);
  }

  async stage(request: StageRequest, who: Actor): Promise<{ batchId: string; jobIds: string[]; guidance: string[] }> {
    const s = this.station;
    const blueprint = s.blueprint(request.blueprint);
    const listed: { udid: string; user?: string | undefined }[] = request.targets === 'all' ? s.registry.connectedUdids().map((udid) => ({ udid })) : request.targets;
    const targets: FlowTarget[] = [];
    if (request.flow === 'single-user-advanced') {
      for (const t of listed) {
        const ref = t.user ?? request.user;
        if (!ref) throw new FlowError('INVALID_INPUT', `Single User Advanced stages each device for one person: name the user of ${t.udid}.`, 'Pass --user USER (or udid=user pairs).');
        const user = await this.directory.resolve(ref);
        targets.push({ udid: t.udid, user: user.username ?? user.id });
        // Registered before staging when the serial is already known; otherwise as soon as staging reads it.
        const d = s.registry.get(t.udid);
        if (d?.serial && d.enrollmentType === 'device') this.register(t.udid, d.serial, d.imei, d.name, user, who);
      }
    } else if (request.flow === 'single-user-standard') {
      const account = this.flowSettings.settings().stagingUser;
      for (const t of listed) targets.push({ udid: t.udid, user: account });
    } else {
      for (const t of listed) targets.push({ udid: t.udid });
      if (!this.flowSettings.settings().multiUserBlueprint) this.flowSettings.changeSettings({ multiUserBlueprint: request.blueprint });
    }
    const guidance = flowGuidance(request.flow, blueprint);
    const batch = startFlowBatch(s, request.flow, request.blueprint, targets, who.actor);
    flowAudit(s, 'flow.stage', null, { flow: request.flow, batchId: batch.batchId, blueprint: request.blueprint, devices: targets.length, licensing: blueprint.appLicensing, guidance }, who);
    return { ...batch, guidance };
  }

  /** Runner events: Advanced registers once the serial is read; a finished job settles the device's flow state. */
  onStaging(e: StagingEvent): void {
    // Several facts events arrive per device, nearly all from batches of other flows: one lean read
    // of the job's batch flow decides before the job and the device's journal are loaded.
    if (e.type === 'device-facts' && e.facts.serial && e.facts.enrollmentType !== 'user' && this.station.store.jobs.batchFlowOf(e.jobId) === 'single-user-advanced') {
      const params = this.station.store.jobs.get(e.jobId)?.params;
      if (flowOf(this.station, e.udid) === 'single-user-advanced' && typeof params?.user === 'string') {
        const user = findUserRef(this.station.store.users, params.user);
        if (user) this.register(e.udid, e.facts.serial, e.facts.imei, e.facts.name, user, { actor: this.station.config.actor, source: 'system' });
      }
    }
    if (e.type === 'job-finished' && e.state === 'succeeded') this.finished(e.udid);
  }

  /** `cartwright assign`: register a device to a person (Single User Advanced registration). */
  async assign(udid: string, ref: string, who: Actor): Promise<{ udid: string; serial: string; user: KioskUser; queued: boolean }> {
    const d = this.station.registry.get(udid);
    const stored = this.station.store.devices.get(udid);
    const serial = d?.serial ?? stored?.serial ?? null;
    if ((d?.enrollmentType ?? stored?.enrollmentType) === 'user') throw new FlowError('USER_ENROLLMENT', 'This is a personally owned device in User Enrollment: it has no serial number to register.', 'Register company devices only.');
    if (!serial) throw new FlowError('NOT_FOUND', `The serial number of ${udid} is not known yet.`, 'Pair the device first (cartwright pair UDID), then assign it.');
    const user = await this.directory.resolve(ref);
    const queued = this.register(udid, serial, d?.imei ?? stored?.imei ?? null, d?.name ?? stored?.name ?? null, user, who);
    this.decorate(udid);
    return { udid, serial: normalSerial(serial), user: displayUser(user), queued };
  }

  /** Hands the device over only to the person it is registered to; anyone else is refused and audited. */
  handoff(udid: string, presented: User, who: Actor): { udid: string; user: KioskUser; handedOver: true } {
    const registration = this.registration(udid);
    const refusal = handoffRefusal(registration?.userId ?? null, presented);
    if (refusal) {
      flowAudit(this.station, 'flow.handoff.refused', udid, { presentedUserId: presented.id, registeredUserId: registration?.userId ?? null, reason: refusal.message }, who);
      throw refusal;
    }
    flowAudit(this.station, 'flow.handoff', udid, { userId: presented.id }, who);
    this.station.registry.update(udid, { holder: presented.name });
    this.station.registry.note(udid, { code: 'assignment', detail: `Handed to ${presented.name}` });
    return { udid, user: displayUser(presented), handedOver: true };
  }

  async sheet(udid: string): Promise<{ fileName: string; pdf: Buffer }> {
    const s = this.station;
    const registration = this.registration(udid);
    if (!registration) throw new FlowError('NOT_FOUND', `Device ${udid} is not registered to anyone: there is no hand-off sheet to print.`, 'Register it first (cartwright assign UDID --user USER).');
    const d = s.store.devices.get(udid);
    const live = s.registry.get(udid);
    const serial = d?.serial ?? registration.serial;
    if (!serial) throw new FlowError('NOT_FOUND', `The serial number of ${udid} is not known.`, 'Pair the device, then print the sheet.');
    // The sheet is named from the serial: a stored value that is not one (recorded before serials were
    // checked at the device boundary) must not choose where the file goes.
    if (!isSerialNumber(normalSerial(serial))) throw new FlowError('INVALID_INPUT', `The recorded serial number of ${udid} is not a valid serial number.`, 'Re-pair the device so the station reads its serial number again, then print the sheet.');
    const user = s.store.users.get(registration.userId);
    const pdf = await renderHandoffSheet({
      userName: user?.name ?? registration.userId,
      username: user?.username ?? registration.userId,
      deviceName: live?.name ?? d?.name ?? null,
      model: live?.model ?? d?.modelName ?? null,
      serial,
      imei: d?.imei ?? null,
      slot: live?.slot ?? d?.slotNumber ?? null,
      date: new Date(),
      organization: live?.organizationName ?? d?.organizationName ?? null,
    });
    return { fileName: `handoff-${normalSerial(serial)}.pdf`, pdf };
  }

  /** Syncs with the MDM and records each Standard device's first user, exactly once. */
  async sync(): Promise<{ state: string; reassigned: { udid: string; userId: string }[]; errors: string[] }> {
    const s = this.station;
    const run = await runSync(s.store, s.mdm(), { trigger: 'manual' });
    const reassigned: { udid: string; userId: string }[] = [];
    const cache = s.store.mdmDevices;
    const staging = this.flowSettings.settings().stagingUser.toLowerCase();
    for (const d of s.store.devices.list()) {
      if (!d.serial || flowOf(s, d.udid) !== 'single-user-standard') continue;
      const current = s.store.assignments.current({ udid: d.udid, serial: d.serial });
      const seen = cache.get(normalSerial(d.serial));
      const mdmUser = seen?.userId ?? null;
      if (!current || !mdmUser) continue;
      if (current.kind === 'first-user') {
        // runSync recorded it (as mdm.reassigned) in this pass if it was not there before.
        if (current.createdAt >= run.startedAt) reassigned.push({ udid: d.udid, userId: current.userId });
        continue;
      }
      const stagingIds = [current.userId.toLowerCase(), staging];
      if (current.kind !== 'staging' || stagingIds.includes(mdmUser.toLowerCase()) || stagingIds.includes((seen?.username ?? '').toLowerCase())) continue;
      s.store.transaction(() => {
        s.store.assignments.assign({ udid: d.udid, serial: d.serial }, mdmUser, 'first-user');
        flowAudit(s, 'flow.first-user', d.udid, { userId: mdmUser, username: seen?.username ?? null });
      });
      reassigned.push({ udid: d.udid, userId: mdmUser });
      this.decorate(d.udid);
    }
    const stats = run.stats as { errors?: string[] };
    return { state: run.state, reassigned, errors: stats.errors ?? [] };
  }

  /** The tile's words for a personal device: awaiting first user, registered to…, assigned to… */
  decorate(udid: string): void {
    const s = this.station;
    const flow = flowOf(s, udid);
    const stored = s.store.devices.get(udid);
    const a = s.store.assignments.current({ udid, serial: stored?.serial ?? null });
    if (!a || (flow !== 'single-user-standard' && flow !== 'single-user-advanced' && a.kind !== 'registration')) return;
    const name = s.store.users.get(a.userId)?.name ?? a.userId;
    s.registry.update(udid, { holder: a.kind === 'staging' ? null : name });
    const detail = a.kind === 'staging' ? 'Staged – awaiting first user' : a.kind === 'first-user' ? `Assigned to its first user, ${name}` : `Registered to ${name} – awaiting hand-off`;
    s.registry.note(udid, { code: 'assignment', detail });
  }

  registration(udid: string): { userId: string; serial: string | null } | undefined {
    const stored = this.station.store.devices.get(udid);
    const a = this.station.store.assignments.current({ udid, serial: stored?.serial ?? null });
    return a?.kind === 'registration' ? { userId: a.userId, serial: a.serial } : undefined;
  }

  private finished(udid: string): void {
    const s = this.station;
    const flow = flowOf(s, udid);
    const stored = s.store.devices.get(udid);
    if (flow === 'single-user-standard' && stored?.serial) {
      const account = this.flowSettings.settings().stagingUser;
      const id = findUserRef(s.store.users, account)?.id ?? account;
      const current = s.store.assignments.current({ udid, serial: stored.serial });
      if (current?.kind !== 'staging' || current.userId !== id) {
        s.store.assignments.assign({ udid, serial: stored.serial }, id, 'staging');
        flowAudit(s, 'flow.standard.staged', udid, { stagingUser: id, status: 'awaiting first user' });
      }
    }
    if (flow === 'single-user-advanced' && this.registration(udid)) {
      void this.sheet(udid)
        .then(({ fileName, pdf }) => {
          const file = writeFileInside(join(s.config.dataDir, 'handoff'), fileName, pdf);
          flowAudit(s, 'flow.advanced.staged', udid, { sheet: file });
        })
        .catch((e: unknown) => s.emit({ type: 'notice', level: 'warning', message: `The hand-off sheet of ${udid} could not be written: ${(e as Error).message}` }));
    }
    this.decorate(udid);
  }

  /** Queues the registration once (same user, same serial: nothing new); returns whether it queued. */
  private register(udid: string, serial: string, imei: string | null, name: string | null, user: User, who: Actor): boolean {
    const s = this.station;
    const current = s.store.assignments.current({ udid, serial: normalSerial(serial) });
    if (current?.kind === 'registration' && current.userId === user.id) return false;
    s.store.transaction(() => {
      this.actions.registerDevice({ serial, userId: user.id, imei, friendlyName: name });
      flowAudit(s, 'flow.register', udid, { userId: user.id, serial: normalSerial(serial), imei }, who);
    });
    s.wakeOutbox();
    return true;
  }
}
