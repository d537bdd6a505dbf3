import { z } from 'zod';
import type { ReturnPolicy } from '../../api/flows.js';
import { isActivated } from '../../device/services/activation.js';
import { errorInfo } from '../../staging/error-info.js';
import { inspectProfile, EnrollmentProfileStore } from '../../profiles/index.js';
import type { JsonValue } from '../../store/json.js';
import { flowAudit } from '../common.js';
import { loadFlowSettings } from '../settings.js';
import { startFlowBatch, type BatchParts } from '../batches.js';
import type { StationParts } from '../parts.js';

export type ReturnParts = BatchParts & Pick<StationParts, 'layer' | 'emit'>;

const KEY = 'flows.returns';
const ACTIVATION_POLL_MS = 1_000;
const ACTIVATION_WAIT_MS = 30 * 60_000;

/** What is still to do for a returned device, kept across restarts. */
const Pending = z.record(z.string(), z.object({ policy: z.enum(['remove-profiles', 'erase']), blueprint: z.string().nullable(), phase: z.enum(['due', 'erased']) }));
type Pending = z.infer<typeof Pending>;

/**
 * The return policy of a checked-in device: keep it as it is, remove the profiles its user added,
 * or erase it and stage it again (Return to Service). An erased device comes back unactivated; the
 * station waits for activation (RTS's Wi-Fi, or a technician), then re-stages it with its blueprint.
 * A policy whose device is away (checked in by hand) is applied when the device is next seen.
 */
export class ReturnService {
  private readonly waiting = new Set<string>();
  private closed = false;

  constructor(private readonly station: ReturnParts) {}

  isRestaging(udid: string): boolean {
    return this.pending()[udid]?.policy === 'erase';
  }

  /** Applies the policy now (device on the cart) or records it for the device's next attach. */
  async apply(udid: string, policy: ReturnPolicy): Promise<string> {
    const threshold = `once its battery is charged`;
    if (policy === 'keep') return `kept as it is; available again ${threshold}`;
    const blueprint = policy === 'erase' ? this.restageBlueprint(udid) : null;
    if (policy === 'erase' && !blueprint) {
      flowAudit(this.station, 'flow.return.skipped', udid, { policy, reason: 'no blueprint to re-stage with' });
      return 'kept as it is: no blueprint is known to re-stage it with (set multiUserBlueprint in the flow settings)';
    }
    this.save(udid, { policy, blueprint, phase: 'due' });
    if (policy === 'erase') this.station.store.devices.setLastJobState(udid, null);
    if (!this.station.layer.watcher.isAttached(udid)) {
      return policy === 'erase' ? 'will be erased and re-staged when it is next on the cart' : 'its user\'s profiles are removed when it is next on the cart';
    }
    await this.run(udid);
    return policy === 'erase' ? 'erasing; re-staged automatically (Return to Service), available again once staged and charged' : `user profiles removed; available again ${threshold}`;
  }

  /** A device attached: carry on with whatever its return still needs. */
  onAttached(udid: string): void {
    if (this.pending()[udid]) void this.run(udid).catch(() => undefined);
  }

  close(): void {
    this.closed = true;
  }

  private async run(udid: string): Promise<void> {
    const entry = this.pending()[udid];
    if (!entry || this.waiting.has(udid)) return;
    this.waiting.add(udid);
    try {
      if (entry.policy === 'remove-profiles') {
        await this.removeUserProfiles(udid);
        this.save(udid, null);
      } else if (entry.phase === 'due') {
        // Recorded before the erase is sent: the device may restart before the call even returns.
        this.save(udid, { ...entry, phase: 'erased' });
        this.station.registry.update(udid, { holder: null });
        this.station.registry.note(udid, { code: 'return-erasing', state: 'staging', detail: 'Return to Service: erasing' });
        flowAudit(this.station, 'flow.rts.erase', udid, { blueprint: entry.blueprint });
        await this.station.layer.withMcInstall(udid, (mc) => mc.eraseDevice());
      } else {
        await this.restage(udid, entry.blueprint ?? '');
      }
    } catch (e) {
      const info = errorInfo(e);
      // An erase restarts the device: the call losing its connection is the erase working.
      if (entry.policy === 'erase' && !this.station.layer.watcher.isAttached(udid)) return;
      flowAudit(this.station, 'flow.return.failed', udid, { policy: entry.policy, code: info.code, message: info.message });
      if (info.code !== 'DEVICE_GONE') this.station.emit({ type: 'notice', level: 'warning', message: `Returning ${this.station.registry.get(udid)?.name ?? udid} did not finish: ${info.message}` });
    } finally {
      this.waiting.delete(udid);
    }
  }

