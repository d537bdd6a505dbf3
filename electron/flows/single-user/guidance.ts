import type { FlowName } from '../../api/flows.js';
import type { Blueprint } from '../../staging/blueprint.js';

/**
 * VPP (Apps and Books) and Apple ID guidance for a flow, from the WS1 "VPP staging" appendix
 * (seeds 000): device-assigned licences need no Apple ID and are right for staged and shared
 * devices; user-assigned licences follow an Apple ID, so the risky patterns are named up front.
 */
export function flowGuidance(flow: FlowName, blueprint: Pick<Blueprint, 'name' | 'appLicensing'>): string[] {
  if (blueprint.appLicensing === 'device') {
    return [`Blueprint "${blueprint.name}" uses device-assigned app licences: no Apple ID is needed on the devices, the recommended setup for ${flowText(flow)}.`];
  }
  const out = [
    `Blueprint "${blueprint.name}" uses user-assigned app licences: apps follow the Apple ID signed in on each device. Prefer device-assigned licences for staged and shared devices.`,
    'Do not change the Apple ID on a staged device: apps licensed to the previous Apple ID stop updating and can be revoked (one device, one Apple ID).',
  ];
  switch (flow) {
    case 'single-user-standard':
      out.push('Do not leave the staging Apple ID signed in on devices that users then sign into: each user should bring their own Apple ID.');
      break;
    case 'single-user-advanced':
      out.push('Pre-configured Apple IDs must be maintained and given to each user; a user who changes the Apple ID, or does not return to the pre-configured one, breaks the licensing.');
      break;
    case 'multi-user':
      out.push(
        'Multi User: common apps are installed and updated with the staging Apple ID, personal apps with each user\'s own. Do not switch devices back to the staging Apple ID at check-in, and users must not replace the staging Apple ID at check-out.',
      );
      break;
  }
  out.push('Use the content token (sToken) in one MDM and one organization group only: a licence revoked in one environment is lost in the other.');
  return out;
}

function flowText(flow: FlowName): string {
  return flow === 'multi-user' ? 'shared devices with check-out and check-in' : 'staged devices';
}
