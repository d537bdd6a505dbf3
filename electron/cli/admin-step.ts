import { CliError, ExitCode } from './exit-codes.js';

/**
 * A station command's failure as the CLI reports it: the station's sentence, its remedy on the
 * next line, and its stable code; input the station refused is a usage error (exit 2). When the
 * failure names a lower layer's finer code as its cause (PKCS12_WRONG_PASSWORD, SECRET_WRONG_KEY:
 * station/identity-errors.ts), that code is printed, as scripts switch on it, with exit 1. Errors
 * without a code (a bug) go on to the program's generic report.
 */
export async function adminStep<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof CliError) throw e;
    const { code, message, remedy, cause } = (e ?? {}) as { code?: unknown; message?: unknown; remedy?: unknown; cause?: { code?: unknown } };
    if (typeof code !== 'string' || typeof message !== 'string') throw e;
    const text = `${message}${typeof remedy === 'string' && remedy ? `\n  → ${remedy}` : ''}`;
    if (typeof cause?.code === 'string') throw new CliError(text, ExitCode.FAILURE, cause.code);
    throw new CliError(text, code === 'INVALID_INPUT' ? ExitCode.USAGE : ExitCode.FAILURE, code);
  }
}
