import type { DeviceSummary, StationEvent } from '../api/index.js';
import type { FlowNote, PickTile } from '../api/tile-inputs.js';
import type { CartMap } from '../cart/cart-map.js';
import type { DeviceLayer } from '../device/device-layer.js';
import type { MdmConnector } from '../mdm/index.js';
import type { BatchReadiness } from '../staging/batch-validation.js';
import type { Blueprint } from '../staging/blueprint.js';
import type { StagingRunner } from '../staging/runner.js';
import type { AuditSource } from '../store/repos/audit-repo.js';
import type { JsonValue } from '../store/json.js';
import type { Store } from '../store/store.js';

/**
 * The parts the station's services are built from, as interfaces: a service names the parts it
 * uses (`Pick<StationParts, …>`) in its constructor, so nothing reaches through the `Station`.
 */

/** Who acts: the station's own actor, or the person at the kiosk. */
export interface Actor {
  actor: string;
  source: AuditSource;
}

/** The station's fixed configuration, resolved once when it opens. */
export interface StationConfig {
  dataDir: string;
  /** Devices staged at once. */
  concurrency: number;
  actor: string;
  source: AuditSource;
  trustTimeoutMs?: number;
}

export type Emit = (e: StationEvent) => void;

/**
 * The live device tiles as the flows feed them (the station's DeviceRegistry): the flows give
 * inputs (holder, pick, check-out, a note); the tile's state is derived from them by the registry.
 */
export interface FlowRegistry {
  get(udid: string): DeviceSummary | undefined;
  list(): DeviceSummary[];
  connectedUdids(): string[];
  update(udid: string, change: Partial<Pick<DeviceSummary, 'holder' | 'serial' | 'imei' | 'battery' | 'charging'>>): unknown;
  /** A flow's word on the tile (null clears it); with `state`, it sets the state too. */
  note(udid: string, note: FlowNote | null): void;
  picked(udid: string, pick: PickTile | null): void;
  checkedOut(udid: string, holder: string | null, dueAt: string | null): void;
  checkedIn(udid: string): void;
  /** Forgets a device that is off the cart: its tile goes (a `device-removed` event). */
  remove(udid: string): boolean;
}

/** The station's one battery monitor, as the device pool reads it. */
export interface FlowBatteries {
  /** Reads the battery now (null when the device does not answer). */
  read(udid: string): Promise<number | null>;
  /** How old the last reading is (ms); Infinity when never read. */
  age(udid: string): number;
  refreshStalest(udids: string[], count: number): Promise<void>;
  forget(udid: string): void;
}

/** Where an audited action came from: over HTTP the request's source and client, else the fallback. */
export type RequestAudit = (fallback: AuditSource) => { source: AuditSource; via: Record<string, JsonValue> | null };
export type Audit = (action: string, udid: string | null, details?: Record<string, unknown>) => void;

export interface StationParts {
  config: StationConfig;
  store: Store;
  registry: FlowRegistry;
  /** The one battery monitor: every reading of a device's battery goes through it. */
  batteries: FlowBatteries;
  layer: DeviceLayer;
  cart: CartMap;
  runner: StagingRunner;
  requestAudit: RequestAudit;
  /** Pushes an event to every screen. */
  emit: Emit;
  /** Appends to the audit log as the station's actor (with the request's source over HTTP). */
  audit: Audit;
  /** Tells the MDM outbox a message is waiting (no-op before staging is active). */
  wakeOutbox: () => void;
  /** The MDM connector from the station's settings. */
  mdm: () => MdmConnector;
  /** A stored blueprint, parsed (the latest version unless one is named). */
  blueprint: (name: string, version?: number) => Blueprint;
  /** What a batch needs of the station before it starts (identity, enrollment profile): checked up front. */
  batchReadiness: BatchReadiness;
}
