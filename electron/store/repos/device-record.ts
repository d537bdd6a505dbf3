/**
 * The device record's types, apart from the repository (devices-repo.ts) so the facts memory
 * (reported-facts.ts) can name them without an import cycle.
 */
export type EnrollmentType = 'device' | 'user';

/** Everything the station knows about one device, as the rest of the app sees it. */
export interface Device {
  udid: string;
  serial: string | null;
  imei: string | null;
  imei2: string | null;
  /** User Enrollment devices are known by this instead of a serial. */
  enrollmentId: string | null;
  productType: string | null;
  modelName: string | null;
  productVersion: string | null;
  buildVersion: string | null;
  name: string | null;
  deviceClass: string | null;
  activationState: string | null;
  paired: boolean | null;
  supervised: boolean | null;
  organizationName: string | null;
  enrollmentType: EnrollmentType;
  passcodePresent: boolean | null;
  batteryLevel: number | null;
  batteryCharging: boolean | null;
  firstSeen: string;
  lastSeen: string;
  connected: boolean;
  locationId: number | null;
  usbPath: string | null;
  slotId: number | null;
  /** Joined from slots, for display; null when the port is not calibrated. */
  slotNumber: number | null;
  slotLabel: string | null;
  lastJobState: string | null;
}

export type Facts = Omit<Device, 'udid' | 'firstSeen' | 'lastSeen' | 'slotNumber' | 'slotLabel'>;

/**
 * What a watcher or an inspect step learned. A field left out keeps what the store already knows
 * (an unpaired device reveals little); a field set to null clears it (e.g. the organization after
 * an erase).
 */
export type DeviceUpdate = { udid: string } & Partial<Facts>;
