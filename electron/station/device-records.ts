import type { DeviceSummary } from '../api/device.js';
import { storePort } from '../cart/cart-map.js';
import type { PortIdentity } from '../device/port-identity.js';
import type { CloudSnapshot, DeviceSnapshot } from '../device/snapshot.js';
import type { DeviceFacts, FactsParts } from '../staging/device-port.js';
import type { Store } from '../store/store.js';

/**
 * DeviceFacts (what a paired device told the station) is the one facts type inside the station:
 * the device layer's snapshot becomes it here, the registry keeps it whole (installed profiles
 * included, for the Device screen), and this module is the one place it is mapped, from the
 * snapshot and to a tile's fields and the devices table.
 */

/** What the device layer read, as the station's facts (installed profiles included). */
export function factsFromSnapshot(s: DeviceSnapshot): DeviceFacts {
  return {
    udid: s.udid,
    serial: s.serialNumber,
    imei: s.imei,
    productType: s.productType,
    model: s.modelName,
    productVersion: s.productVersion,
    name: s.name,
    activationState: s.activationState,
    battery: s.battery.level,
    charging: s.battery.charging,
    ...factsFromCloudSnapshot(s),
    profiles: factsFromProfiles(s.profiles),
    enrollmentType: s.enrollmentType,
    locked: s.locked,
    passcodePresent: s.passcodePresent,
  };
}

export function factsFromProfiles(profiles: DeviceSnapshot['profiles']): DeviceFacts['profiles'] {
  return profiles.map((p) => ({ identifier: p.identifier, uuid: p.uuid ?? null, displayName: p.displayName }));
}

/** What GetCloudConfiguration told, as the facts it replaces (a re-read of that part alone). */
export function factsFromCloudSnapshot(s: CloudSnapshot): FactsParts['cloud-configuration'] {
  return {
    setupState: s.setupState,
    cloudConfigured: s.cloudConfigured,
    supervised: s.supervised,
    organizationName: s.organization,
    supervisorCertificates: s.supervisorCertificates,
  };
}

/** Tiles and the store know two kinds; a device without evidence of User Enrollment is 'device'. */
function enrollmentKind(f: DeviceFacts): 'device' | 'user' {
  return f.enrollmentType === 'user' ? 'user' : 'device';
}

export type SummaryFacts = Pick<DeviceSummary, 'serial' | 'imei' | 'name' | 'productType' | 'model' | 'productVersion' | 'battery' | 'charging' | 'supervised' | 'organizationName' | 'enrollmentType'>;

export function summaryFacts(f: DeviceFacts): SummaryFacts {
  return {
    serial: f.serial,
    imei: f.imei,
    name: f.name,
    productType: f.productType,
    model: f.model,
    productVersion: f.productVersion,
    battery: f.battery,
    charging: f.charging,
    supervised: f.supervised,
    organizationName: f.organizationName,
    enrollmentType: enrollmentKind(f),
  };
}

/**
 * How stale last_seen may grow while a connected device's facts stay the same. Only "which record
 * of a serial is the newest" reads it (devices and assignments repos), and attach / detach stamp it.
 */
const LAST_SEEN_REFRESH_MS = 60_000;

/**
 * What a paired device told the station, kept in the devices table (the inventory's source). A job
 * reports the facts several times, mostly unchanged: those reports leave the row alone.
 */
export function persistFacts(store: Store, f: DeviceFacts): void {
  store.devices.upsertIfChanged({
    udid: f.udid,
    serial: f.serial,
    imei: f.imei,
    productType: f.productType,
    modelName: f.model,
    productVersion: f.productVersion,
    name: f.name,
    supervised: f.supervised,
    organizationName: f.organizationName,
    enrollmentType: enrollmentKind(f),
    batteryLevel: f.battery,
    batteryCharging: f.charging,
    activationState: f.activationState,
    passcodePresent: f.passcodePresent,
    paired: true,
  }, LAST_SEEN_REFRESH_MS);
}

/** The store keeps a port as its LocationID and/or USB path. */
export function toStorePort(port: PortIdentity): { locationId: number | null; usbPath: string | null } {
  const p = storePort(port);
  return { locationId: p.locationId ?? null, usbPath: p.usbPath ?? null };
}
