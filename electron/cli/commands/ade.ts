import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { readSerialCsv, reconcileSerials } from '../../mdm/ade.js';
import { expiryWarnings, saveExpiry, loadExpiry, EXPIRY_ITEMS, type ExpiryDates } from '../../mdm/expiry.js';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CliContext } from '../cli-context.js';
import { withStore } from './mdm.js';

function serialsFrom(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`, ExitCode.USAGE, 'INVALID_INPUT');
  }
  try {
    return readSerialCsv(text);
  } catch (error) {
    throw new CliError(`${file}: ${(error as Error).message}`, ExitCode.USAGE, 'INVALID_INPUT');
  }
}

function date(value: string, flag: string): string {
  if (Number.isNaN(Date.parse(value))) throw new CliError(`${flag} needs a date (YYYY-MM-DD), got "${value}"`, ExitCode.USAGE, 'USAGE');
  return value;
}

export function registerAde(program: Command, ctx: CliContext): void {
  const ade = program.command('ade').description('Apple Business Manager / ADE: serial reconciliation and token expiry');

  ade
    .command('reconcile <abmCsv> <mdmCsv>')
    .description("compare an Apple Business Manager serial export with the MDM's, both ways (case and spaces ignored)")
    .option('--json', 'print the report as JSON')
    .action((abmCsv: string, mdmCsv: string, opts: { json?: boolean }) => {
      const report = reconcileSerials(serialsFrom(abmCsv), serialsFrom(mdmCsv));
      ctx.output(opts.json).result(report, () =>
        [
          `${report.abmCount} serial(s) in ABM, ${report.mdmCount} in the MDM, ${report.inBoth} in both.`,
          report.missingFromMdm.length ? `In ABM but not in the MDM (${report.missingFromMdm.length}): ${report.missingFromMdm.join(', ')}` : 'Every ABM serial is in the MDM.',
          report.missingFromAbm.length ? `In the MDM but not in ABM (${report.missingFromAbm.length}): ${report.missingFromAbm.join(', ')}` : 'Every MDM serial is in ABM.',
        ].join('\n'),
      );
    });

  ade
    .command('expiry')
    .description('record and check the expiry of the ADE server token, VPP content token and APNs certificate (warns 30 days ahead)')
    .option('--ade-token <date>', 'ADE server token expiry')
    .option('--vpp-token <date>', 'VPP content token expiry')
    .option('--apns <date>', 'APNs certificate expiry')
    .option('--json', 'print the dates and warnings as JSON')
    .action(async (opts: { adeToken?: string; vppToken?: string; apns?: string; json?: boolean }) => {
      await withStore((store) => {
        const update: ExpiryDates = {
          ...(opts.adeToken ? { adeServerToken: date(opts.adeToken, '--ade-token') } : {}),
          ...(opts.vppToken ? { vppContentToken: date(opts.vppToken, '--vpp-token') } : {}),
          ...(opts.apns ? { apnsCertificate: date(opts.apns, '--apns') } : {}),
        };
        const dates = Object.keys(update).length ? saveExpiry(store, update) : loadExpiry(store);
        const warnings = expiryWarnings(dates, new Date());
        ctx.output(opts.json).result({ dates, warnings }, () =>
          [
            ...(Object.keys(EXPIRY_ITEMS) as (keyof typeof EXPIRY_ITEMS)[]).map((k) => `${EXPIRY_ITEMS[k]}: ${dates[k]?.slice(0, 10) ?? 'not recorded'}`),
            ...warnings.map((w) => `warning: ${w.message}`),
          ].join('\n'),
        );
        if (warnings.length) ctx.setExitCode(ExitCode.PARTIAL);
      });
    });
}
