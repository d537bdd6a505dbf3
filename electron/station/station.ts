import { join } from 'node:path';
import type { StationEvent } from '../api/index.js';
import type { StationHandlers } from '../api/client.js';
import { CartMap } from '../cart/cart-map.js';
import { DeviceLayer } from '../device/device-layer.js';
import { fileHostIdentityStore } from '../device/host-identity.js';
import type { ConnectedDevice } from '../device/watcher.js';
import { nativeTransport } from '../device/transport.js';
import type { DeviceTransport } from '../device/transport-types.js';
import { usbmuxdAddress } from '../device/usbmuxd-address.js';
import { parseBlueprint, type Blueprint } from '../staging/blueprint.js';
import type { SupervisorIdentity } from '../staging/device-port.js';
import type { StagingRunner } from '../staging/runner.js';
import type { MdmConnector, OutboxWorker, OutboxWorkerOptions } from '../mdm/index.js';
import type { AuditSource } from '../store/repos/audit-repo.js';
import { openStore, type Store, type StoreOptions } from '../store/store.js';
import type { SyncRun } from '../store/index.js';
import { SecretBoxError, secretBoxFrom, type SecretBox, type SecretSealer } from '../store/secret-box.js';
import { dataDirectory } from './data-dir.js';
import { readDevice } from './device-info.js';
import { persistFacts, toStorePort } from './device-records.js';
import { stagingRunner } from './runner-wiring.js';
import { stationHandlers } from './handlers.js';
import { requestAuditFields, scopedHandlers } from './request-scope.js';
import { DeviceRegistry } from './registry.js';
import { identityFingerprint, loadSupervisor, type IdentitySource } from './supervisor.js';
import { startBatch, type BatchRequest } from './batches.js';
import { StationFlows, type FlowsOptions } from './flows.js';
import { layeredSecretBox } from './layered-secret-box.js';
import { MdmServices } from './mdm-services.js';
import { BatteryPoll } from './battery-poll.js';

export interface StationOptions {
  dataDir?: string;
  /** Devices staged at once (default 8). */
  concurrency?: number;
  identity?: IdentitySource;
  /** The device transport; default: the native addon. */
  transport?: DeviceTransport;
  trustTimeoutMs?: number;
  /** Who acts, for the audit log. */
  actor?: string;
  source?: AuditSource;
  /** Store tuning (tests: a short outbox back-off). */
  storeOptions?: StoreOptions;
  /** The MDM outbox worker's pacing (tests: short idle and outage pauses). */
  outbox?: Omit<OutboxWorkerOptions, 'logger'>;
  flows?: FlowsOptions;
  /**
   * Seals and opens station secrets (the identity's private key, MDM credentials) with the OS
   * keychain: the Electron shell's safeStorage. Headless hosts leave it out and use the
   * passphrase or key file from the environment.
   */
  secretSealer?: SecretSealer;
  /** The periodic MDM sync's interval; default the `mdm.syncIntervalMinutes` setting (15 minutes). */
  syncIntervalMs?: number;
  /** How often a long-lived station re-reads idle devices' batteries (default one minute). */
  batteryPollMs?: number;
}

export interface ActivateOptions {
  /** Resume the unfinished jobs of devices already attached, and turn the flows on (long-lived hosts). */
  resumeAttached: boolean;
  /**
   * Sync with the MDM now and then periodically (serve, the Electron shell). One-shot commands
   * (prepare, stage) leave it off: they exit long before the first interval.
   */
  periodicSync?: boolean;
}

/**
 * The composition root: builds the store, the device layer, the cart map and the staging runner
 * from configuration, wires device events through them, and exposes the station API handlers that
 * every host (CLI, server, Electron shell) dispatches to.
 */
export class Station {
  readonly handlers: StationHandlers;
  /** The staging flows (Standard, Advanced, Multi User check-out/check-in). */
  readonly flows: StationFlows;
  private readonly listeners = new Set<(e: StationEvent) => void>();
  private supervisor: SupervisorIdentity | null | undefined;
  private closed = false;
  /**
   * Off until a host says so (serve, prepare, stage): then a plugged-in device's unfinished job
   * resumes and auto-stage applies. One-shot commands that only look never start staging.
   */
  private stagingActive = false;
  private readonly mdmLink: MdmServices;
  readonly batteries: BatteryPoll;

