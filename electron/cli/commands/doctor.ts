import type { Command } from 'commander';
import { runDoctor } from '../doctor-checks.js';
import { ExitCode } from '../exit-codes.js';
import type { CliContext } from '../cli-context.js';

export function registerDoctor(program: Command, ctx: CliContext): void {
  program
    .command('doctor')
    .description('check that this machine can run a station: libraries, usbmuxd, data directory, Electron, Chromium')
    .option('--json', 'print the checks as JSON')
    .action(async (opts: { json?: boolean }) => {
      const checks = await runDoctor();
      const healthy = checks.every((c) => c.ok || !c.required);
      ctx.output(opts.json).result({ ok: healthy, checks }, () =>
        checks
          .map((c) => {
            const mark = c.ok ? 'ok     ' : c.required ? 'PROBLEM' : 'missing';
            return `${mark}  ${c.title}: ${c.detail}${c.remedy ? `\n         → ${c.remedy}` : ''}`;
          })
          .join('\n'),
      );
      if (!healthy) ctx.setExitCode(ExitCode.FAILURE);
    });
}
