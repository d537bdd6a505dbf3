import { storePort } from '../cart/cart-map.js';
import type { PortIdentity } from '../device/port-identity.js';
import type { DeviceFacts } from '../staging/device-port.js';
import type { Store } from '../store/store.js';

/** What a paired device told the station, kept in the devices table (the inventory's source). */
export function persistFacts(store: Store, f: DeviceFacts): void {
  store.devices.upsert({
    udid: f.udid,
    serial: f.serial,
    imei: f.imei,
    productType: f.productType,
    modelName: f.model,
    productVersion: f.productVersion,
    name: f.name,
    supervised: f.supervised,
    organizationName: f.organizationName,
    // The store knows two kinds; a device without evidence of User Enrollment is kept as 'device'.
    enrollmentType: f.enrollmentType === 'user' ? 'user' : 'device',
    batteryLevel: f.battery,
    batteryCharging: f.charging,
    activationState: f.activationState,
    passcodePresent: f.passcodePresent,
    paired: true,
  });
}

/** The store keeps a port as its LocationID and/or USB path. */
export function toStorePort(port: PortIdentity): { locationId: number | null; usbPath: string | null } {
  const p = storePort(port);
  return { locationId: p.locationId ?? null, usbPath: p.usbPath ?? null };
}
