import { join } from 'node:path';
import type { StationEvent } from '../api/index.js';
import type { StationHandlers } from '../api/station-handlers.js';
import { CartMap } from '../cart/cart-map.js';
import { DeviceLayer } from '../device/device-layer.js';
import { fileHostIdentityStore } from '../device/host-identity.js';
import { nativeTransport } from '../device/transport.js';
import type { Blueprint } from '../staging/blueprint.js';
import type { StagingRunner } from '../staging/runner.js';
import type { AuditSource } from '../store/repos/audit-repo.js';
import { openStore, type Store } from '../store/store.js';
import { systemClock } from '../store/clock.js';
import { secretBoxFrom } from '../store/secret-box.js';
import { dataDirectory } from '../platform/data-dir.js';
import { persistFacts } from './device-records.js';
import { stagingRunner } from './runner-wiring.js';
import { stationBatchReadiness } from './batch-readiness.js';
import { jobProgress } from './job-progress.js';
import { ResumeIdentity } from './resume-identity.js';
import { seedBuiltInBlueprints } from './built-in-blueprints.js';
import { stationHandlers } from './handlers.js';
import { requestAuditFields, scopedHandlers } from './request-scope.js';
import { DeviceRegistry } from './registry.js';
import type { ActivateOptions, ResolvedStationOptions, StationOptions } from './station-options.js';
import { StationFlows } from '../flows/station-flows.js';
import { layeredSecretBox } from './layered-secret-box.js';
import { MdmServices } from './mdm-services.js';
import { BatteryPoll } from './battery-poll.js';
import { DeviceService } from './device-service.js';
import { EventHub } from './event-hub.js';
import { loadBlueprint, StagingService } from './staging-service.js';
import type { StationServices } from './services.js';
import type { Audit, StationConfig } from '../flows/parts.js';
import type { StationCore } from './station-core.js';
import { StationSecrets } from './station-secrets.js';

export type { ActivateOptions, StationOptions } from './station-options.js';

/**
 * The composition root: builds the store, the device layer, the cart map, the staging runner and
 * the station's services (devices, staging, flows, MDM link, secrets) in dependency order, each
 * given only the parts it uses, and exposes what hosts need: the API handlers every host
 * dispatches to, the event stream and the lifecycle.
 * Everything else is private: tests that inspect the parts use `stationInternals`
 * (station-internals.ts), which lint keeps out of electron/.
 */
export class Station {
  readonly handlers: StationHandlers;
  private readonly flows: StationFlows;
  private readonly batteries: BatteryPoll;
  private closed = false;
  /**
   * Off until a host says so (serve, prepare, stage): then a plugged-in device's unfinished job
   * resumes and auto-stage applies. One-shot commands that only look never start staging.
   */
  private stagingActive = false;
  private readonly hub: EventHub;
  private readonly secrets: StationSecrets;
  private readonly mdmLink: MdmServices;
  private readonly devices: DeviceService;
  private readonly staging: StagingService;

  private constructor(
    private readonly options: ResolvedStationOptions,
    private readonly store: Store,
    private readonly layer: DeviceLayer,
    private readonly cart: CartMap,
    private readonly registry: DeviceRegistry,
    private readonly runner: StagingRunner,
    built: { hub: EventHub; secrets: StationSecrets; mdmLink: MdmServices; audit: Audit },
  ) {
    ({ hub: this.hub, secrets: this.secrets, mdmLink: this.mdmLink } = built);
    const config: StationConfig = { dataDir: options.dataDir, concurrency: options.concurrency, actor: options.actor, source: options.source, ...(options.trustTimeoutMs === undefined ? {} : { trustTimeoutMs: options.trustTimeoutMs }) };
    this.batteries = new BatteryPoll(layer, registry, (udid) => runner.isRunning(udid), options.batteryPollMs, store);
    const parts: StationCore = {
      config,
      batteries: this.batteries,
      requestAudit: requestAuditFields,
      store,
      registry,
      layer,
      cart,
      runner,
      emit: this.hub.emit,
      audit: built.audit,
      wakeOutbox: () => this.mdmLink.wake(),
      mdm: () => this.mdmLink.connector(),
      blueprint: (name, version) => loadBlueprint(store, name, version),
      batchReadiness: stationBatchReadiness(options.dataDir, built.secrets),
    };
    this.staging = new StagingService(parts);
    this.flows = new StationFlows(parts, options.flows);
    this.devices = new DeviceService(parts, {
      identity: () => this.secrets.identity(),
      afterRead: (d) => {
        this.flows.afterAttach(d);
        if (!this.stagingActive) return;
        runner.onAttach(d.udid);
        this.staging.maybeAutoStage(d.udid);
      },
      onDetach: (udid) => runner.onDetach(udid),
      jobRunning: (udid) => runner.isRunning(udid),
      afterDetach: (d, before) => this.flows.onDetach(d, before),
    });
    const services: StationServices = { ...parts, devices: this.devices, staging: this.staging, flows: this.flows, mdmLink: this.mdmLink, secrets: this.secrets, clock: options.storeOptions?.clock ?? systemClock };
    this.handlers = scopedHandlers(stationHandlers(services), (e) => built.audit(e.action, e.udid, e.details));
  }

