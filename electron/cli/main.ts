import { Command, CommanderError } from 'commander';
import { CliError, ExitCode } from './exit-codes.js';
import { createOutput } from './output.js';
import { cartwrightVersion } from '../platform/version.js';
import { modulesFor } from './command-modules.js';
import type { CliContext } from './cli-context.js';

export type { CliContext };

/**
 * The program with the commands `argv` needs (see command-modules.ts): every command's module is
 * imported only when that command runs, so a quick command starts in a fraction of a second.
 */
export async function buildProgram(ctx: CliContext, argv: readonly string[]): Promise<Command> {
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
  const modules = modulesFor(argv);
  const registers = await Promise.all(modules.map((m) => m.load()));
  for (const register of registers) register(program, ctx);
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
  try {
    const program = await buildProgram(ctx, argv);
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
