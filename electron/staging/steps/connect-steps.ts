import { StagingError } from '../device-port.js';
import type { StepContext, StepDefinition } from './context.js';
import { configuredInSetupError, eraseAllowed, needsEraseError, readiness } from './readiness.js';
import { errorCodeOf } from './redo.js';

/** Pairs (or re-pairs), telling the technician which slot's device waits for a Trust tap. */
async function pairShowingTrust(ctx: StepContext): Promise<void> {
  try {
    await ctx.device.pair(ctx.udid, {
      signal: ctx.signal,
      identity: ctx.identity,
      onTrustPending: () => ctx.progress(ctx.slot ? `Tap Trust on the device in slot ${ctx.slot}` : 'Tap Trust on the device', 'trust'),
    });
  } catch (e) {
    // The job pauses for a person (error-policy): say which device to unlock.
    if (errorCodeOf(e) !== 'PASSCODE_LOCKED') throw e;
    const where = ctx.slot ? `the device in slot ${ctx.slot}` : 'the device';
    throw new StagingError('PASSCODE_LOCKED', e instanceof Error ? e.message : 'The device is locked with a passcode.', `Unlock ${where} with its passcode, then retry.`);
  }
  await ctx.refresh();
}

export const pairStep: StepDefinition<'pair'> = {
  type: 'pair',
  title: 'Pair',
  async run(_spec, ctx) {
    await pairShowingTrust(ctx);
  },
};

/**
 * Reads the device and refuses early what the blueprint cannot do to it, with the reason. The
 * facts are the ones the pair step read right after pairing, when it ran in this step chain (a
 * second read in a row would return the same); a resumed job reads them afresh.
 */
export const inspectStep: StepDefinition<'inspect'> = {
  type: 'inspect',
  title: 'Inspect',
  async run(_spec, ctx) {
    const facts = await ctx.facts();
    const supervises = ctx.blueprint.steps.some((s) => s.type === 'supervise');
    // Only on the device's own evidence; the device layer reports 'unknown' without one.
    if (facts.enrollmentType === 'user' && supervises) {
      throw new StagingError(
        'USER_ENROLLMENT',
        'This is a personally owned device in User Enrollment; it cannot be supervised.',
        'Leave personal devices out of staging: unplug it, or stage it with a blueprint that does not supervise.',
      );
    }
    const state = readiness(facts, ctx.identity);
    if (supervises && state === 'needs-erase' && !eraseAllowed(ctx.blueprint.steps)) throw needsEraseError(facts);
    if (supervises && state === 'configured-in-setup') throw configuredInSetupError();
    return {
      setupState: facts.setupState,
      serial: facts.serial,
      productType: facts.productType,
      productVersion: facts.productVersion,
      supervised: facts.supervised,
      organizationName: facts.organizationName,
      activationState: facts.activationState,
    };
  },
};

/**
 * Erases only a device that is set up or supervised elsewhere; a device of ours, or one still in
 * Setup Assistant, is never erased.
 */
export const eraseStep: StepDefinition<'erase'> = {
  type: 'erase',
  title: 'Erase',
  async isDone(_spec, ctx) {
    if (ctx.device.rebootPending(ctx.udid)) return true;
    try {
      return readiness(await ctx.facts(), ctx.identity) !== 'needs-erase';
    } catch (e) {
      // The device forgot the pairing the pair step just made: what an erase does. If something
      // else did it, supervise meets the device as it is and asks for the erase again (RedoFrom).
      if (errorCodeOf(e) === 'NOT_PAIRED') return true;
      throw e;
    }
  },
  async run(spec, ctx) {
    if (!spec.allowed) {
      throw new StagingError('CLOUD_CONFIG_PRESENT', 'This device is already set up and must be erased first.', 'Allow erasing in the blueprint (cartwright prepare --erase).');
    }
    ctx.progress('Erasing');
    await ctx.device.erase(ctx.udid, { signal: ctx.signal });
  },
};

const REBOOT_TIMEOUT_MS = 20 * 60_000;

/**
 * Decided from the device (or from what it answered earlier in this step chain), not from the
 * job's journal, so a job resumed after a crash between
 * erase and reboot still waits: an erase this station sent and the device has not come back from,
 * or a device that no longer knows the pairing (an erased device forgets every host).
 */
export const awaitRebootStep: StepDefinition<'await-reboot'> = {
  type: 'await-reboot',
  title: 'Wait for restart',
  async isDone(_spec, ctx) {
    if (ctx.device.rebootPending(ctx.udid)) return false;
    try {
      // Unless this chain erased the device, facts it read since pairing prove the pairing
      // holds (a device that forgot it answers no read); a resumed job has none cached and reads.
      await (ctx.stepRan('erase') ? ctx.refresh() : ctx.facts());
      return true;
    } catch (e) {
      if (errorCodeOf(e) === 'NOT_PAIRED') return false;
      throw e;
    }
  },
  async run(_spec, ctx) {
    ctx.progress('Waiting for the device to restart');
    await ctx.device.waitForAttach(ctx.udid, { signal: ctx.signal, timeoutMs: REBOOT_TIMEOUT_MS });
    // An erased device has forgotten every pairing: pair again (the port re-pairs a stale record).
    await pairShowingTrust(ctx);
  },
};
