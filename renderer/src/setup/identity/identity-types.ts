import type { HostedOutput } from '../../../../electron/api/index.js';

/** A certificate's facts as the identity commands answer them (no secret). */
export type CertificateView = HostedOutput<'identity.import'>['identity'];
