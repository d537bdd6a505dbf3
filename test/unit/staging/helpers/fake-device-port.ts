import type { DeviceFacts, DevicePort, FactsPart, FactsParts, SupervisorIdentity } from '../../../../electron/staging/device-port.js';
import { StagingError } from '../../../../electron/staging/device-port.js';
import type { ErrorCode } from '../../../../electron/api/errors.js';

/**
 * A device-port fake for the runner's unit tests (the seam between staging and the device layer).
 * The real port is exercised against the virtual cart in the integration tests.
 */
export interface FakeDevice {
  facts: DeviceFacts;
  attached: boolean;
  counters: Record<string, number>;
  stored: Buffer | null;
  adeAssigned?: boolean;
  /** Apple answers activation with its Activation Lock page. */
  activationLocked?: boolean;
  /** An erased device forgets every host: facts() answers NOT_PAIRED until pair(). */
  paired: boolean;
  /** EraseDevice sent, device not back yet. */
  rebooting: boolean;
}

type Method = keyof DevicePort;

export class FakeDevicePort implements DevicePort {
  readonly devices = new Map<string, FakeDevice>();
  private readonly failures: { udid: string; method: Method; code: ErrorCode; times: number }[] = [];
  private readonly hooks: { udid: string; method: Method; fn: () => void }[] = [];
  private readonly attachWaiters = new Map<string, (() => void)[]>();

  add(udid: string, overrides: Partial<DeviceFacts> = {}): FakeDevice {
    const d: FakeDevice = {
      attached: true,
      counters: {},
      stored: null,
      paired: true,
      rebooting: false,
      facts: {
        udid,
        serial: `SER${udid.slice(-6)}`,
        imei: null,
        productType: 'iPad13,18',
        model: 'iPad (10th generation)',
        productVersion: '17.5',
        name: 'iPad',
        activationState: 'Activated',
        battery: 80,
        charging: true,
        setupState: 'in-setup-assistant',
        cloudConfigured: false,
        supervised: false,
        organizationName: null,
        supervisorCertificates: [],
        profiles: [],
        enrollmentType: 'unknown',
        locked: false,
        passcodePresent: null,
        ...overrides,
      },
    };
    this.devices.set(udid, d);
    return d;
  }

  /** The next `times` calls of `method` on `udid` fail with `code`. */
  failNext(udid: string, method: Method, code: ErrorCode, times = 1): void {
    this.failures.push({ udid, method, code, times });
  }

  /** Run `fn` (e.g. an unplug) when `method` is next called on `udid`, before it acts. */
  onCall(udid: string, method: Method, fn: () => void): void {
    this.hooks.push({ udid, method, fn });
  }

  attach(udid: string): void {
    this.get(udid).attached = true;
    this.get(udid).rebooting = false;
    for (const w of this.attachWaiters.get(udid) ?? []) w();
    this.attachWaiters.delete(udid);
  }

  detach(udid: string): void {
    this.get(udid).attached = false;
  }

  private get(udid: string): FakeDevice {
    const d = this.devices.get(udid);
    if (!d) throw new StagingError('NOT_FOUND', `no device ${udid}`);
    return d;
  }

  private async act(udid: string, method: Method, signal?: AbortSignal): Promise<FakeDevice> {
    const hook = this.hooks.findIndex((h) => h.udid === udid && h.method === method);
    if (hook >= 0) this.hooks.splice(hook, 1)[0]?.fn();
    await new Promise((r) => setImmediate(r));
    if (signal?.aborted) throw signal.reason;
    const d = this.get(udid);
    if (!d.attached) throw new StagingError('DEVICE_GONE', 'The device was unplugged.');
    const f = this.failures.find((x) => x.udid === udid && x.method === method && x.times > 0);
    if (f) {
      f.times--;
      throw new StagingError(f.code, `injected ${f.code}`);
    }
    d.counters[method] = (d.counters[method] ?? 0) + 1;
    return d;
  }

