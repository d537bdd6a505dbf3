import { StagingError } from '../device-port.js';
import type { StepContext, StepDefinition } from './context.js';
import { supervisedByUs } from './supervision.js';

/** Pairs (or re-pairs), telling the technician which slot's device waits for a Trust tap. */
async function pairShowingTrust(ctx: StepContext): Promise<void> {
  await ctx.device.pair(ctx.udid, {
    signal: ctx.signal,
    identity: ctx.identity,
    onTrustPending: () => ctx.progress(ctx.slot ? `Tap Trust on the device in slot ${ctx.slot}` : 'Tap Trust on the device'),
  });
  await ctx.refresh();
}

export const pairStep: StepDefinition<'pair'> = {
  type: 'pair',
  title: 'Pair',
  async run(_spec, ctx) {
    await pairShowingTrust(ctx);
  },
};

/** Reads the device and refuses early what the blueprint cannot do to it, with the reason. */
export const inspectStep: StepDefinition<'inspect'> = {
  type: 'inspect',
  title: 'Inspect',
  async run(_spec, ctx) {
    const facts = await ctx.refresh();
    const supervises = ctx.blueprint.steps.some((s) => s.type === 'supervise');
    const eraseAllowed = ctx.blueprint.steps.some((s) => s.type === 'erase' && s.allowed);
    if (facts.enrollmentType === 'user' && supervises) {
      throw new StagingError(
        'USER_ENROLLMENT',
        'This is a personally owned device in User Enrollment; it cannot be supervised.',
        'Leave personal devices out of staging: unplug it, or stage it with a blueprint that does not supervise.',
      );
    }
    if (supervises && facts.cloudConfigured && !supervisedByUs(facts, ctx.identity) && !eraseAllowed) {
      const who = facts.organizationName ? `"${facts.organizationName}"` : 'another organization';
      throw new StagingError(
        facts.supervised ? 'SUPERVISED_ELSEWHERE' : 'CLOUD_CONFIG_PRESENT',
        facts.supervised ? `This device is already supervised by ${who}.` : 'This device is already configured (a cloud configuration is present).',
        'Erase it first: allow erasing in the blueprint (cartwright prepare --erase) or erase it from the Device screen.',
      );
    }
    return {
      serial: facts.serial,
      productType: facts.productType,
      productVersion: facts.productVersion,
      supervised: facts.supervised,
      organizationName: facts.organizationName,
      activationState: facts.activationState,
    };
  },
};

/** Erases only what is configured by someone else; a device already ours needs no erase. */
export const eraseStep: StepDefinition<'erase'> = {
  type: 'erase',
  title: 'Erase',
  async isDone(_spec, ctx) {
    const facts = await ctx.facts();
    return !facts.cloudConfigured || supervisedByUs(facts, ctx.identity);
  },
  async run(spec, ctx) {
    if (!spec.allowed) {
      throw new StagingError('CLOUD_CONFIG_PRESENT', 'This device is configured and must be erased first.', 'Allow erasing in the blueprint.');
    }
    ctx.progress('Erasing');
    await ctx.device.erase(ctx.udid, { signal: ctx.signal });
  },
};

const REBOOT_TIMEOUT_MS = 20 * 60_000;

export const awaitRebootStep: StepDefinition<'await-reboot'> = {
  type: 'await-reboot',
  title: 'Wait for restart',
  async isDone(_spec, ctx) {
    return !ctx.stepRan('erase');
  },
  async run(_spec, ctx) {
    ctx.progress('Waiting for the device to restart');
    await ctx.device.waitForAttach(ctx.udid, { signal: ctx.signal, timeoutMs: REBOOT_TIMEOUT_MS });
    // An erased device has forgotten every pairing: pair again (the port re-pairs a stale record).
    await pairShowingTrust(ctx);
  },
};

export const checkActivationStep: StepDefinition<'check-activation'> = {
  type: 'check-activation',
  title: 'Check activation',
  async run(_spec, ctx) {
    const facts = await ctx.refresh();
    if (facts.activationState && facts.activationState !== 'Activated' && facts.activationState !== 'FactoryActivated') {
      throw new StagingError(
        'NOT_ACTIVATED',
        'This device is not activated; activation needs Apple\'s servers.',
        'Activate it: join Wi-Fi in Setup Assistant (or connect it to Finder/iTunes) until the Hello screen passes activation, then plug it back in.',
      );
    }
    return { activationState: facts.activationState };
  },
};
