/**
 * .mobileconfig parsing and validation (docs/device-protocols.md §4.4): XML, binary, or wrapped in
 * CMS SignedData. The device accepts a profile signed by an untrusted certificate (shown "Not
 * Verified") but rejects one whose signature does not verify.
 */
import type { InstalledProfile } from './contract.js';
import { CmsError, parseCmsSignedData } from './cms.js';
import { verifyCmsSignature } from './cms-verify.js';
import { decodePlist, isDict, isNumber, type Dict } from './plist-data.js';
import { Errors, type McError } from './reply.js';

export type ParsedProfile = Omit<InstalledProfile, 'installedSilently'>;

export type ProfileResult = { ok: true; profile: ParsedProfile } | { ok: false; error: McError };

const fail = (error: McError): ProfileResult => ({ ok: false, error });

export function parseProfile(raw: Buffer): ProfileResult {
  if (raw.length === 0) return fail(Errors.malformedProfile('The profile is empty.'));
  let inner = raw;
  let signerCertificates: Buffer[] | undefined;
  if (raw[0] === 0x30) {
    try {
      const cms = parseCmsSignedData(raw);
      if (!cms.content) return fail(Errors.malformedProfile('The signed profile has no content.'));
      if (!verifyCmsSignature(raw, []).ok) return fail(Errors.badSignature());
      inner = cms.content;
      signerCertificates = cms.certificates;
    } catch (err) {
      if (err instanceof CmsError) return fail(Errors.malformedProfile('The signed data cannot be read.'));
      throw err;
    }
  }
  let root: unknown;
  try {
    root = decodePlist(inner);
  } catch {
    return fail(Errors.malformedProfile('The data is not a property list.'));
  }
  if (!isDict(root)) return fail(Errors.malformedProfile('The property list is not a dictionary.'));
  const checked = validateTopLevel(root);
  if ('error' in checked) return fail(checked.error);
  const payloads = validatePayloads(root, checked.uuid);
  if ('error' in payloads) return fail(payloads.error);
  const profile: ParsedProfile = {
    identifier: checked.identifier,
    uuid: checked.uuid,
    displayName: optionalString(root, 'PayloadDisplayName') ?? checked.identifier,
    removalDisallowed: root.PayloadRemovalDisallowed === true,
    payloadTypes: payloads.types,
    isMdm: payloads.types.includes('com.apple.mdm'),
    raw,
    plist: root,
  };
  const organization = optionalString(root, 'PayloadOrganization');
  const description = optionalString(root, 'PayloadDescription');
  if (organization !== undefined) profile.organization = organization;
  if (description !== undefined) profile.description = description;
  if (signerCertificates) profile.signerCertificates = signerCertificates;
  return { ok: true, profile };
}

function optionalString(dict: Dict, key: string): string | undefined {
  const value = dict[key];
  return typeof value === 'string' ? value : undefined;
}

function validateTopLevel(root: Dict): { identifier: string; uuid: string } | { error: McError } {
  for (const key of ['PayloadType', 'PayloadIdentifier', 'PayloadUUID']) {
    if (root[key] === undefined) return { error: Errors.missingField(key) };
    if (typeof root[key] !== 'string') return { error: Errors.badFieldType(key) };
  }
  if (root.PayloadType !== 'Configuration') return { error: Errors.unsupportedFieldValue('PayloadType') };
  if ((root.PayloadIdentifier as string).length === 0) return { error: Errors.unsupportedFieldValue('PayloadIdentifier') };
  if (root.PayloadVersion !== undefined && !isNumber(root.PayloadVersion)) return { error: Errors.badFieldType('PayloadVersion') };
  for (const key of ['PayloadDisplayName', 'PayloadDescription', 'PayloadOrganization']) {
    if (root[key] !== undefined && typeof root[key] !== 'string') return { error: Errors.badFieldType(key) };
  }
  if (root.PayloadRemovalDisallowed !== undefined && typeof root.PayloadRemovalDisallowed !== 'boolean') {
    return { error: Errors.badFieldType('PayloadRemovalDisallowed') };
  }
  if (root.EncryptedPayloadContent !== undefined) {
    // Encrypted to the device identity, which the emulator does not have.
    return { error: Errors.cannotDecrypt() };
  }
  return { identifier: root.PayloadIdentifier as string, uuid: root.PayloadUUID as string };
}

function validatePayloads(root: Dict, profileUuid: string): { types: string[] } | { error: McError } {
  const content = root.PayloadContent;
  if (content === undefined) return { types: [] };
  if (!Array.isArray(content)) return { error: Errors.badFieldType('PayloadContent') };
  const types: string[] = [];
  const uuids = new Set([profileUuid]);
  for (const [index, payload] of content.entries()) {
    if (!isDict(payload)) return { error: Errors.badPayload(`Payload ${index} is not a dictionary.`) };
    for (const key of ['PayloadType', 'PayloadIdentifier', 'PayloadUUID']) {
      if (typeof payload[key] !== 'string') {
        return { error: Errors.badPayload(`Payload ${index} has no valid “${key}”.`) };
      }
    }
    const uuid = payload.PayloadUUID as string;
    if (uuids.has(uuid)) return { error: Errors.nonUniqueUuids() };
    uuids.add(uuid);
    types.push(payload.PayloadType as string);
  }
  return { types };
}

export function payloadVersion(profile: InstalledProfile): number {
  const version = profile.plist.PayloadVersion;
  return isNumber(version) ? Number(version) : 1;
}
