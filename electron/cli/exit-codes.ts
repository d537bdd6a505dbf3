/** Exit codes scripts can rely on: success, failure, usage error, and partial failure of a batch. */
export const ExitCode = {
  OK: 0,
  FAILURE: 1,
  USAGE: 2,
  PARTIAL: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI reports as one clear line (never a stack trace), with the exit code to use. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.FAILURE,
    readonly code = 'FAILED',
  ) {
    super(message);
    this.name = 'CliError';
  }
}
