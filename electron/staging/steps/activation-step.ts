import { isActivatedState } from '../../api/activation-state.js';
import { StagingError } from '../device-port.js';
import type { StepDefinition } from './context.js';

/**
 * Activates a device waiting Unactivated at Hello (new, erased, returned to service) through
 * Apple's activation server, as Finder does over USB. The type stays `check-activation` so stored
 * blueprints keep working.
 */
export const activateStep: StepDefinition<'check-activation'> = {
  type: 'check-activation',
  title: 'Activate',
  async run(_spec, ctx) {
    // Read by inspect just before (or afresh on a resumed job); only activating changes it.
    const before = await ctx.facts();
    // An unreadable state is not a reason to stop: later steps meet the device's own refusal.
    if (!before.activationState || isActivatedState(before.activationState)) return { activationState: before.activationState };
    ctx.progress('Activating with Apple');
    const { path } = await ctx.device.activate(ctx.udid, { signal: ctx.signal });
    // Only the activation state changed; the device's own answer decides (lockdown ActivationState).
    const after = await ctx.refresh('activation');
    if (!isActivatedState(after.activationState)) {
      throw new StagingError(
        'NOT_ACTIVATED',
        `The device is still not activated (it reports “${after.activationState ?? 'nothing'}”).`,
        'Activate it on the device (Setup Assistant over Wi-Fi) or with Finder/iTunes, then plug it back in.',
      );
    }
    return { activationState: after.activationState, activatedBy: path };
  },
};
