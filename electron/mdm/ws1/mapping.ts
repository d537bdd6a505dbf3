import type { MdmDevice, MdmUser } from '../types.js';
import { idOf, type Ws1Device, type Ws1User } from './schemas.js';

export function toMdmUser(u: Ws1User): MdmUser | undefined {
  const id = idOf(u.Id);
  if (id === null) return undefined;
  const fullName = [u.FirstName, u.LastName].filter(Boolean).join(' ');
  return {
    id,
    ...(u.Uuid ? { uuid: u.Uuid } : {}),
    username: u.UserName ?? null,
    name: u.DisplayName || fullName || u.UserName || id,
    email: u.Email ?? null,
    groups: u.Group ? [u.Group] : [],
    staging: { enabled: u.DeviceStagingEnabled === true, type: u.DeviceStagingType },
  };
}

/** WS1's EnrollmentStatus words ("Enrolled", "EnrollmentInProgress", "Unenrolled", "EnterpriseWipePending" …). */
export function enrollmentOf(status: string | null | undefined): MdmDevice['enrollment'] {
  if (!status) return 'unknown';
  const s = status.toLowerCase();
  if (s === 'enrolled') return 'enrolled';
  if (s.includes('unenrolled') || s.includes('wipe') || s.includes('retired') || s.includes('removed')) return 'unenrolled';
  if (s.includes('progress') || s.includes('pending') || s.includes('registered') || s.includes('discovered')) return 'pending';
  return 'unknown';
}

export function toMdmDevice(d: Ws1Device, serial: string): MdmDevice {
  return {
    id: idOf(d.Id) ?? d.Uuid ?? serial,
    uuid: d.Uuid ?? null,
    serial: d.SerialNumber ?? serial,
    udid: d.Udid ?? null,
    imei: d.Imei ?? null,
    name: d.DeviceFriendlyName ?? null,
    username: d.UserName ?? null,
    userId: idOf(d.UserId?.Id) ?? null,
    enrollment: enrollmentOf(d.EnrollmentStatus),
    enrollmentStatus: d.EnrollmentStatus ?? null,
    supervised: d.IsSupervised ?? null,
    enrolledViaAde: d.EnrolledViaDEP ?? null,
    group: d.LocationGroupName ?? d.LocationGroupId?.Name ?? null,
    tags: [],
  };
}
