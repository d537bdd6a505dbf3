import { join } from 'node:path';
import { saveMdmConfig } from '../../../electron/mdm/settings.js';
import { hashPin } from '../../../electron/mdm/local/pin.js';
import { secretBoxFrom } from '../../../electron/store/secret-box.js';
import { prepareBlueprint } from '../../../electron/staging/prepare.js';
import { Station } from '../../../electron/station/station.js';
import { stationInternals } from '../../../electron/station/station-internals.js';
import type { DeviceRegistry } from '../../../electron/station/registry.js';
import type { Store } from '../../../electron/store/store.js';
import type { FlowName } from '../../../electron/api/flows.js';
import { eventually } from '../../helpers/cart-daemon.js';
import { FakeWs1 } from '../../helpers/fake-ws1.js';
import { ENROLL_PROFILE, StationHarness } from '../staging/harness.js';
import { readFileSync } from 'node:fs';

export const BLUEPRINT = 'Flows';
export const STAGING_USER_ID = 99;

/** Local users with badges and PINs (hashing is slow on purpose, so one hash serves everyone). */
const PIN = '2468';
let pinHash: string | undefined;
export const userPin = () => PIN;

export interface UserSpec {
  id: string;
  name: string;
  username: string;
  badge: string;
  groups?: string[];
}

export function users(n: number, prefix = 'u'): UserSpec[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i + 1}`, name: `Person ${i + 1}`, username: `${prefix}${i + 1}`, badge: `B${prefix.toUpperCase()}${String(i + 1).padStart(4, '0')}` }));
}

/**
 * A virtual cart (its own process), a calibrated cart layout and a supervision identity, with the
 * station opened in this process — so hundreds of check-outs cost function calls, not CLI spawns.
 */
export class FlowHarness {
  readonly h: StationHarness;
  station!: Station;
  ws1: FakeWs1 | null = null;

  constructor(devices: number, seed: string) {
    this.h = new StationHarness({ devices, seed: `${seed}-${Date.now()}` });
  }

  get cart() {
    return this.h.cart;
  }

  /** The open station's real SQLite store (test-only): seeded by the harness, read by the checks. */
  get store(): Store {
    return stationInternals(this.station).store;
  }

  /** The open station's device registry (test-only), behind the tiles the screens show. */
  get registry(): DeviceRegistry {
    return stationInternals(this.station).registry;
  }

  async start(options: { rows: number; columns: number; mdm: 'local' | 'ws1' }): Promise<void> {
    await this.h.start(options.rows, options.columns);
    Object.assign(process.env, this.h.env);
    if (options.mdm === 'ws1') {
      this.ws1 = new FakeWs1();
      this.ws1.addUser({ id: STAGING_USER_ID, username: 'staging', stagingType: 'MultipleUserStaging' });
      this.ws1.addGroup('ACME', 7);
      await this.ws1.up();
    }
    await this.open();
    if (this.ws1) {
      saveMdmConfig(this.store, { kind: 'workspace-one', url: this.ws1.url, username: 'api', password: 'pw', tenantCode: 'TENANT', og: 'ACME', stagingUser: 'staging' }, () => secretBoxFrom());
      // The outbox worker was built with the connector of the time: reopen with the WS1 one.
      await this.reopen();
    }
    await this.station.handlers['blueprints.save']({
      body: prepareBlueprint({
        name: BLUEPRINT,
        nameTemplate: 'Cart A-{slot:2}',
        enrollProfile: { name: 'mdm.mobileconfig', data: readFileSync(ENROLL_PROFILE).toString('base64') },
        enrollMode: 'install',
      }),
    });
  }

  async open(): Promise<void> {
    this.station = await Station.open({
      dataDir: join(this.h.dir, 'data'),
      identity: { kind: 'pkcs12', file: this.h.p12, password: 'pw' },
      trustTimeoutMs: 30_000,
      source: 'api',
      concurrency: 8,
      storeOptions: { outboxBackoff: { baseDelayMs: 20, maxDelayMs: 300, maxAttempts: null, jitterRatio: 0.2, random: Math.random } },
      outbox: { idleMs: 100, outagePauseMinMs: 20, outagePauseMaxMs: 300 },
      flows: { batteryRefreshMs: 2_000, overdueCheckMs: 5_000 },
    });
    await this.station.ready();
    this.station.activateFlows();
  }

  async reopen(): Promise<void> {
    await this.station.close();
    await this.open();
  }

  /**
   * Local directory users (with badge and PIN) — or, with WS1, users the MDM knows, cached by a
   * sync, whose badges and PINs are then handed out at the station (the MDM carries neither).
   * Later syncs keep them.
   */
  async addUsers(list: UserSpec[]): Promise<void> {
    pinHash ??= hashPin(PIN);
    if (this.ws1) {
      list.forEach((u, i) => this.ws1!.addUser({ id: 1000 + i, username: u.username, name: u.name, ...(u.groups?.[0] ? { group: u.groups[0] } : {}) }));
      await this.sync();
      const users = this.store.users;
      this.store.transaction(() => list.forEach((u, i) => users.upsert({ ...users.get(String(1000 + i))!, badge: u.badge, pinHash: pinHash! })));
      return;
    }
    this.store.users.upsertMany(list.map((u) => ({ id: u.id, name: u.name, username: u.username, badge: u.badge, pinHash: pinHash!, groups: u.groups ?? [], source: 'local' as const })));
  }

  /** flows.sync: with WS1 it refreshes the cached directory from the MDM. */
  async sync(): Promise<Awaited<ReturnType<Station['handlers']['flows.sync']>>> {
    return this.station.handlers['flows.sync']({});
  }

  userId(spec: UserSpec, index: number): string {
    return this.ws1 ? String(1000 + index) : spec.id;
  }

  async stage(flow: FlowName, targets: 'all' | { udid: string; user?: string }[], timeoutMs = 240_000): Promise<string[]> {
    const { jobIds } = await this.station.handlers['flows.stage']({ flow, blueprint: BLUEPRINT, targets });
    await this.jobsDone(jobIds, timeoutMs);
    return jobIds;
  }

  async jobsDone(jobIds: string[], timeoutMs = 240_000): Promise<void> {
    await eventually(() => jobIds.every((id) => ['succeeded', 'failed', 'cancelled'].includes(this.store.jobs.get(id)?.state ?? '')), timeoutMs, 200);
  }

  /** The fake WS1 learns of devices once they enrolled (after staging), under the staging user. */
  enrollInWs1(serials: string[]): void {
    for (const s of serials) if (!this.ws1!.devices.has(s)) this.ws1!.addDevice(s, STAGING_USER_ID, 7);
  }

  async dispose(): Promise<void> {
    await this.station?.close();
    await this.ws1?.down();
    await this.h.dispose();
  }
}

export { eventually };
