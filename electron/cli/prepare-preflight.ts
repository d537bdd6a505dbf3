import type { Station } from '../station/station.js';
import { callApi } from './api-call.js';
import { CliError, ExitCode } from './exit-codes.js';

/**
 * Before a batch starts: the station's own check (`staging.validate`, the one `staging.start`
 * applies again), every problem printed at once, each with what to do, and no device touched.
 */
export async function refuseUnstageable(station: Pick<Station, 'handlers'>, udids: string[], blueprint: string | { body: unknown }, user?: string): Promise<void> {
  const { problems } = await callApi(station, 'staging.validate', { udids, blueprint, ...(user ? { user } : {}) });
  if (!problems.length) return;
  const lines = problems.map((p, i) => `${problems.length > 1 ? `${i + 1}. ` : ''}${p.message} → ${p.remedy}`);
  throw new CliError(
    problems.length === 1 ? `nothing was started: ${lines[0]}` : `nothing was started (${problems.length} problems, no device was touched):\n${lines.join('\n')}`,
    ExitCode.FAILURE,
    'INVALID_INPUT',
  );
}

/** What a later `stage --resume` will need, said when the batch starts rather than after a crash. */
export function resumeHint(options: { identityFile: string | undefined; kept: boolean; supervises: boolean }): string {
  if (!options.supervises) return 'If this batch is interrupted, resume it with: cartwright stage --resume';
  if (options.kept) return 'The identity is kept, sealed by the station, until this batch ends: if it is interrupted, cartwright stage --resume needs no --identity.';
  if (options.identityFile) {
    return `If this batch is interrupted, resume it with: cartwright stage --resume --identity ${options.identityFile} --password <its password> (or start it with --keep-identity-for-resume, and a resume needs neither).`;
  }
  return 'If this batch is interrupted, resume it with: cartwright stage --resume (it uses the station\'s stored supervision identity).';
}
