/**
 * What a device may report as its identity. Serial numbers and UDIDs end up in file names (hand-off
 * sheets), database keys and MDM requests, so a device (or anything posing as one on USB) that
 * reports `/../../x` must be refused at the boundary rather than trusted downstream.
 */
import { escapeControl } from '../api/printable.js';
import { DeviceError } from './errors.js';

/** Apple serials: 11–12 characters (older), 10 (randomized, 2021 on); a little slack either way. */
export const SERIAL_PATTERN = /^[A-Z0-9]{8,20}$/;

/**
 * UDIDs: 40 hex digits (before the A12) or the 25-character `CPID-ECID` form, 8 and 16 hex digits
 * (as expo/eas-cli packages/eas-cli/src/devices/udids.ts tells them apart).
 */
export const UDID_PATTERN = /^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{8}-[0-9a-fA-F]{16})$/;

/** IMEI: 15 digits (14 + the Luhn check digit). */
export const IMEI_PATTERN = /^\d{15}$/;

export const isSerialNumber = (value: string): boolean => SERIAL_PATTERN.test(value);
export const isUdid = (value: string): boolean => UDID_PATTERN.test(value);
export const isImei = (value: string): boolean => IMEI_PATTERN.test(value);

const IDENTITY_FIELDS = [
  { key: 'UniqueDeviceID', what: 'UDID', valid: isUdid },
  { key: 'SerialNumber', what: 'serial number', valid: isSerialNumber },
] as const;

/**
 * Refuses lockdown values whose identity fields are not what an iPhone or iPad reports, with a
 * sentence naming the value (escaped and cut short) rather than "malformed values".
 */
export function assertDeviceIdentity(values: unknown, udid: string): void {
  if (typeof values !== 'object' || values === null) return; // the schema reports that shape
  for (const { key, what, valid } of IDENTITY_FIELDS) {
    const value = (values as Record<string, unknown>)[key];
    if (value === undefined || (typeof value === 'string' && valid(value))) continue;
    const shown = typeof value === 'string' ? `"${escapeControl(value.slice(0, 48))}"` : `a ${typeof value}`;
    throw new DeviceError('PROTOCOL', {
      udid,
      message: `The device reports ${shown} as its ${what}, which is not an Apple ${what}.`,
      remedy: 'Set the device aside: the station does not stage a device that misreports its identity (it may not be a genuine, unmodified iPhone or iPad).',
    });
  }
}
