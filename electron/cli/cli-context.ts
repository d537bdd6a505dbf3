import type { ExitCode } from './exit-codes.js';
import type { createOutput } from './output.js';

/**
 * What every command receives from the program. Kept out of main.ts so the commands, which main.ts
 * imports, do not import main.ts back (the cycle check in test/unit/foundation/ would flag it).
 */
export interface CliContext {
  /** Output for the command being run (JSON or text), decided by its own --json flag. */
  output(json: boolean | undefined): ReturnType<typeof createOutput>;
  /** Commands set their exit code here (e.g. PARTIAL when some devices failed). */
  setExitCode(code: ExitCode): void;
}
