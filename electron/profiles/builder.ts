import { ProfileError } from './errors.js';
import { certificatePayload } from './payloads/certificate.js';
import type { PayloadDraft } from './payloads/draft.js';
import { homeScreenLayoutPayload, type HomeScreenLayoutSpec } from './payloads/home-screen.js';
import { restrictionsPayload, type RestrictionValue } from './payloads/restrictions.js';
import { webClipPayload, type WebClipSpec } from './payloads/webclip.js';
import { wifiPayload, type WifiSpec } from './payloads/wifi.js';
import { encodePlist, type PlistDict, type PlistFormat } from './plist-codec.js';
import { deterministicUuid } from './uuid.js';
import { assertValidProfile } from './validate.js';

export type PayloadSpec =
  | ({ kind: 'wifi' } & WifiSpec)
  | { kind: 'restrictions'; settings: Record<string, RestrictionValue> }
  | { kind: 'certificate'; certificate: Buffer; name?: string }
  | ({ kind: 'webclip' } & WebClipSpec)
  | ({ kind: 'homeScreenLayout' } & HomeScreenLayoutSpec)
  /** Any payload dict, e.g. from a template profile; missing identifiers are filled in. */
  | { kind: 'raw'; payload: PlistDict };

export interface ProfileSpec {
  /** Reverse-DNS; the device lists the profile under it and replaces a profile with the same one. */
  identifier: string;
  displayName: string;
  organization?: string;
  description?: string;
  removalDisallowed?: boolean;
  scope?: 'System' | 'User';
  payloads: PayloadSpec[];
}

function draftFor(spec: PayloadSpec): PayloadDraft | PlistDict {
  switch (spec.kind) {
    case 'wifi':
      return wifiPayload(spec);
    case 'restrictions':
      return restrictionsPayload(spec.settings);
    case 'certificate':
      return certificatePayload(spec.certificate, spec.name);
    case 'webclip':
      return webClipPayload(spec);
    case 'homeScreenLayout':
      return homeScreenLayoutPayload(spec);
    case 'raw':
      return spec.payload;
  }
}

const isDraft = (d: PayloadDraft | PlistDict): d is PayloadDraft => typeof d.identifierSuffix === 'string' && typeof d.content === 'object';

/** Payload identifiers are `<profile id>.<suffix>`, numbered from the second of a kind so they never collide. */
function uniqueIdentifier(base: string, used: Set<string>): string {
  let candidate = base;
  for (let n = 2; used.has(candidate); n++) candidate = `${base}.${n}`;
  used.add(candidate);
  return candidate;
}

function finishPayload(draft: PayloadDraft | PlistDict, profileId: string, used: Set<string>): PlistDict {
  if (isDraft(draft)) {
    const identifier = uniqueIdentifier(`${profileId}.${draft.identifierSuffix}`, used);
    const body: PlistDict = {
      PayloadType: draft.type,
      PayloadDisplayName: draft.displayName,
      ...(draft.description ? { PayloadDescription: draft.description } : {}),
      ...draft.content,
    };
    return { ...body, PayloadIdentifier: identifier, PayloadUUID: deterministicUuid(identifier, body), PayloadVersion: 1 };
  }
  const type = draft.PayloadType;
  if (typeof type !== 'string' || !type) throw new ProfileError('SPEC_INVALID', 'a pass-through payload has no PayloadType');
  const given = typeof draft.PayloadIdentifier === 'string' && draft.PayloadIdentifier ? draft.PayloadIdentifier : undefined;
  const identifier = uniqueIdentifier(given ?? `${profileId}.${type.split('.').pop() ?? 'payload'}`, used);
  const { PayloadUUID: uuid, ...body } = draft;
  return {
    ...body,
    PayloadIdentifier: identifier,
    PayloadUUID: typeof uuid === 'string' && uuid ? uuid : deterministicUuid(identifier, body),
    PayloadVersion: typeof draft.PayloadVersion === 'number' ? draft.PayloadVersion : 1,
  };
}

/** Build the top-level Configuration dictionary; the same spec always gives the same profile. */
export function buildProfile(spec: ProfileSpec): PlistDict {
  if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(spec.identifier)) {
    throw new ProfileError('SPEC_INVALID', `profile identifier "${spec.identifier}" should be reverse-DNS, e.g. com.example.wifi`);
  }
  if (!spec.displayName.trim()) throw new ProfileError('SPEC_INVALID', 'the profile needs a display name (--name)');
  if (spec.payloads.length === 0) throw new ProfileError('SPEC_INVALID', 'the profile has no payloads; add at least one');
  const used = new Set<string>([spec.identifier]);
  const content = spec.payloads.map((p) => finishPayload(draftFor(p), spec.identifier, used));
  const header: PlistDict = {
    PayloadType: 'Configuration',
    PayloadIdentifier: spec.identifier,
    PayloadDisplayName: spec.displayName,
    ...(spec.description ? { PayloadDescription: spec.description } : {}),
    ...(spec.organization ? { PayloadOrganization: spec.organization } : {}),
    PayloadRemovalDisallowed: spec.removalDisallowed ?? false,
    ...(spec.scope ? { PayloadScope: spec.scope } : {}),
    PayloadVersion: 1,
  };
  const profile: PlistDict = { ...header, PayloadUUID: deterministicUuid(header, content.map((p) => p.PayloadUUID)), PayloadContent: content };
  assertValidProfile(profile);
  return profile;
}

export function buildProfileBytes(spec: ProfileSpec, format: PlistFormat = 'xml'): Buffer {
  return encodePlist(buildProfile(spec), format);
}
