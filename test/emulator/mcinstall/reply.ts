/**
 * MCInstall reply dictionaries (§4.1). The device builds `{Status:"Error", ErrorObject:NSError}`
 * and the connection flattens the NSError and its underlying errors into `ErrorChain`, outermost
 * first; codes the clients branch on (14002, 33003…) are always the first entry.
 */

export type Reply = Record<string, unknown>;

export const Status = {
  acknowledged: 'Acknowledged',
  error: 'Error',
  commandFormatError: 'CommandFormatError',
  certificateRejected: 'CertificateRejected',
  signedRequestRejected: 'SignedRequestRejected',
  // kMCTPStatusErrorPayloadEmpty's string was not found in the binaries; this spelling is inferred.
  payloadEmpty: 'PayloadEmpty',
  provisionalEnrollmentRejected: 'ProvisionalEnrollmentRejected',
  nonceNotReceived: 'NonceNotReceived',
} as const;

export interface McError {
  code: number;
  domain: string;
  description: string;
  underlying?: McError;
}

export function acknowledged(extra: Record<string, unknown> = {}): Reply {
  return { Status: Status.acknowledged, ...extra };
}

export function withStatus(status: string): Reply {
  return { Status: status };
}

export function errorReply(error: McError): Reply {
  const chain: Record<string, unknown>[] = [];
  for (let e: McError | undefined = error; e; e = e.underlying) {
    chain.push({
      ErrorCode: e.code,
      ErrorDomain: e.domain,
      LocalizedDescription: e.description,
      USEnglishDescription: e.description,
    });
  }
  return { Status: Status.error, ErrorChain: chain };
}

export const Domain = {
  tunnel: 'DMCTunnelErrorDomain',
  cloudConfig: 'MCCloudConfigErrorDomain',
  profile: 'MCProfileErrorDomain',
  payload: 'MCPayloadErrorDomain',
  installation: 'DMCInstallationErrorDomain',
  mcInstallation: 'MCInstallationErrorDomain',
  keybag: 'DMCKeybagErrorDomain',
} as const;

const mk = (domain: string, code: number, description: string, underlying?: McError): McError =>
  underlying ? { domain, code, description, underlying } : { domain, code, description };

/**
 * The errors this emulator produces. Descriptions are ours; each code is marked with the public
 * source that confirms it, or "unconfirmed" (then it is this emulator's plausible choice and the
 * station must not branch on it).
 */
export const Errors = {
  // unconfirmed (docs/device-protocols.md §4 reading of the tunnel parser)
  payloadWrongType: () => mk(Domain.tunnel, 14000, 'The “Payload” field is invalid.'),
  // pymobiledevice3 services/mobile_config.py ERROR_CLOUD_CONFIGURATION_ALREADY_PRESENT
  cloudConfigurationPresent: () =>
    mk(Domain.tunnel, 14002, 'The device already has a cloud configuration. Erase the device to set a new one.'),
  // decompiled MCCloudConfigurationWriter _validateCloudConfigDetails (public iOS dumps)
  invalidCloudConfiguration: (detail: string) =>
    mk(Domain.cloudConfig, 33002, `The cloud configuration is invalid: ${detail}`),
  // decompiled MCCloudConfigurationWriter _verifyActivationState
  notActivated: () =>
    mk(Domain.cloudConfig, 33003, 'Cannot store cloud configuration because this device is not activated.'),
  // decompiled MCCloudConfigurationWriter _verifyCloudConfigSourceWithDetails
  mustUseDep: () =>
    mk(Domain.cloudConfig, 33004, 'This device must be configured via the Device Enrollment Program.'),
  // code as 33002 above; the User Enrollment case itself is unconfirmed
  userEnrollmentCannotSupervise: () =>
    mk(Domain.cloudConfig, 33002, 'The cloud configuration is invalid: a User Enrollment device cannot be supervised.'),
  // MCProfileErrorDomain 1000–1010: unconfirmed (the domain exists; the numbers are ours)
  malformedProfile: (detail: string) => mk(Domain.profile, 1000, `The profile is malformed. ${detail}`.trim()),
  missingField: (field: string) => mk(Domain.profile, 1002, `The required field “${field}” is missing.`),
  badFieldType: (field: string) => mk(Domain.profile, 1003, `The field “${field}” has an invalid value type.`),
  badSignature: () => mk(Domain.profile, 1004, 'The profile’s signature could not be verified.'),
  unsupportedFieldValue: (field: string) => mk(Domain.profile, 1010, `The field “${field}” has an unsupported value.`),
  cannotDecrypt: () => mk(Domain.profile, 1006, 'The profile cannot be decrypted.'),
  nonUniqueUuids: () => mk(Domain.profile, 1007, 'The profile contains payloads with the same UUID.'),
  // unconfirmed
  badPayload: (detail: string) => mk(Domain.payload, 2000, `A payload is malformed. ${detail}`.trim()),
  // go-ios ios/mcinstall/mcinstall.go keybagErrPasscodeSet
  passcodeSet: () => mk(Domain.keybag, 37002, 'An unlock token cannot be created while a passcode is set.'),
} as const;
