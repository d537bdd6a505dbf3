import { StagingError, type DeviceFacts } from '../device-port.js';
import type { StepContext, StepDefinition } from './context.js';
import { configuredInSetupError, eraseAllowed, needsEraseError, readiness } from './readiness.js';
import { errorCodeOf, RedoFrom } from './redo.js';
import { cloudConfiguration, requireIdentity, supervisedByUs } from './supervision.js';
import { profileFacts } from './profile-facts.js';

export const superviseStep: StepDefinition<'supervise'> = {
  type: 'supervise',
  title: 'Supervise',
  async isDone(_spec, ctx) {
    try {
      return supervisedByUs(await ctx.facts(), ctx.identity);
    } catch (e) {
      if (errorCodeOf(e) === 'NOT_PAIRED') return false;
      throw e;
    }
  },
  async run(spec, ctx) {
    const identity = requireIdentity(ctx.identity);
    const facts = await factsOrRepair(ctx);
    const state = readiness(facts, identity);
    if (state === 'ours') return { organizationName: facts.organizationName };
    if (state === 'configured-in-setup') throw configuredInSetupError();
    if (state === 'needs-erase') throw eraseOrRefuse(ctx, needsEraseError(facts));
    ctx.progress('Supervising');
    try {
      await ctx.device.setCloudConfiguration(ctx.udid, cloudConfiguration(spec, identity), { signal: ctx.signal, identity });
    } catch (e) {
      if (errorCodeOf(e) !== 'CLOUD_CONFIG_PRESENT') throw e;
      // 14002: the device says it is past the point where a configuration can be set, whatever
      // GetCloudConfiguration showed. Still never erase one that positively reads as in Setup
      // Assistant with a configuration applied (erasing would not help there).
      if (readiness(await ctx.refresh('cloud-configuration'), identity) === 'configured-in-setup') throw configuredInSetupError();
      throw eraseOrRefuse(ctx, new StagingError('CLOUD_CONFIG_PRESENT', 'The device refused the cloud configuration: it is already set up (past Setup Assistant).', 'Erase it first: allow erasing in the blueprint (cartwright prepare --erase) or erase it from the Device screen.'));
    }
    // SetCloudConfiguration changed that alone; what the device now reports is the evidence.
    const after = await ctx.refresh('cloud-configuration');
    if (!supervisedByUs(after, identity)) {
      throw new StagingError('PROTOCOL', 'The device accepted the cloud configuration but does not report itself supervised by this organization.');
    }
    return { organizationName: after.organizationName };
  },
};

/** With erasing allowed, the refusal becomes the erase path (RedoFrom, see redo.ts); else it stands. */
function eraseOrRefuse(ctx: StepContext, refusal: StagingError): StagingError {
  if (!eraseAllowed(ctx.blueprint.steps)) return refusal;
  return new RedoFrom('erase', true, refusal.code, refusal.message, refusal.remedy);
}

/**
 * Facts, or — when the device no longer knows the pairing (erased while the job was paused or
 * the station stopped) — a request to run await-reboot and what follows it (pair, activate) again.
 */
async function factsOrRepair(ctx: StepContext) {
  try {
    return await ctx.facts();
  } catch (e) {
    if (errorCodeOf(e) !== 'NOT_PAIRED') throw e;
    throw new RedoFrom('await-reboot', false, 'NOT_PAIRED', 'The device forgot this station (it was erased); pairing again.');
  }
}

export const escalateStep: StepDefinition<'escalate'> = {
  type: 'escalate',
  title: 'Authenticate as supervisor',
  async run(_spec, ctx) {
    const told = await ctx.device.escalate(ctx.udid, requireIdentity(ctx.identity), { signal: ctx.signal });
    // "Has a passcode" is only known on an escalated connection; kept in the journal for the report.
    return { passcodePresent: told?.passcodePresent ?? null };
  },
};

type InstalledProfile = DeviceFacts['profiles'][number];

/**
 * Keeps the cached profile list true after installs the device acknowledged, without reading it
 * again. A silent install (supervised, escalated) is installed and listed at once, a profile with an
 * installed identifier replacing that one (docs/device-protocols.md §4.4, §4.8); an interactive
 * one may wait for the user in Settings (§4.2), so then only the device's own list tells.
 */
async function afterInstalls(ctx: StepContext, installed: InstalledProfile[], silent: boolean): Promise<void> {
  if (installed.length === 0) return;
  if (!silent) {
    await ctx.refresh('profiles');
    return;
  }
  const known = (await ctx.facts()).profiles;
  const byId = new Map(installed.map((p) => [p.identifier, p]));
  const kept = known.map((p) => byId.get(p.identifier) ?? p);
  const added = installed.filter((p) => !known.some((k) => k.identifier === p.identifier));
  ctx.remember({ profiles: [...kept, ...added] });
}

function installedWithUuid(profiles: { identifier: string; uuid: string | null }[], identifier: string, uuid: string): boolean {
  return profiles.some((p) => p.identifier === identifier && (p.uuid === null || p.uuid === uuid));
}

export const installProfilesStep: StepDefinition<'install-profiles'> = {
  type: 'install-profiles',
  title: 'Install profiles',
  async isDone(spec, ctx) {
    const facts = await ctx.facts();
    return spec.profiles.every((p) => {
      const info = profileFacts(ctx, Buffer.from(p.data, 'base64'));
      return installedWithUuid(facts.profiles, info.identifier, info.uuid);
    });
  },
  async run(spec, ctx) {
    const facts = await ctx.facts();
    const identity = supervisedByUs(facts, ctx.identity) ? ctx.identity : null;
    const installed: InstalledProfile[] = [];
    for (const [i, p] of spec.profiles.entries()) {
      const bytes = Buffer.from(p.data, 'base64');
      const info = profileFacts(ctx, bytes);
      if (installedWithUuid(facts.profiles, info.identifier, info.uuid)) continue;
      ctx.progress(`Installing profile ${i + 1} of ${spec.profiles.length}: ${info.displayName ?? p.name}`);
      await ctx.device.installProfile(ctx.udid, bytes, { signal: ctx.signal, identity });
      installed.push({ identifier: info.identifier, uuid: info.uuid, displayName: info.displayName });
    }
    await afterInstalls(ctx, installed, identity !== null);
    return { installed: installed.map((p) => p.identifier) };
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
    const info = profileFacts(ctx, bytes);
    return installedWithUuid((await ctx.facts()).profiles, info.identifier, info.uuid);
  },
  async run(spec, ctx) {
    const bytes = await enrollmentBytes(spec, ctx);
    const info = profileFacts(ctx, bytes);
    if (!info.isMdm) {
      throw new StagingError('PROFILE_REJECTED', `The enrollment profile "${info.displayName ?? info.identifier}" has no MDM payload.`, 'Export the enrollment profile from the MDM console again.');
    }
    if (spec.mode === 'store') {
      ctx.progress('Storing the MDM profile for Setup Assistant');
      await ctx.device.storeProfile(ctx.udid, bytes, { signal: ctx.signal });
    } else {
      ctx.progress('Installing the MDM profile');
      const identity = supervisedByUs(await ctx.facts(), ctx.identity) ? ctx.identity : null;
      await ctx.device.installProfile(ctx.udid, bytes, { signal: ctx.signal, identity });
      await afterInstalls(ctx, [{ identifier: info.identifier, uuid: info.uuid, displayName: info.displayName }], identity !== null);
    }
    return { identifier: info.identifier, mode: spec.mode };
  },
};
