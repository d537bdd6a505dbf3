import type { Command } from 'commander';
import type { CliContext } from './cli-context.js';

export type RegisterCommands = (program: Command, ctx: CliContext) => void;

export interface CommandModule {
  /** The top-level commands this module defines or adds subcommands to, as `cartwright <name>`. */
  readonly commands: readonly string[];
  load(): Promise<RegisterCommands>;
}

/**
 * Every command module, in the order `cartwright --help` lists their commands. Each is imported
 * only when its command runs: a command module pulls in the station (SQLite, the addon, every
 * flow) or the server, profile and PDF code, and loading all of them made even
 * `cartwright --version` take a second. test/unit/cli/command-modules.test.ts checks each
 * `commands` list against what the module really registers, so a new command cannot go missing.
 */
export const COMMAND_MODULES: readonly CommandModule[] = [
  { commands: ['doctor'], load: async () => (await import('./commands/doctor.js')).registerDoctor },
  { commands: ['identity'], load: async () => (await import('./commands/identity.js')).registerIdentity },
  { commands: ['profile', 'enroll-profile'], load: async () => (await import('./commands/profile.js')).registerProfile },
  { commands: ['mdm'], load: async () => (await import('./commands/mdm.js')).registerMdm },
  { commands: ['users'], load: async () => (await import('./commands/users.js')).registerUsers },
  { commands: ['ade'], load: async () => (await import('./commands/ade.js')).registerAde },
  { commands: ['serve'], load: async () => (await import('./commands/serve.js')).registerServe },
  { commands: ['devices', 'info', 'export'], load: async () => (await import('./commands/devices.js')).registerDevices },
  { commands: ['prepare', 'stage'], load: async () => (await import('./commands/staging.js')).registerStaging },
  { commands: ['batch'], load: async () => (await import('./commands/batch.js')).registerBatch },
  { commands: ['pair', 'rename', 'erase'], load: async () => (await import('./commands/actions.js')).registerDeviceActions },
  { commands: ['blueprint', 'slots', 'audit'], load: async () => (await import('./commands/catalog.js')).registerCatalog },
  // Adds `audit verify` to the `audit` command above, so it must come after catalog.
  { commands: ['audit'], load: async () => (await import('./commands/audit-verify.js')).registerAuditVerify },
  {
    commands: ['checkout', 'checkin', 'checkouts', 'lost', 'assign', 'handoff', 'flow-settings', 'flow-status', 'unenroll'],
    load: async () => (await import('./commands/flows.js')).registerFlows,
  },
];

/** Root options that take a value, so the word after them is not mistaken for the command. */
const ROOT_OPTIONS_WITH_VALUE = new Set(['--data-dir']);

/** The first word of `argv` (as process.argv: node, script, …) that is not a root option or its value. */
export function invokedCommand(argv: readonly string[]): string | undefined {
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return args[i + 1];
    if (!arg.startsWith('-')) return arg;
    if (ROOT_OPTIONS_WITH_VALUE.has(arg)) i++;
  }
  return undefined;
}

/**
 * The modules `argv` needs, in catalog order: the invoked command's; none for a bare
 * `--version`; every module for the overall help, `help <command>` and an unknown command, so
 * commander lists every command and can suggest the one that was meant.
 */
export function modulesFor(argv: readonly string[]): readonly CommandModule[] {
  const name = invokedCommand(argv);
  if (name === undefined) {
    const args = argv.slice(2);
    const versionOnly = (args.includes('-v') || args.includes('--version')) && !args.includes('-h') && !args.includes('--help');
    return versionOnly ? [] : COMMAND_MODULES;
  }
  const needed = COMMAND_MODULES.filter((m) => m.commands.includes(name));
  return needed.length ? needed : COMMAND_MODULES;
}
