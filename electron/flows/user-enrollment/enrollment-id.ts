import { createHash } from 'node:crypto';

/**
 * The identifier the station keeps for a User Enrollment (BYOD) device. Such a device hides its
 * serial and IMEI (seeds 002), and the station must not build a hardware inventory of personal
 * devices: it keeps a one-way, station-scoped Enrollment ID instead, enough to recognise the
 * device again and to forget it when it is unenrolled.
 */
export function enrollmentIdFor(udid: string, stationSalt: string): string {
  const digest = createHash('sha256').update(`${stationSalt}\0${udid}`).digest('hex').slice(0, 20).toUpperCase();
  return `UE-${digest}`;
}