  private constructor(
    readonly options: Required<Pick<StationOptions, 'dataDir' | 'concurrency' | 'actor' | 'source'>> & StationOptions,
    readonly store: Store,
    readonly layer: DeviceLayer,
    readonly cart: CartMap,
    readonly registry: DeviceRegistry,
    readonly runner: StagingRunner,
  ) {
    this.mdmLink = new MdmServices({
      store,
      secretBox: () => this.secretBox(),
      ...(options.outbox ? { outbox: options.outbox } : {}),
      ...(options.syncIntervalMs !== undefined ? { syncIntervalMs: options.syncIntervalMs } : {}),
      warn: (message) => this.emit({ type: 'notice', level: 'warning', message }),
    });
    this.batteries = new BatteryPoll(layer, registry, (udid) => runner.isRunning(udid), options.batteryPollMs);
    this.flows = new StationFlows(this, options.flows);
    this.handlers = scopedHandlers(stationHandlers(this), (e) => this.audit(e.action, e.udid, e.details));
  }

  static async open(options: StationOptions = {}): Promise<Station> {
    const dataDir = options.dataDir ?? dataDirectory();
    const opts = { concurrency: 8, actor: process.env.USER ?? 'station', source: 'system' as AuditSource, ...options, dataDir };
    // The badge key is sealed by the same box as the station's other secrets.
    const secrets = () => (options.secretSealer ? layeredSecretBox(options.secretSealer, () => secretBoxFrom()) : secretBoxFrom());
    const store = openStore(dataDir, { secretBox: secrets, ...options.storeOptions });
    try {
      store.devices.markAllDisconnected();
      const layer = new DeviceLayer({ transport: options.transport ?? nativeTransport(), identity: fileHostIdentityStore(join(dataDir, 'host-identity.json'), () => self.station?.optionalSecretBox() ?? null) });
      const cart = new CartMap(store.slots);
      // The runner and registry call back into the station, which needs them to be built first.
      const self: { station?: Station } = {};
      const registry = new DeviceRegistry((e) => self.station?.emit(e));
      const runner = stagingRunner({
        store,
        layer,
        registry,
        dataDir,
        concurrency: opts.concurrency,
        ...(options.trustTimeoutMs === undefined ? {} : { trustTimeoutMs: options.trustTimeoutMs }),
        station: () => self.station,
      });
      const station = new Station(opts, store, layer, cart, registry, runner);
      self.station = station;
      station.wire();
      layer.start();
      return station;
    } catch (e) {
      store.close();
      throw e;
    }
  }