  static async open(options: StationOptions = {}): Promise<Station> {
    const dataDir = options.dataDir ?? dataDirectory();
    const opts = { concurrency: 8, actor: process.env.USER ?? 'station', source: 'system' as AuditSource, ...options, dataDir };
    // The badge key is sealed by the same box as the station's other secrets.
    const secretsBox = () => (options.secretSealer ? layeredSecretBox(options.secretSealer, () => secretBoxFrom()) : secretBoxFrom());
    const store = openStore(dataDir, { secretBox: secretsBox, ...options.storeOptions });
    try {
      store.devices.markAllDisconnected();
      seedBuiltInBlueprints(store);
      // Built in dependency order: everything a part calls exists before it, so nothing needs the station.
      const hub = new EventHub();
      const secrets = new StationSecrets(options.identity ?? { kind: 'stored', dataDir }, options.secretSealer, new ResumeIdentity(store, secretsBox));
      const layer = new DeviceLayer({ transport: options.transport ?? nativeTransport(), identity: fileHostIdentityStore(join(dataDir, 'host-identity.json'), () => secrets.optionalSecretBox()) });
      const cart = new CartMap(store.slots);
      const registry = new DeviceRegistry(hub.emit);
      const audit: Audit = (action, udid, details = {}) => {
        const serial = udid ? (registry.fact(udid, 'serial') ?? null) : null;
        // Over HTTP, the request's source and its client (address, user agent, session) go with the entry.
        const { source, via } = requestAuditFields(opts.source);
        store.audit.append({ actor: opts.actor, source, action, udid, serial, details: (via ? { ...details, via } : details) as never });
      };
      const mdmLink = new MdmServices({
        store,
        secretBox: () => secrets.secretBox(),
        ...(options.outbox ? { outbox: options.outbox } : {}),
        ...(options.syncIntervalMs !== undefined ? { syncIntervalMs: options.syncIntervalMs } : {}),
        warn: (message) => hub.emit({ type: 'notice', level: 'warning', message }),
      });
      const runner = stagingRunner({
        store,
        layer,
        registry,
        dataDir,
        concurrency: opts.concurrency,
        ...(options.trustTimeoutMs === undefined ? {} : { trustTimeoutMs: options.trustTimeoutMs }),
        identity: () => secrets.identity(),
        wakeOutbox: () => mdmLink.wake(),
        audit,
        blueprint: (name, version) => loadBlueprint(store, name, version),
      });
      const station = new Station(opts, store, layer, cart, registry, runner, { hub, secrets, mdmLink, audit });
      station.wire();
      layer.start();
      return station;
    } catch (e) {
      store.close();
      throw e;
    }
  }

  subscribe(listener: (e: StationEvent) => void): () => void {
    return this.hub.subscribe(listener);
  }

  /** A stored blueprint (the latest version unless one is named); `cartwright blueprint export` prints it. */
  blueprint(name: string, version?: number): Blueprint {
    return loadBlueprint(this.store, name, version);
  }

  /** Resolves once every device usbmuxd lists is in the registry with its identity read. */
  ready(timeoutMs?: number): Promise<void> {
    return this.devices.ready(timeoutMs);
  }

  /** Start staging: from now on attached devices resume their unfinished jobs (and auto-stage applies). */
  activateStaging(options: ActivateOptions): void {
    this.stagingActive = true;
    this.store.checkpointInBackground();
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

  private wire(): void {
    this.devices.wire();
    this.runner.on((e) => {
      this.registry.applyStaging(e);
      if (e.type === 'device-facts') persistFacts(this.store, e.facts);
      this.flows.onStaging(e);
      this.staging.jobChanged(e);
      if (e.type === 'job-finished' && e.batchId && e.batchId === this.secrets.resumeIdentityBatch() && this.staging.batchEnded(e.batchId)) this.secrets.releaseResumeIdentity(e.batchId);
      const job = jobProgress(e);
      if (job) this.hub.emit({ type: 'job', job });
    });
  }

  /**
   * Stops in dependency order, so nothing calls into a part already closed: no new work (flows,
   * attach reads and their hooks, the outbox), the runner aborts its jobs and waits for them (they
   * stay resumable in the journal), the battery pass ends, the device layer refuses new calls,
   * closes its connections and waits for the calls in flight, and the store closes last.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.mdmLink.beginClose();
    this.flows.close();
    this.devices.close();
    await this.runner.stop();
    await this.mdmLink.close();
    await this.batteries.stop();
    this.registry.flush();
    await this.layer.stop();
    await this.devices.drained();
    await this.store.stopBackgroundCheckpoints();
    this.store.close();
  }
}

export async function openStation(options: StationOptions = {}): Promise<Station> {
  return Station.open(options);
}
