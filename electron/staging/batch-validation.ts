import type { BatchProblem } from '../api/staging.js';
import type { Blueprint, EnrollmentProfileRef } from './blueprint.js';
import { StagingError } from './device-port.js';

/**
 * Before a batch touches any device: what would fail on every device of it the same way (a name
 * template that needs slots the devices do not have, no usable supervision identity, an enrollment
 * profile that cannot be read). Found up front, every problem at once, rather than at the rename
 * step of the thirtieth device after each one was supervised.
 */

/** A device of the batch as the validator sees it: what the station knows before touching it. */
export interface BatchDevice {
  udid: string;
  slot: number | null;
  serial: string | null;
  /** The user it is staged for ({user} in name templates). */
  user: string | null;
}

/** What the station answers about its own readiness; each a seam so the check is pure. */
export interface BatchReadiness {
  /** Why the supervision identity cannot be used now, or null when it can. */
  identityProblem(): string | null;
  /** The station's stored MDM enrollment profile; null when none was imported or it cannot be read. */
  storedEnrollmentProfile(): Buffer | null;
  /** Reads a profile; throws when it is not a profile. */
  inspectProfile(bytes: Buffer): { isMdm: boolean; displayName: string | null; identifier: string };
}

const TOKENS = ['slot', 'serial', 'name', 'model', 'n', 'user'] as const;
const LISTED = 5;

const who = (devices: BatchDevice[]): string => {
  const names = devices.slice(0, LISTED).map((d) => d.serial ?? d.udid);
  return `${names.join(', ')}${devices.length > LISTED ? ` and ${devices.length - LISTED} more` : ''}`;
};

function templateProblems(template: string, devices: BatchDevice[]): BatchProblem[] {
  const problems: BatchProblem[] = [];
  const used = [...template.matchAll(/\{([^}]*)\}/g)].map((m) => (m[1] ?? '').split(':')[0] ?? '');
  for (const token of new Set(used.filter((t) => !(TOKENS as readonly string[]).includes(t)))) {
    problems.push({
      kind: 'unknown-template-token',
      message: `The name template "${template}" uses {${token}}, which is not a name template token.`,
      remedy: `Use ${TOKENS.map((t) => `{${t}}`).join(', ')} (numbers can be padded: {slot:2}).`,
      udids: [],
    });
  }
  // {serial}, {name} and {model} are read from the device once it is paired; slot and user are
  // known now or never (the slot comes from the cart's calibration, the user from the request).
  if (used.includes('slot')) {
    const lost = devices.filter((d) => d.slot === null);
    if (lost.length) {
      problems.push({
        kind: 'missing-slot',
        message: `The name template "${template}" uses {slot}, but ${lost.length} device(s) have no slot: ${who(lost)}.`,
        remedy: 'Calibrate the slots (cartwright slots calibrate --auto, or the Calibration screen), or use {serial} in the template.',
        udids: lost.map((d) => d.udid),
      });
    }
  }
  if (used.includes('user')) {
    const alone = devices.filter((d) => !d.user);
    if (alone.length) {
      problems.push({
        kind: 'missing-user',
        message: `The name template "${template}" uses {user}, but ${alone.length} device(s) are staged for no user: ${who(alone)}.`,
        remedy: 'Name the user the devices are staged for (a flow that assigns users), or take {user} out of the template.',
        udids: alone.map((d) => d.udid),
      });
    }
  }
  return problems;
}

function enrollmentProblem(ref: EnrollmentProfileRef, readiness: BatchReadiness): BatchProblem | null {
  const stored = !('data' in ref);
  const bytes = stored ? readiness.storedEnrollmentProfile() : Buffer.from(ref.data, 'base64');
  const fix = stored ? 'Import the MDM enrollment profile: cartwright enroll-profile import FILE (or --url URL), or Admin ▸ Enrollment.' : 'Export the enrollment profile from the MDM console again and choose that file.';
  const label = stored ? 'the station\'s stored MDM enrollment profile' : `the enrollment profile "${ref.name}"`;
  if (!bytes || bytes.length === 0) return { kind: 'enrollment-profile-unusable', message: `The blueprint enrolls with ${label}, but ${stored ? 'none was imported (or it cannot be read)' : 'it is empty'}.`, remedy: fix, udids: [] };
  try {
    const info = readiness.inspectProfile(bytes);
    if (info.isMdm) return null;
    return { kind: 'enrollment-profile-unusable', message: `The blueprint enrolls with ${label} (${info.displayName ?? info.identifier}), but it has no MDM payload.`, remedy: fix, udids: [] };
  } catch (e) {
    return { kind: 'enrollment-profile-unusable', message: `The blueprint enrolls with ${label}, which cannot be read: ${(e as Error).message}`, remedy: fix, udids: [] };
  }
}

/** Every problem that would stop the batch on every device; empty when it may start. */
export function validateBatch(blueprint: Blueprint, devices: BatchDevice[], readiness: BatchReadiness): BatchProblem[] {
  const problems: BatchProblem[] = [];
  for (const step of blueprint.steps) {
    if (step.type === 'rename') problems.push(...templateProblems(step.template, devices));
    if (step.type === 'enroll') {
      const p = enrollmentProblem(step.profile, readiness);
      if (p) problems.push(p);
    }
    if (step.type === 'install-profiles') {
      for (const profile of step.profiles) {
        try {
          readiness.inspectProfile(Buffer.from(profile.data, 'base64'));
        } catch (e) {
          problems.push({ kind: 'profile-unreadable', message: `The profile "${profile.name}" cannot be read: ${(e as Error).message}`, remedy: 'Choose the .mobileconfig file again, or take it out of the blueprint.', udids: [] });
        }
      }
    }
  }
  if (blueprint.steps.some((s) => s.type === 'supervise' || s.type === 'escalate')) {
    const problem = readiness.identityProblem();
    if (problem) {
      problems.push({
        kind: 'identity-unusable',
        message: `The blueprint supervises its devices, but ${problem}.`,
        remedy: 'Create or import the supervision identity (cartwright identity create|import, or Admin ▸ Identity), or pass --identity F.p12 --password PW.',
        udids: [],
      });
    }
  }
  return problems;
}

/** The refusal of a batch: one typed error naming every problem and what to do about each. */
export function batchRefusal(problems: BatchProblem[]): StagingError {
  const lines = problems.map((p, i) => `${problems.length > 1 ? `${i + 1}. ` : ''}${p.message} → ${p.remedy}`);
  const message = problems.length === 1 ? `The batch was not started: ${lines[0]}` : `The batch was not started (${problems.length} problems, no device was touched):\n${lines.join('\n')}`;
  return Object.assign(new StagingError('INVALID_INPUT', message, problems.map((p) => p.remedy).join(' ')), { problems });
}
