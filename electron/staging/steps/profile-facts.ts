/**
 * A profile's identifier, UUID and kind, decoded once per content. Steps ask for them in isDone,
 * in run and again in verify, for every device of a batch, and decoding a .mobileconfig (an XML
 * plist DOM, and its validation) was the largest main-thread cost of a staging job after the
 * device connections themselves (issue 14). The bytes are the key, so a changed profile is
 * decoded again; the station's inspector is pure, so its answer for the same bytes never changes.
 */
import { createHash } from 'node:crypto';
import type { StepContext } from './context.js';

type Inspect = StepContext['inspectProfile'];
type ProfileFacts = ReturnType<Inspect>;

/** Enough for every profile of every blueprint a station runs at once. */
const MAX_PER_INSPECTOR = 64;
const byInspector = new WeakMap<Inspect, Map<string, ProfileFacts>>();

export function profileFacts(ctx: Pick<StepContext, 'inspectProfile'>, bytes: Buffer): ProfileFacts {
  let cache = byInspector.get(ctx.inspectProfile);
  if (!cache) byInspector.set(ctx.inspectProfile, (cache = new Map()));
  const key = createHash('sha256').update(bytes).digest('base64');
  const known = cache.get(key);
  if (known) return known;
  // A profile the inspector refuses throws here every time; only answers are kept.
  const facts = ctx.inspectProfile(bytes);
  if (cache.size >= MAX_PER_INSPECTOR) cache.delete(cache.keys().next().value as string);
  cache.set(key, facts);
  return facts;
}
