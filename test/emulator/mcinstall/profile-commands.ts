/**
 * Profile requests: GetProfileList (docs/device-protocols.md §4.3), InstallProfile /
 * InstallProfileSilent, RemoveProfile in its three identifier encodings (§4.5), StoreProfile /
 * GetStoredProfile.
 */
import type { InstalledProfile, McInstallDevice } from './contract.js';
import { installProfile, isSupervised, queuePendingProfile, removeProfile } from './device-state.js';
import { asBuffer, decodePlist, encodeXmlPlist, isData, isDict, type Dict } from './plist-data.js';
import { parseProfile, payloadVersion } from './profile.js';
import { Errors, Status, acknowledged, errorReply, withStatus, type McError, type Reply } from './reply.js';

const POST_SETUP = 'PostSetupInstallation';

export function getProfileList(device: McInstallDevice): Reply {
  const manifest: Dict = {};
  const metadata: Dict = {};
  for (const profile of device.profiles) {
    // go-ios fails to parse an entry missing any of these, so every one is always sent.
    manifest[profile.identifier] = { Description: profile.displayName, IsActive: true };
    const meta: Dict = {
      PayloadDisplayName: profile.displayName,
      PayloadRemovalDisallowed: profile.removalDisallowed,
      PayloadUUID: profile.uuid,
      PayloadVersion: payloadVersion(profile),
    };
    if (profile.description !== undefined) meta.PayloadDescription = profile.description;
    if (profile.organization !== undefined) meta.PayloadOrganization = profile.organization;
    metadata[profile.identifier] = meta;
  }
  return acknowledged({
    OrderedIdentifiers: device.profiles.map((p) => p.identifier),
    ProfileManifest: manifest,
    ProfileMetadata: metadata,
  });
}

/** Payload as the device reads it: data as is, a dictionary re-serialised to XML. */
function payloadBytes(payload: unknown): Buffer | null {
  if (isData(payload)) return asBuffer(payload);
  if (isDict(payload)) return encodeXmlPlist(payload);
  return null;
}

function parseForInstall(payload: unknown, silent: boolean): { profile: InstalledProfile } | { reply: Reply } {
  const bytes = payloadBytes(payload);
  if (!bytes) return { reply: errorReply(Errors.payloadWrongType()) };
  const parsed = parseProfile(bytes);
  if (!parsed.ok) return { reply: errorReply(parsed.error) };
  return { profile: { ...parsed.profile, installedSilently: silent } };
}

/**
 * Interactive install. A supervised device installs it; otherwise the device queues it for the
 * user to approve in Settings and still answers Acknowledged (§4.8).
 */
export function installProfileInteractive(device: McInstallDevice, request: Dict): Reply {
  if (request.Payload === undefined) return withStatus(Status.payloadEmpty);
  const result = parseForInstall(request.Payload, false);
  if ('reply' in result) return result.reply;
  if (isSupervised(device)) installProfile(device, result.profile);
  else queuePendingProfile(device, result.profile);
  return acknowledged();
}

/** Escalated connections only (the dispatcher enforces it): installs without the user. */
export function installProfileSilent(device: McInstallDevice, request: Dict): Reply {
  if (request.Payload === undefined) return withStatus(Status.commandFormatError);
  const result = parseForInstall(request.Payload, true);
  if ('reply' in result) return result.reply;
  installProfile(device, result.profile);
  return acknowledged();
}

/**
 * ProfileIdentifier: a string (go-ios), or data holding an XML (pymobiledevice3) or binary
 * (appium) plist dict with PayloadIdentifier. Unknown identifiers are acknowledged, as on the
 * Chaperone path.
 */
export function removeProfileCommand(device: McInstallDevice, request: Dict): Reply {
  const identifier = decodeProfileIdentifier(request.ProfileIdentifier);
  if (identifier === null) return withStatus(Status.commandFormatError);
  if ('error' in identifier) return errorReply(identifier.error);
  removeProfile(device, identifier.id);
  return acknowledged();
}

function decodeProfileIdentifier(value: unknown): { id: string } | { error: McError } | null {
  if (typeof value === 'string') return { id: value };
  if (!isData(value)) return null;
  let dict: unknown;
  try {
    dict = decodePlist(asBuffer(value));
  } catch {
    return { error: Errors.malformedProfile('The profile identifier cannot be read.') };
  }
  if (isDict(dict) && typeof dict.PayloadIdentifier === 'string') return { id: dict.PayloadIdentifier };
  return { error: Errors.missingField('PayloadIdentifier') };
}

export function storeProfile(device: McInstallDevice, request: Dict): Reply {
  const data = request.ProfileData;
  if (!isData(data)) return withStatus(Status.commandFormatError);
  const raw = Buffer.from(asBuffer(data));
  // The device parses before it looks at Purpose, so a bad profile wins over a bad Purpose.
  const parsed = parseProfile(raw);
  if (!parsed.ok) return errorReply(parsed.error);
  if (request.Purpose !== POST_SETUP) return withStatus(Status.commandFormatError);
  device.storedProfile = { purpose: POST_SETUP, raw };
  return acknowledged();
}

export function getStoredProfile(device: McInstallDevice, request: Dict): Reply {
  if (request.Purpose !== POST_SETUP) return withStatus(Status.commandFormatError);
  const stored = device.storedProfile;
  return stored ? acknowledged({ ProfileData: Buffer.from(stored.raw) }) : acknowledged();
}
