import { StagingError } from '../device-port.js';
import type { StepDefinition } from './context.js';
import { cloudConfiguration, requireIdentity, supervisedByUs } from './supervision.js';

export const superviseStep: StepDefinition<'supervise'> = {
  type: 'supervise',
  title: 'Supervise',
  async isDone(_spec, ctx) {
    return supervisedByUs(await ctx.facts(), ctx.identity);
  },
  async run(spec, ctx) {
    const identity = requireIdentity(ctx.identity);
    const facts = await ctx.facts();
    if (facts.cloudConfigured) {
      throw new StagingError(
        facts.supervised ? 'SUPERVISED_ELSEWHERE' : 'CLOUD_CONFIG_PRESENT',
        facts.supervised ? `This device is supervised by ${facts.organizationName ?? 'another organization'}.` : 'This device already has a cloud configuration.',
        'Erase it first (allow erasing in the blueprint).',
      );
    }
    ctx.progress('Supervising');
    await ctx.device.setCloudConfiguration(ctx.udid, cloudConfiguration(spec, identity), { signal: ctx.signal });
    const after = await ctx.refresh();
    if (!supervisedByUs(after, identity)) {
      throw new StagingError('PROTOCOL', 'The device accepted the cloud configuration but does not report itself supervised by this organization.');
    }
    return { organizationName: after.organizationName };
  },
};

export const escalateStep: StepDefinition<'escalate'> = {
  type: 'escalate',
  title: 'Authenticate as supervisor',
  async run(_spec, ctx) {
    await ctx.device.escalate(ctx.udid, requireIdentity(ctx.identity), { signal: ctx.signal });
  },
};

function installedWithUuid(profiles: { identifier: string; uuid: string | null }[], identifier: string, uuid: string): boolean {
  return profiles.some((p) => p.identifier === identifier && (p.uuid === null || p.uuid === uuid));
}

export const installProfilesStep: StepDefinition<'install-profiles'> = {
  type: 'install-profiles',
  title: 'Install profiles',
  async isDone(spec, ctx) {
    const facts = await ctx.facts();
    return spec.profiles.every((p) => {
      const info = ctx.inspectProfile(Buffer.from(p.data, 'base64'));
      return installedWithUuid(facts.profiles, info.identifier, info.uuid);
    });
  },
  async run(spec, ctx) {
    const facts = await ctx.facts();
    const identity = supervisedByUs(facts, ctx.identity) ? ctx.identity : null;
    const installed: string[] = [];
    for (const [i, p] of spec.profiles.entries()) {
      const bytes = Buffer.from(p.data, 'base64');
      const info = ctx.inspectProfile(bytes);
      if (installedWithUuid(facts.profiles, info.identifier, info.uuid)) continue;
      ctx.progress(`Installing profile ${i + 1} of ${spec.profiles.length}: ${info.displayName ?? p.name}`);
      await ctx.device.installProfile(ctx.udid, bytes, { signal: ctx.signal, identity });
      installed.push(info.identifier);
    }
    await ctx.refresh();
    return { installed };
  },
};

async function enrollmentBytes(spec: Parameters<typeof enrollStep.run>[0], ctx: Parameters<typeof enrollStep.run>[1]): Promise<Buffer> {
  if ('data' in spec.profile) return Buffer.from(spec.profile.data, 'base64');
  const stored = await ctx.storedEnrollmentProfile();
  if (!stored) {
    throw new StagingError('INVALID_INPUT', 'The blueprint enrolls with the station\'s MDM enrollment profile, but none was imported.', 'Import one: cartwright enroll-profile import FILE (or --url URL).');
  }
  return stored;
}

export const enrollStep: StepDefinition<'enroll'> = {
  type: 'enroll',
  title: 'Enroll in MDM',
  async isDone(spec, ctx) {
    const bytes = await enrollmentBytes(spec, ctx);
    if (spec.mode === 'store') return (await ctx.device.storedProfile(ctx.udid, { signal: ctx.signal }))?.equals(bytes) ?? false;
    const info = ctx.inspectProfile(bytes);
    return installedWithUuid((await ctx.facts()).profiles, info.identifier, info.uuid);
  },
  async run(spec, ctx) {
    const bytes = await enrollmentBytes(spec, ctx);
    const info = ctx.inspectProfile(bytes);
    if (!info.isMdm) {
      throw new StagingError('PROFILE_REJECTED', `The enrollment profile "${info.displayName ?? info.identifier}" has no MDM payload.`, 'Export the enrollment profile from the MDM console again.');
    }
    if (spec.mode === 'store') {
      ctx.progress('Storing the MDM profile for Setup Assistant');
      await ctx.device.storeProfile(ctx.udid, bytes, { signal: ctx.signal });
    } else {
      ctx.progress('Installing the MDM profile');
      const facts = await ctx.facts();
      await ctx.device.installProfile(ctx.udid, bytes, { signal: ctx.signal, identity: supervisedByUs(facts, ctx.identity) ? ctx.identity : null });
      await ctx.refresh();
    }
    return { identifier: info.identifier, mode: spec.mode };
  },
};