  private async restage(udid: string, blueprint: string): Promise<void> {
    const deadline = Date.now() + ACTIVATION_WAIT_MS;
    for (;;) {
      if (this.closed || !this.station.layer.watcher.isAttached(udid)) return;
      const state = await this.station.layer.activationState(udid).catch(() => null);
      if (state && isActivated(state)) break;
      if (Date.now() > deadline) throw Object.assign(new Error('The erased device was not activated within 30 minutes.'), { code: 'NOT_ACTIVATED' });
      this.station.registry.note(udid, { code: 'return-activating', state: 'needs-activation', detail: 'Return to Service: waiting for activation (Wi-Fi)' });
      await new Promise((r) => setTimeout(r, ACTIVATION_POLL_MS).unref());
    }
    // Activated: the staging job's own progress shows from here.
    this.station.registry.note(udid, null);
    const { batchId } = startFlowBatch(this.station, 'multi-user', blueprint, [{ udid }], 'return-to-service');
    this.save(udid, null);
    flowAudit(this.station, 'flow.rts.restage', udid, { batchId, blueprint });
  }

  /** Removes every profile the station did not install: what the last user added goes, the staging stays. */
  private async removeUserProfiles(udid: string): Promise<void> {
    const ours = this.stationProfiles(udid);
    const removed: string[] = [];
    await this.station.layer.withMcInstall(udid, async (mc) => {
      for (const p of await mc.getProfileList()) {
        if (ours.has(p.identifier)) continue;
        await mc.removeProfile(p.identifier);
        removed.push(p.identifier);
      }
    });
    flowAudit(this.station, 'flow.return.profiles-removed', udid, { removed });
  }

  private stationProfiles(udid: string): Set<string> {
    const ids = new Set<string>();
    const job = this.station.store.jobs.journal(udid, 5).find((j) => j.state === 'succeeded');
    if (!job) return ids;
    const blueprint = this.station.blueprint(job.blueprintName, job.blueprintVersion);
    const add = (data: string | Buffer) => {
      try {
        const p = inspectProfile(typeof data === 'string' ? Buffer.from(data, 'base64') : data);
        if (p.identifier) ids.add(p.identifier);
      } catch {
        // an unreadable embedded profile was never installed either
      }
    };
    for (const step of blueprint.steps) {
      if (step.type === 'install-profiles') step.profiles.forEach((p) => add(p.data));
      if (step.type === 'enroll') {
        if ('data' in step.profile) add(step.profile.data);
        else {
          try {
            add(new EnrollmentProfileStore(this.station.config.dataDir).load().bytes);
          } catch {
            // no stored enrollment profile: nothing of ours to keep
          }
        }
      }
    }
    return ids;
  }

  private restageBlueprint(udid: string): string | null {
    const configured = loadFlowSettings(this.station.store).multiUserBlueprint;
    if (configured) return configured;
    return this.station.store.jobs.journal(udid, 10).find((j) => j.state === 'succeeded')?.blueprintName ?? null;
  }

  private pending(): Pending {
    const parsed = Pending.safeParse(this.station.store.settings.get(KEY) ?? {});
    return parsed.success ? parsed.data : {};
  }

  private save(udid: string, entry: Pending[string] | null): void {
    const all = this.pending();
    if (entry) all[udid] = entry;
    else delete all[udid];
    this.station.store.settings.set(KEY, all as unknown as JsonValue);
  }
}
