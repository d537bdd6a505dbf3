import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_MODULES, invokedCommand, modulesFor } from '../../../electron/cli/command-modules.js';
import type { CliContext } from '../../../electron/cli/cli-context.js';
import { buildProgram } from '../../../electron/cli/main.js';

const ctx: CliContext = {
  output: () => {
    throw new Error('no command runs in these tests');
  },
  setExitCode: () => undefined,
};
const argv = (...args: string[]) => ['node', 'cartwright', ...args];

/** Each top-level command with its subcommands, to see what a module added or extended. */
function shape(program: Command): Map<string, string> {
  return new Map(program.commands.map((c) => [c.name(), c.commands.map((s) => s.name()).join(' ')]));
}

describe('the command modules main.ts loads on demand', () => {
  it('each lists exactly the top-level commands it registers or extends', async () => {
    const program = new Command('cartwright');
    for (const module of COMMAND_MODULES) {
      const before = shape(program);
      (await module.load())(program, ctx);
      const touched = [...shape(program)].filter(([name, subs]) => before.get(name) !== subs).map(([name]) => name);
      expect(touched, `module for ${module.commands.join(', ')}`).toEqual([...module.commands]);
    }
  });

  it('the full program, for --help, holds every command in catalog order', async () => {
    const program = await buildProgram(ctx, argv('--help'));
    const names = program.commands.map((c) => c.name());
    expect(names).toEqual([...new Set(COMMAND_MODULES.flatMap((m) => m.commands))]);
    expect(program.commands.find((c) => c.name() === 'audit')?.commands.map((c) => c.name())).toContain('verify');
  });

  it('a command loads only its own module', async () => {
    const program = await buildProgram(ctx, argv('devices', '--json'));
    expect(program.commands.map((c) => c.name())).toEqual(['devices', 'info', 'export']);
    expect((await buildProgram(ctx, argv('--version'))).commands).toEqual([]);
  });
});

describe('which command argv invokes', () => {
  it('skips root options and the value of --data-dir', () => {
    expect(invokedCommand(argv('devices', '--json'))).toBe('devices');
    expect(invokedCommand(argv('--data-dir', '/tmp/station', 'devices'))).toBe('devices');
    expect(invokedCommand(argv('--data-dir=/tmp/station', 'info', 'UDID'))).toBe('info');
    expect(invokedCommand(argv('--version'))).toBeUndefined();
    expect(invokedCommand(argv())).toBeUndefined();
  });

  const loaded = (...args: string[]) => modulesFor(argv(...args)).map((m) => m.commands[0]);

  it('loads nothing for --version and everything for help or an unknown command', () => {
    expect(loaded('--version')).toEqual([]);
    expect(loaded('-v')).toEqual([]);
    const all = COMMAND_MODULES.map((m) => m.commands[0]);
    expect(loaded()).toEqual(all);
    expect(loaded('--help')).toEqual(all);
    expect(loaded('--version', '--help')).toEqual(all);
    expect(loaded('help', 'devices')).toEqual(all);
    expect(loaded('devcies')).toEqual(all);
  });

  it('loads the module that defines a command and the ones that extend it, in order', () => {
    expect(loaded('devices', '--json')).toEqual(['devices']);
    expect(loaded('audit', 'verify')).toEqual(['blueprint', 'audit']);
    expect(loaded('checkout', '--user', 'ada')).toEqual(['checkout']);
  });
});
