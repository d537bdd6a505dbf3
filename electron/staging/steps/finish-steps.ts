import { renderName } from '../name-template.js';
import { StagingError } from '../device-port.js';
import type { StepContext, StepDefinition } from './context.js';
import { supervisedByUs } from './supervision.js';
import { profileFacts } from './profile-facts.js';

async function targetName(template: string, ctx: StepContext): Promise<string> {
  const f = await ctx.facts();
  try {
    return renderName(template, { slot: ctx.slot, serial: f.serial, name: f.name, model: f.model, user: ctx.user, n: ctx.n });
  } catch (e) {
    throw new StagingError('INVALID_INPUT', (e as Error).message, 'Fix the name template in the blueprint.');
  }
}

export const renameStep: StepDefinition<'rename'> = {
  type: 'rename',
  title: 'Rename',
  async isDone(spec, ctx) {
    return (await ctx.facts()).name === (await targetName(spec.template, ctx));
  },
  async run(spec, ctx) {
    const name = await targetName(spec.template, ctx);
    // The port read the name back from the device (it may trim it): that answer is the fact.
    const { name: reported } = await ctx.device.rename(ctx.udid, name, { signal: ctx.signal });
    ctx.remember({ name: reported });
    return { name };
  },
};

export const wallpaperStep: StepDefinition<'wallpaper'> = {
  type: 'wallpaper',
  title: 'Set wallpaper',
  async run(spec, ctx) {
    const facts = await ctx.facts();
    await ctx.device.setWallpaper(ctx.udid, Buffer.from(spec.image, 'base64'), spec.where, {
      signal: ctx.signal,
      identity: supervisedByUs(facts, ctx.identity) ? ctx.identity : null,
    });
  },
};

/** Tells the MDM the device is staged, through the outbox: exactly once per job, even across restarts. */
export const reportMdmStep: StepDefinition<'report-mdm'> = {
  type: 'report-mdm',
  title: 'Report to MDM',
  async isDone(_spec, ctx) {
    return ctx.hasMdmMessage(`device-staged:${ctx.jobId}`);
  },
  async run(_spec, ctx) {
    const f = await ctx.facts();
    ctx.enqueueMdm(
      'device-staged',
      { udid: f.udid, serial: f.serial, imei: f.imei, name: f.name, model: f.model, productVersion: f.productVersion, blueprint: ctx.blueprint.name, user: ctx.user },
      `device-staged:${ctx.jobId}`,
    );
  },
};

/**
 * Re-reads the device and compares it with what the blueprint promised: the one check that never
 * trusts the facts the steps kept, so a change a step remembered but the device lost still fails.
 */
export const verifyStep: StepDefinition<'verify'> = {
  type: 'verify',
  title: 'Verify',
  async run(_spec, ctx) {
    const f = await ctx.refresh();
    const problems: string[] = [];
    for (const step of ctx.blueprint.steps) {
      if (step.type === 'supervise' && !supervisedByUs(f, ctx.identity)) problems.push('not supervised by this organization');
      if (step.type === 'install-profiles') {
        for (const p of step.profiles) {
          const info = profileFacts(ctx, Buffer.from(p.data, 'base64'));
          if (!f.profiles.some((x) => x.identifier === info.identifier)) problems.push(`profile ${info.identifier} missing`);
        }
      }
      if (step.type === 'enroll' && step.mode === 'install' && 'data' in step.profile) {
        const info = profileFacts(ctx, Buffer.from(step.profile.data, 'base64'));
        if (!f.profiles.some((x) => x.identifier === info.identifier)) problems.push('MDM profile missing');
      }
      if (step.type === 'rename') {
        const expected = renderName(step.template, { slot: ctx.slot, serial: f.serial, name: f.name, model: f.model, user: ctx.user, n: ctx.n });
        if (f.name !== expected) problems.push(`name is "${f.name}", expected "${expected}"`);
      }
    }
    if (problems.length) throw new StagingError('PROTOCOL', `Verification failed: ${problems.join('; ')}.`, 'Run the blueprint again on this device.');
    return { supervised: f.supervised, organizationName: f.organizationName, name: f.name, profiles: f.profiles.map((p) => p.identifier) };
  },
};
