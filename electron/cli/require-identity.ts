import type { HostedHandlers } from '../api/index.js';
import { callApi } from './api-call.js';
import { CliError, ExitCode } from './exit-codes.js';

/**
 * Jobs that supervise need the identity before any device is touched, not halfway through: the
 * station says whether it can use its identity (`identity.check` loads it as staging would).
 * `stage --resume` and `batch resume` check it before a job runs again.
 */
export async function requireIdentity(station: { readonly handlers: HostedHandlers }): Promise<void> {
  const { problem } = await callApi(station, 'identity.check', {});
  if (problem) {
    throw new CliError(
      `${problem} — pass --identity F.p12 --password PW (the identity the batch started with), or store one on the station (cartwright identity import F.p12 --password PW)`,
      ExitCode.FAILURE,
      'NO_IDENTITY',
    );
  }
}
