/** Test .mobileconfig builders: XML, binary and CMS-signed encodings of the same profile. */
import bplistCreator from 'bplist-creator';
import { build, type PlistValue } from 'plist';
import { signCms, type Identity } from './supervision-identity.js';

export interface ProfileOptions {
  uuid?: string;
  displayName?: string;
  organization?: string;
  description?: string;
  removalDisallowed?: boolean;
  version?: number;
  payloads?: Record<string, unknown>[];
}

export function profileDict(identifier: string, options: ProfileOptions = {}): Record<string, unknown> {
  const dict: Record<string, unknown> = {
    PayloadType: 'Configuration',
    PayloadIdentifier: identifier,
    PayloadUUID: options.uuid ?? `UUID-${identifier}`,
    PayloadVersion: options.version ?? 1,
    PayloadDisplayName: options.displayName ?? `Profile ${identifier}`,
    PayloadRemovalDisallowed: options.removalDisallowed ?? false,
    PayloadContent: options.payloads ?? [
      {
        PayloadType: 'com.apple.applicationaccess',
        PayloadIdentifier: `${identifier}.restrictions`,
        PayloadUUID: `UUID-${identifier}-restrictions`,
        PayloadVersion: 1,
        allowCamera: false,
      },
    ],
  };
  if (options.organization !== undefined) dict.PayloadOrganization = options.organization;
  if (options.description !== undefined) dict.PayloadDescription = options.description;
  return dict;
}

export function mdmPayload(identifier: string): Record<string, unknown> {
  return {
    PayloadType: 'com.apple.mdm',
    PayloadIdentifier: `${identifier}.mdm`,
    PayloadUUID: `UUID-${identifier}-mdm`,
    PayloadVersion: 1,
    ServerURL: 'https://mdm.example.com/server',
    CheckInURL: 'https://mdm.example.com/checkin',
    Topic: 'com.apple.mgmt.External.test',
    IdentityCertificateUUID: 'UUID-identity',
    AccessRights: 8191,
    SignMessage: false,
  };
}

export const xml = (value: Record<string, unknown>): Buffer => Buffer.from(build(value as PlistValue), 'utf8');
export const binary = (value: Record<string, unknown>): Buffer => bplistCreator(value);
export const signed = (value: Record<string, unknown>, signer: Identity): Buffer => signCms(xml(value), signer);