  async pair(udid: string, o: { signal?: AbortSignal }): Promise<void> {
    (await this.act(udid, 'pair', o.signal)).paired = true;
  }
  async facts(udid: string, o?: { signal?: AbortSignal }): Promise<DeviceFacts> {
    const d = await this.act(udid, 'facts', o?.signal);
    if (!d.paired) throw new StagingError('NOT_PAIRED', 'The device forgot the pairing.');
    return { ...d.facts, profiles: [...d.facts.profiles], supervisorCertificates: [...d.facts.supervisorCertificates] };
  }
  async refreshFacts<P extends FactsPart>(udid: string, part: P, o?: { signal?: AbortSignal }): Promise<FactsParts[P]> {
    const d = await this.act(udid, 'refreshFacts', o?.signal);
    if (!d.paired) throw new StagingError('NOT_PAIRED', 'The device forgot the pairing.');
    const f = d.facts;
    const parts: FactsParts = {
      activation: { activationState: f.activationState },
      'cloud-configuration': { setupState: f.setupState, cloudConfigured: f.cloudConfigured, supervised: f.supervised, organizationName: f.organizationName, supervisorCertificates: [...f.supervisorCertificates] },
      profiles: { profiles: [...f.profiles] },
    };
    return parts[part];
  }
  async erase(udid: string, o?: { signal?: AbortSignal }): Promise<void> {
    const d = await this.act(udid, 'erase', o?.signal);
    Object.assign(d.facts, { activationState: 'Unactivated', setupState: 'in-setup-assistant', cloudConfigured: false, supervised: false, organizationName: null, supervisorCertificates: [], profiles: [], name: 'iPad' });
    d.stored = null;
    d.paired = false;
    d.rebooting = true;
    d.attached = false;
    setTimeout(() => this.attach(udid), 5);
  }
  rebootPending(udid: string): boolean {
    return this.get(udid).rebooting;
  }
  async waitForAttach(udid: string, o: { signal?: AbortSignal }): Promise<void> {
    if (this.get(udid).attached) return;
    await new Promise<void>((resolve, reject) => {
      const list = this.attachWaiters.get(udid) ?? [];
      list.push(resolve);
      this.attachWaiters.set(udid, list);
      o.signal?.addEventListener('abort', () => reject(o.signal?.reason), { once: true });
    });
  }
  async activate(udid: string, o?: { signal?: AbortSignal }): Promise<{ path: string | null }> {
    const d = await this.act(udid, 'activate', o?.signal);
    if (d.facts.activationState !== 'Unactivated') return { path: null };
    if (d.activationLocked) throw new StagingError('ACTIVATION_LOCKED', 'Activation Lock is on.', 'Have the owner remove it from their Apple Account.');
    d.facts.activationState = 'Activated';
    return { path: 'session' };
  }
  async setCloudConfiguration(udid: string, config: Record<string, unknown>, o?: { signal?: AbortSignal }): Promise<void> {
    const d = await this.act(udid, 'setCloudConfiguration', o?.signal);
    if (d.adeAssigned) throw new StagingError('ADE_ASSIGNED', 'This device must be configured via the Device Enrollment Program.');
    // Any stored configuration, Setup Assistant's own record included, is refused with 14002.
    if (d.facts.cloudConfigured || d.facts.setupState === 'set-up') throw new StagingError('CLOUD_CONFIG_PRESENT', 'already configured');
    Object.assign(d.facts, {
      setupState: 'set-up',
      cloudConfigured: true,
      supervised: config.IsSupervised === true,
      organizationName: config.OrganizationName as string,
      supervisorCertificates: config.SupervisorHostCertificates as Buffer[],
    });
  }
  async escalate(udid: string, identity: SupervisorIdentity, o?: { signal?: AbortSignal }): Promise<void> {
    const d = await this.act(udid, 'escalate', o?.signal);
    if (!d.facts.supervisorCertificates.some((c) => c.equals(identity.certificateDer))) throw new StagingError('ESCALATION_REJECTED', 'rejected');
  }
  async installProfile(udid: string, profile: Buffer, o: { signal?: AbortSignal }): Promise<void> {
    const d = await this.act(udid, 'installProfile', o.signal);
    const [identifier, uuid] = profile.toString().split('|');
    d.facts.profiles = d.facts.profiles.filter((p) => p.identifier !== identifier);
    d.facts.profiles.push({ identifier: identifier ?? '', uuid: uuid ?? null, displayName: identifier ?? null });
  }
  async storeProfile(udid: string, profile: Buffer, o?: { signal?: AbortSignal }): Promise<void> {
    (await this.act(udid, 'storeProfile', o?.signal)).stored = profile;
  }
  async storedProfile(udid: string, o?: { signal?: AbortSignal }): Promise<Buffer | null> {
    return (await this.act(udid, 'storedProfile', o?.signal)).stored;
  }
  async rename(udid: string, name: string, o?: { signal?: AbortSignal }): Promise<{ name: string }> {
    (await this.act(udid, 'rename', o?.signal)).facts.name = name;
    return { name };
  }
  async setWallpaper(udid: string, _image: Buffer, _where: string, o: { signal?: AbortSignal }): Promise<void> {
    await this.act(udid, 'setWallpaper', o.signal);
  }
}

/** Fake profiles are "identifier|uuid|mdm?" strings, read by this inspector. */
export function inspectFakeProfile(bytes: Buffer) {
  const [identifier = '', uuid = '', mdm] = bytes.toString().split('|');
  return { identifier, uuid, displayName: identifier, isMdm: mdm === 'mdm' };
}
