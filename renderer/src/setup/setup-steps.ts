import { MDM_NAME } from '../admin/admin-format.js';
import type { AdminTab } from '../nav/route.js';

/**
 * The first-run wizard's steps and what each one's state is, from what the station holds (not from
 * what the wizard saw happen: a step done in Admin, or by the CLI, shows as done here too).
 */
export type SetupStepId = 'identity' | 'enrollment' | 'calibration' | 'mdm';

export interface SetupStep {
  id: SetupStepId;
  title: string;
  /** One line under the title in the stepper. */
  description: string;
  /** Where the step can be revisited later. */
  adminTab: AdminTab;
  adminLabel: string;
}

export const SETUP_STEPS: readonly SetupStep[] = [
  { id: 'identity', title: 'Supervision identity', description: 'Who supervises the devices', adminTab: 'identity', adminLabel: 'Admin › Supervision identity' },
  { id: 'enrollment', title: 'Enrollment profile', description: 'How devices join the MDM', adminTab: 'enrollment', adminLabel: 'Admin › Enrollment profile' },
  { id: 'calibration', title: 'Slot numbers', description: 'Which port is which slot', adminTab: 'calibration', adminLabel: 'Admin › Slot calibration' },
  { id: 'mdm', title: 'MDM connection', description: 'Optional', adminTab: 'mdm', adminLabel: 'Admin › MDM connection' },
];

/** What the station holds now, as the wizard reads it. */
export interface SetupFacts {
  identity: { organization: string; fingerprint: string } | null;
  enrollment: { displayName: string | null; serverUrl: string | null } | null;
  layout: { name: string; rows: number; columns: number; calibrated: number } | null;
  mdmKind: string;
}

export type StepState = 'done' | 'skipped' | 'open';

/** `passed`: the steps the technician moved on from without finishing them (skipped, or kept as they are). */
export function stepState(id: SetupStepId, facts: SetupFacts, passed: ReadonlySet<SetupStepId>): StepState {
  if (isDone(id, facts)) return 'done';
  // Keeping the local directory is a complete answer to the MDM step, not a skipped one.
  if (id === 'mdm' && passed.has('mdm')) return 'done';
  return passed.has(id) ? 'skipped' : 'open';
}

function isDone(id: SetupStepId, facts: SetupFacts): boolean {
  switch (id) {
    case 'identity':
      return facts.identity !== null;
    case 'enrollment':
      return facts.enrollment !== null;
    case 'calibration':
      return facts.layout !== null && facts.layout.calibrated > 0;
    case 'mdm':
      return facts.mdmKind !== 'local';
  }
}

/** A sentence per step for the Ready summary: what is set, or what skipping it means. */
export function stepSummary(id: SetupStepId, facts: SetupFacts, state: StepState): string {
  if (state !== 'done') {
    switch (id) {
      case 'identity':
        return 'Not set: blueprints that supervise devices cannot run until the station has an identity.';
      case 'enrollment':
        return 'Not set: blueprints cannot enroll devices with the station’s profile until one is stored.';
      case 'calibration':
        return 'Not set: devices have no slot numbers, so name templates cannot use {slot}.';
      case 'mdm':
        return 'Not chosen yet: the station uses its local directory until an MDM is connected.';
    }
  }
  switch (id) {
    case 'identity':
      return `Supervised by ${facts.identity?.organization ?? 'your organization'}.`;
    case 'enrollment':
      return `${facts.enrollment?.displayName ?? 'Enrollment profile'}${facts.enrollment?.serverUrl ? ` for ${facts.enrollment.serverUrl}` : ''}.`;
    case 'calibration':
      return facts.layout ? `${facts.layout.name}: ${facts.layout.rows} × ${facts.layout.columns} slots, ${facts.layout.calibrated} numbered.` : '';
    case 'mdm':
      return facts.mdmKind === 'local' ? 'Local directory: users come from this station’s own list; nothing is sent to a remote MDM.' : `Connected to ${(MDM_NAME as Record<string, string>)[facts.mdmKind] ?? facts.mdmKind}.`;
  }
}

/** The step to open the wizard on: the first one neither done nor skipped, else the summary (index = steps.length). */
export function firstOpenStep(facts: SetupFacts, passed: ReadonlySet<SetupStepId>): number {
  const index = SETUP_STEPS.findIndex((s) => stepState(s.id, facts, passed) === 'open');
  return index === -1 ? SETUP_STEPS.length : index;
}

/**
 * The wizard opens by itself only on a station with no supervision identity whose technician has
 * not dismissed it there; "Set up this station" opens it any time.
 */
export function shouldOpenSetup(identity: SetupFacts['identity'], dismissed: boolean): boolean {
  return identity === null && !dismissed;
}

/** Dismissal is remembered per station: one browser may serve several stations (a second screen). */
export function dismissalKey(dataDir: string): string {
  return `cartwright.setup.dismissed:${dataDir}`;
}

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function isDismissed(storage: KeyValueStorage, dataDir: string): boolean {
  return storage.getItem(dismissalKey(dataDir)) !== null;
}

export function rememberDismissal(storage: KeyValueStorage, dataDir: string, now = new Date()): void {
  storage.setItem(dismissalKey(dataDir), now.toISOString());
}
