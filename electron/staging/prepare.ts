import type { Blueprint, EmbeddedProfile, EnrollmentProfileRef, StepSpec } from './blueprint.js';
import { Blueprint as BlueprintSchema } from './blueprint.js';

/** The options of Apple Configurator's Prepare, as the CLI flags and the Staging screen offer them. */
export interface PrepareOptions {
  name?: string;
  organization?: string;
  allowPairing?: boolean;
  skipSetup?: 'all' | string[];
  enrollProfile?: EnrollmentProfileRef;
  enrollMode?: 'install' | 'store';
  profiles?: EmbeddedProfile[];
  nameTemplate?: string;
  wallpaper?: { image: string; where: 'lock' | 'home' | 'both' };
  /** Erase devices that are already configured. Off unless the technician says so. */
  eraseIfConfigured?: boolean;
}

export const PREPARE_BLUEPRINT_NAME = 'Prepare';

/**
 * The built-in "Prepare" blueprint: pair, inspect, (erase if allowed), check activation, supervise
 * with the organization's identity, escalate, install profiles, enroll, rename, wallpaper, report
 * to the MDM, verify — Configurator's Prepare, step by step, each step resumable.
 */
export function prepareBlueprint(options: PrepareOptions = {}): Blueprint {
  const steps: StepSpec[] = [{ type: 'pair' }, { type: 'inspect' }];
  if (options.eraseIfConfigured) steps.push({ type: 'erase', allowed: true }, { type: 'await-reboot' });
  steps.push({ type: 'check-activation' });
  steps.push({
    type: 'supervise',
    ...(options.organization ? { organization: { name: options.organization } } : {}),
    allowPairing: options.allowPairing ?? true,
    skipSetup: options.skipSetup ?? 'all',
  });
  steps.push({ type: 'escalate' });
  if (options.profiles?.length) steps.push({ type: 'install-profiles', profiles: options.profiles });
  if (options.enrollProfile) steps.push({ type: 'enroll', profile: options.enrollProfile, mode: options.enrollMode ?? 'store' });
  if (options.nameTemplate) steps.push({ type: 'rename', template: options.nameTemplate });
  if (options.wallpaper) steps.push({ type: 'wallpaper', ...options.wallpaper });
  steps.push({ type: 'report-mdm' }, { type: 'verify' });
  return BlueprintSchema.parse({
    name: options.name ?? PREPARE_BLUEPRINT_NAME,
    description: 'Supervise, configure and enroll devices, as Apple Configurator\'s Prepare does.',
    steps,
  });
}
