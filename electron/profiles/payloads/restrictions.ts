import { ProfileError } from '../errors.js';
import type { PayloadDraft } from './draft.js';

export type RestrictionValue = boolean | number | string | string[];

export function restrictionsPayload(settings: Record<string, RestrictionValue>): PayloadDraft {
  if (Object.keys(settings).length === 0) throw new ProfileError('SPEC_INVALID', 'a restrictions payload needs at least one setting');
  return { type: 'com.apple.applicationaccess', identifierSuffix: 'restrictions', displayName: 'Restrictions', content: { ...settings } };
}

/** `allowCamera=false` → ["allowCamera", false]; numbers and booleans are typed, anything else stays text. */
export function parseRestrictionAssignment(assignment: string): [string, RestrictionValue] {
  const match = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(assignment);
  if (!match) throw new ProfileError('SPEC_INVALID', `"${assignment}" is not key=value (e.g. allowCamera=false)`);
  const [, key = '', raw = ''] = match;
  if (raw === 'true' || raw === 'false') return [key, raw === 'true'];
  if (/^-?\d+$/.test(raw)) return [key, Number(raw)];
  if (/^(allow|force)[A-Z]/.test(key)) throw new ProfileError('SPEC_INVALID', `restriction ${key} must be true or false, not "${raw}"`);
  return [key, raw];
}
