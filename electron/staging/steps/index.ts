import type { StepType } from '../blueprint.js';
import type { AnyStepDefinition, StepDefinition } from './context.js';
import { activateStep } from './activation-step.js';
import { awaitRebootStep, eraseStep, inspectStep, pairStep } from './connect-steps.js';
import { enrollStep, escalateStep, installProfilesStep, superviseStep } from './configure-steps.js';
import { renameStep, reportMdmStep, verifyStep, wallpaperStep } from './finish-steps.js';

const STEPS: { [T in StepType]: StepDefinition<T> } = {
  pair: pairStep,
  inspect: inspectStep,
  erase: eraseStep,
  'await-reboot': awaitRebootStep,
  'check-activation': activateStep,
  supervise: superviseStep,
  escalate: escalateStep,
  'install-profiles': installProfilesStep,
  enroll: enrollStep,
  rename: renameStep,
  wallpaper: wallpaperStep,
  'report-mdm': reportMdmStep,
  verify: verifyStep,
};

export function stepDefinition(type: StepType): AnyStepDefinition {
  return STEPS[type] as AnyStepDefinition;
}

export type { StepContext, StepDefinition } from './context.js';
