import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import type { CliContext } from '../cli-context.js';
import { callApi } from '../api-call.js';
import { withStation } from '../station-session.js';

/**
 * `cartwright audit verify`: recomputes the audit log's hash chain and names the first entry that
 * was changed, removed or slipped in (exit 1), e.g. by someone who dropped the triggers.
 */
export function registerAuditVerify(program: Command, ctx: CliContext): void {
  const audit = program.commands.find((c) => c.name() === 'audit');
  if (!audit) throw new Error('the audit command must be registered before audit verify');
  audit
    .command('verify')
    .description("check the audit log's hash chain: every entry unchanged, none removed or inserted")
    .option('--json', 'print the report as JSON')
    .action(async (_opts: { json?: boolean }, cmd: Command) => {
      // `audit` has its own --json, which commander hands to the parent: read both.
      const opts = cmd.optsWithGlobals<{ json?: boolean }>();
      await withStation({}, async (station) => {
        const report = await callApi(station, 'audit.verify', {});
        ctx.output(opts.json).result(report, () =>
          report.ok
            ? `Audit log intact: ${report.entries} entries, chain head ${report.head}.`
            : `AUDIT LOG TAMPERED: ${report.firstBreak?.message ?? ''}\nEntries before it check out (chain head there: ${report.head}).`,
        );
        if (!report.ok) ctx.setExitCode(ExitCode.FAILURE);
      });
    });
}
