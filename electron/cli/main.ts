import { Command, CommanderError } from 'commander';
import { CliError, ExitCode } from './exit-codes.js';
import { createOutput } from './output.js';
import { cartwrightVersion } from '../platform/version.js';
import { registerDoctor } from './commands/doctor.js';
import { registerIdentity } from './commands/identity.js';
import { registerProfile } from './commands/profile.js';
import { registerMdm } from './commands/mdm.js';
import { registerUsers } from './commands/users.js';
import { registerAde } from './commands/ade.js';
import { registerServe } from './commands/serve.js';
import { registerDevices } from './commands/devices.js';
import { registerStaging } from './commands/staging.js';
import { registerDeviceActions } from './commands/actions.js';
import { registerCatalog } from './commands/catalog.js';
import { registerAuditVerify } from './commands/audit-verify.js';
import { registerFlows } from './commands/flows.js';
import type { CliContext } from './cli-context.js';

export type { CliContext };

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('cartwright')
    .description('Stage iPhones and iPads on a cart: pair, supervise, install profiles, enroll, rename; kiosk check-out/in.')
    .version(cartwrightVersion(), '-v, --version')
    .option('--data-dir <dir>', 'station data directory (default: per platform; env CARTWRIGHT_DATA_DIR)')
    .showHelpAfterError('(run cartwright --help for usage)')
    .exitOverride();
  program.hook('preAction', (cmd) => {
    const dataDir = cmd.opts<{ dataDir?: string }>().dataDir;
    if (dataDir) process.env.CARTWRIGHT_DATA_DIR = dataDir;
  });
  registerDoctor(program, ctx);
  registerIdentity(program, ctx);
  registerProfile(program, ctx);
  registerMdm(program, ctx);
  registerUsers(program, ctx);
  registerAde(program, ctx);
  registerServe(program, ctx);
  registerDevices(program, ctx);
  registerStaging(program, ctx);
  registerDeviceActions(program, ctx);
  registerCatalog(program, ctx);
  registerAuditVerify(program, ctx);
  registerFlows(program, ctx);
  return program;
}

/** Run the CLI; returns the process exit code instead of exiting, so tests can call it. */
export async function run(argv: string[]): Promise<number> {
  let exitCode: ExitCode = ExitCode.OK;
  const wantsJson = argv.includes('--json');
  const ctx: CliContext = {
    output: (json) => createOutput(Boolean(json)),
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return err.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    const out = createOutput(wantsJson);
    if (err instanceof CliError) {
      out.error(err.message, err.code);
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    const code = (err as { code?: unknown }).code;
    out.error(message, typeof code === 'string' ? code : 'FAILED');
    if (process.env.CARTWRIGHT_DEBUG) console.error(err);
    return ExitCode.FAILURE;
  }
}
