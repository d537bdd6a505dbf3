import type { VppFacts } from './types.js';

/**
 * VPP (Apps and Books) licence planning for a blueprint's apps, and the licence-inconsistency
 * risks named in the WS1 "VPP Staging" guidance (seeds): one content token in one MDM and one
 * organization group only; one device to one Apple ID, never changed. Device-assigned licences
 * need no Apple ID and are what Apple and the MDMs recommend for staged and shared devices.
 */
export type Licensing = 'device' | 'user';
export type StagingFlow = 'single-standard' | 'single-advanced' | 'multi-user';

export interface BlueprintApp {
  name: string;
  adamId?: string;
  bundleId?: string;
  /** False when the developer has not enabled device assignment (books are never device-assignable). */
  deviceAssignable?: boolean;
}

export interface LicenceNeed {
  app: string;
  licensing: Licensing;
  needed: number;
  available: number | null;
  shortfall: number;
  notes: string[];
}

export interface LicencePlan {
  needs: LicenceNeed[];
  risks: string[];
}

export interface LicencePlanInput {
  apps: readonly BlueprintApp[];
  licensing: Licensing;
  /** Devices the blueprint stages. */
  devices: number;
  /** Distinct people (Apple IDs) who will use them; defaults to one per device. */
  users?: number;
  flow?: StagingFlow;
  /** What the MDM reports, to compare needs with available licences. */
  facts?: VppFacts;
}

export function planLicences(input: LicencePlanInput): LicencePlan {
  const users = input.users ?? input.devices;
  const risks = new Set<string>();
  const needs = input.apps.map((app): LicenceNeed => {
    const notes: string[] = [];
    let licensing = input.licensing;
    if (licensing === 'device' && app.deviceAssignable === false) {
      licensing = 'user';
      notes.push('not device-assignable: needs user-assigned licences (an Apple ID per user)');
    }
    const needed = licensing === 'device' ? input.devices : users;
    const known = input.facts?.apps.find((f) => (app.adamId && f.adamId === app.adamId) || (app.bundleId && f.bundleId === app.bundleId) || f.name === app.name);
    const available = known?.available ?? null;
    if (known && known.assignmentModel !== 'unknown' && known.assignmentModel !== licensing) notes.push(`the MDM distributes it with ${known.assignmentModel}-assigned licences`);
    if (licensing === 'user') userLicensingRisks(input.flow).forEach((r) => risks.add(r));
    return { app: app.name, licensing, needed, available, shortfall: available === null ? 0 : Math.max(0, needed - available), notes };
  });
  return { needs, risks: [...risks] };
}

function userLicensingRisks(flow: StagingFlow | undefined): string[] {
  const common = 'User-assigned licences follow the Apple ID: a device whose Apple ID changes loses access to apps licensed to the old one. Prefer device-assigned licences for staged devices.';
  switch (flow) {
    case 'single-advanced':
      return [common, 'Single User Advanced: pre-configured Apple IDs must be maintained and handed to users; users who change the Apple ID, or do not return to the pre-configured one, break licensing.'];
    case 'multi-user':
      return [
        common,
        'Multi User: common apps must be installed and updated with the staging user\'s Apple ID, unique apps with each user\'s own; do not switch devices back to the staging Apple ID at check-in, and users must not replace the staging Apple ID at check-out.',
      ];
    default:
      return [common];
  }
}

export interface TokenUse {
  name: string;
  /** MDM environments using this content token (e.g. "ws1-prod", "ws1-uat", "meraki"). */
  environments: readonly string[];
  /** Organization groups (WS1) it is configured in. */
  organizationGroups?: readonly string[];
}

export interface AppleIdChange {
  serial: string;
  previous: string;
  current: string;
}

/** The seed's licence-inconsistency risks, as sentences a technician can act on. */
export function licenceRisks(tokens: readonly TokenUse[], appleIdChanges: readonly AppleIdChange[] = []): string[] {
  const risks: string[] = [];
  for (const token of tokens) {
    const envs = [...new Set(token.environments)];
    if (envs.length > 1) risks.push(`Content token "${token.name}" is used in ${envs.length} MDM environments (${envs.join(', ')}): licences revoked in one are lost in the other. Use one token per MDM.`);
    const ogs = [...new Set(token.organizationGroups ?? [])];
    if (ogs.length > 1) risks.push(`Content token "${token.name}" is configured in ${ogs.length} organization groups (${ogs.join(', ')}): use it in one organization group only.`);
  }
  for (const change of appleIdChanges) {
    if (change.previous.trim().toLowerCase() === change.current.trim().toLowerCase()) continue;
    risks.push(`Device ${change.serial} changed Apple ID (${change.previous} → ${change.current}): user-assigned licences of ${change.previous} no longer reach it. Keep one device on one Apple ID.`);
  }
  return risks;
}