  subscribe(listener: (e: StationEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The supervision identity, loaded on first use. */
  identity(): SupervisorIdentity | null {
    if (this.supervisor === undefined) this.supervisor = loadSupervisor(this.identitySource(), () => this.secretBox());
    return this.supervisor;
  }

  identitySummary(): { organization: string; fingerprint: string } | null {
    return identityFingerprint(this.identitySource());
  }

  identitySource(): IdentitySource {
    return this.options.identity ?? { kind: 'stored', dataDir: this.options.dataDir };
  }

  /** The secret box, or null when none is configured (a headless station without a passphrase or key file). */
  optionalSecretBox(): SecretBox | null {
    try {
      return this.secretBox();
    } catch (e) {
      if (e instanceof SecretBoxError && e.code === 'SECRET_NOT_CONFIGURED') return null;
      throw e;
    }
  }

  /** The box that seals this station's secrets: the shell's OS keychain, else the headless env. */
  secretBox(): SecretBox {
    const sealer = this.options.secretSealer;
    return sealer ? layeredSecretBox(sealer, () => secretBoxFrom()) : secretBoxFrom();
  }

  usbmuxd(): string {
    try {
      return usbmuxdAddress().text;
    } catch (e) {
      return (e as Error).message;
    }
  }

  blueprint(name: string, version?: number): Blueprint {
    const stored = version === undefined ? this.store.blueprints.latest(name) : this.store.blueprints.get(name, version);
    if (!stored) throw Object.assign(new Error(`No blueprint named "${name}"${version ? ` (version ${version})` : ''}.`), { code: 'NOT_FOUND' });
    const parsed = parseBlueprint(stored.body);
    if (!parsed.ok) throw Object.assign(new Error(`Blueprint "${name}" is invalid: ${parsed.errors.join('; ')}`), { code: 'INVALID_INPUT' });
    return parsed.blueprint;
  }

  saveBlueprint(blueprint: Blueprint): { name: string; version: number; created: boolean } {
    const r = this.store.blueprints.save(blueprint.name, blueprint as never, this.options.actor);
    return { name: r.blueprint.name, version: r.blueprint.version, created: r.created };
  }

  startBatch(request: BatchRequest): { batchId: string; jobIds: string[] } {
    return startBatch(this, request);
  }

  audit(action: string, udid: string | null, details: Record<string, unknown> = {}): void {
    const serial = udid ? (this.registry.get(udid)?.serial ?? null) : null;
    // Over HTTP, the request's source and its client (address, user agent, session) go with the entry.
    const { source, via } = requestAuditFields(this.options.source);
    this.store.audit.append({ actor: this.options.actor, source, action, udid, serial, details: (via ? { ...details, via } : details) as never });
  }

  /** Resolves once every device usbmuxd lists is in the registry with its identity read. */
  async ready(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const listed = await this.layer.context.transport.listDevices().catch(() => []);
    for (;;) {
      const pending = listed.filter((d) => {
        const s = this.registry.get(d.udid);
        return !s || s.state === 'connecting';
      });
      if (pending.length === 0 || Date.now() > deadline) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async refresh(udid: string): Promise<void> {
    try {
      const reading = await readDevice(this.layer, udid);
      if (reading.paired) {
        this.registry.applyFacts(reading.facts, true);
        persistFacts(this.store, reading.facts);
      } else {
        this.registry.update(udid, { ...reading.basic, paired: false });
      }
      const current = this.registry.get(udid);
      if (current?.state === 'connecting') this.registry.update(udid, { state: this.restingState(udid) });
    } catch (e) {
      const current = this.registry.get(udid);
      if (current?.state === 'connecting') this.registry.update(udid, { state: 'idle', stateDetail: (e as Error).message });
    }
  }

  /** Start staging: from now on attached devices resume their unfinished jobs (and auto-stage applies). */
  activateStaging(options: ActivateOptions): void {
    this.stagingActive = true;
    this.mdmLink.startOutbox();
    if (options.periodicSync) this.mdmLink.startPeriodicSync();
    if (options.resumeAttached) {
      this.store.jobs.recoverInterrupted();
      for (const d of this.layer.watcher.list()) this.runner.onAttach(d.udid);
      // A long-lived host (serve): the kiosk's check-outs and check-ins follow the cart too,
      // and the tiles' batteries follow the chargers.
      this.flows.activate();
      this.batteries.start();
    }
  }

  /**
   * Turn the flows on (serve, the shell, `checkout --wait`): a plugged-in checked-out device is
   * checked in, a departure completes a pick, and the MDM outbox drains. Implies activateStaging,
   * so a Return to Service re-stage resumes when its device comes back.
   */
  activateFlows(): void {
    this.activateStaging({ resumeAttached: false });
    this.flows.activate();
  }

  mdmKind(): string {
    return this.mdmLink.kind();
  }

  /** The MDM connector from the station's settings (the embedded local directory when none is set). */
  mdm(): MdmConnector {
    return this.mdmLink.connector();
  }

  /** Drains MDM messages while staging is active (serve, prepare, stage); null before. */
  get outbox(): OutboxWorker | null {
    return this.mdmLink.outbox;
  }

  /** Whether the periodic sync runs, and how often. */
  syncSchedule(): { running: boolean; intervalMs: number } {
    return this.mdmLink.schedule();
  }

  setSyncInterval(minutes: number): Promise<{ running: boolean; intervalMs: number }> {
    return this.mdmLink.setSyncInterval(minutes);
  }

  /** A sync pass now; joins the periodic one when it is already running. */
  async syncNow(): Promise<SyncRun> {
    if (this.closed) throw Object.assign(new Error('The station is closing.'), { code: 'CONFLICT' });
    return this.mdmLink.syncNow();
  }

  /** After the MDM configuration changed, the outbox and the sync are rebuilt on the new connector. */
  reconnectMdm(): Promise<void> {
    return this.mdmLink.reconnect();
  }

  /** Pair one device now if it is not paired yet (the Trust dialog shows), outside any job. */
  async pair(udid: string): Promise<void> {
    const supervisor = this.identity();
    const result = await this.layer.ensurePaired(udid, {
      ...(this.options.trustTimeoutMs === undefined ? {} : { trustTimeoutMs: this.options.trustTimeoutMs }),
      onPending: () => this.registry.update(udid, { state: 'waiting-trust', stateDetail: this.tapTrustText(udid) }),
      ...(supervisor ? { supervisor: { certificate: supervisor.certificateDer, sign: (c: Buffer) => supervisor.sign(c) } } : {}),
    });
    if (result.status === 'already-paired') return;
    this.audit('device.pair', udid, { status: result.status });
    this.registry.update(udid, { state: 'connecting', stateDetail: null });
    await this.refresh(udid);
  }

  tapTrustText(udid: string): string {
    const slot = this.registry.get(udid)?.slot;
    return slot ? `Tap Trust on the device in slot ${slot}` : 'Tap Trust on the device';
  }

  autoStage(): { enabled: boolean; blueprint: string | null } {
    const v = this.store.settings.get('staging.autoStage') as { enabled?: boolean; blueprint?: string | null } | undefined;
    return { enabled: v?.enabled === true, blueprint: v?.blueprint ?? null };
  }

  /** Auto-stage: every device plugged in is staged with this blueprint (unless it is already ready). */
  setAutoStage(enabled: boolean, blueprint?: string): { enabled: boolean; blueprint: string | null } {
    if (enabled) this.blueprint(blueprint ?? this.autoStage().blueprint ?? '');
    const value = { enabled, blueprint: blueprint ?? this.autoStage().blueprint };
    this.store.settings.set('staging.autoStage', value);
    this.audit('staging.autoStage', null, value);
    return value;
  }

  /** After a calibration change, every connected device looks its slot up again. */
  relocateAll(): void {
    for (const d of this.layer.watcher.list()) {
      this.registry.update(d.udid, { slot: this.cart.slotFor(d.port) });
      this.store.devices.markConnected(d.udid, { ...toStorePort(d.port), slotId: this.cart.slotRecordFor(d.port)?.id ?? null });
    }
  }

  private maybeAutoStage(udid: string): void {
    const auto = this.autoStage();
    if (!auto.enabled || !auto.blueprint) return;
    if (this.store.jobs.unfinishedForDevice(udid) || this.store.devices.get(udid)?.lastJobState === 'succeeded') return;
    try {
      this.startBatch({ udids: [udid], blueprint: auto.blueprint, requestedBy: 'auto-stage' });
    } catch (e) {
      this.emit({ type: 'notice', level: 'warning', message: `Auto-stage could not start on ${udid}: ${(e as Error).message}` });
    }
  }

  private restingState(udid: string): 'ready' | 'idle' {
    return this.store.devices.get(udid)?.lastJobState === 'succeeded' ? 'ready' : 'idle';
  }

  private wire(): void {
    const w = this.layer.watcher;
    w.on('attach', (d) => this.onAttach(d));
    w.on('detach', (d) => this.onDetach(d));
    w.on('paired', (d) => void this.refresh(d.udid));
    this.runner.on((e) => {
      this.registry.applyStaging(e);
      if (e.type === 'device-facts') persistFacts(this.store, e.facts);
      this.flows.onStaging(e);
      if (e.type === 'job-finished' || e.type === 'step-finished') this.emitBatch(e.jobId);
    });
  }

  private onAttach(d: ConnectedDevice): void {
    const calibrated = this.cart.onAttach(d.port);
    const slot = this.cart.slotFor(d.port);
    this.registry.update(d.udid, { connected: true, state: 'connecting', slot, portId: d.port.key === 'unknown' ? null : d.port.key, error: null, stateDetail: null });
    this.store.devices.upsert({ udid: d.udid });
    this.store.devices.markConnected(d.udid, { ...toStorePort(d.port), slotId: this.cart.slotRecordFor(d.port)?.id ?? null });
    if (calibrated !== null) this.emit({ type: 'notice', level: 'info', message: `Slot ${calibrated} calibrated.` });
    void this.refresh(d.udid).then(() => {
      // The device may have left again while it was being read.
      if (!this.layer.watcher.isAttached(d.udid)) return;
      this.flows.afterAttach(d);
      if (!this.stagingActive) return;
      this.runner.onAttach(d.udid);
      this.maybeAutoStage(d.udid);
    });
  }

  private onDetach(d: ConnectedDevice): void {
    // What the device was just before it left (ready, charged…): the flows judge the departure by it.
    const before = this.registry.get(d.udid);
    this.runner.onDetach(d.udid);
    this.registry.update(d.udid, { connected: false, state: 'disconnected', stateDetail: null });
    this.store.devices.markDisconnected(d.udid);
    this.flows.onDetach(d, before);
  }

  private emitBatch(jobId: string): void {
    const batchId = this.store.jobs.get(jobId)?.batchId;
    if (!batchId) return;
    void this.handlers['staging.batch']({ batchId }).then((progress) => this.emit({ type: 'batch', progress })).catch(() => undefined);
  }

  emit(e: StationEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // one screen's failure is not the station's
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.flows.close();
    await this.runner.stop();
    await this.mdmLink.close();
    await this.batteries.stop();
    this.registry.flush();
    await this.layer.stop();
    this.store.close();
  }
}

export async function openStation(options: StationOptions = {}): Promise<Station> {
  return Station.open(options);
}
