import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { readSerialCsv, reconcileSerials } from '../../mdm/ade.js';
import { EXPIRY_ITEMS } from '../../mdm/expiry.js';
import { adminStep } from '../admin-step.js';
import { callApi } from '../api-call.js';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CliContext } from '../cli-context.js';
import { withStation } from '../station-session.js';

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
  // The station takes dates as YYYY-MM-DD (api/admin.ts): say so with the flag's name, not the field's.
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value))) throw new CliError(`${flag} needs a date (YYYY-MM-DD), got "${value}"`, ExitCode.USAGE, 'USAGE');
  return value;
}

export function registerAde(program: Command, ctx: CliContext): void {
  const ade = program.command('ade').description('Apple Business Manager / ADE: serial reconciliation and token expiry');

  // A comparison of two files the person gives: no station state is read or kept, so it needs no station (and works while one serves).
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
      const update = {
        ...(opts.adeToken ? { adeServerToken: date(opts.adeToken, '--ade-token') } : {}),
        ...(opts.vppToken ? { vppContentToken: date(opts.vppToken, '--vpp-token') } : {}),
        ...(opts.apns ? { apnsCertificate: date(opts.apns, '--apns') } : {}),
      };
      // The Expiry card's commands: recording dates is audited; only looking is a plain read.
      const { expiryDates: dates, expiry: warnings } = await withStation({}, (station) =>
        adminStep(async () => (Object.keys(update).length ? callApi(station, 'mdm.setExpiry', update) : callApi(station, 'mdm.status', {}))),
      );
      ctx.output(opts.json).result({ dates, warnings }, () =>
        [
          ...(Object.keys(EXPIRY_ITEMS) as (keyof typeof EXPIRY_ITEMS)[]).map((k) => `${EXPIRY_ITEMS[k]}: ${dates[k]?.slice(0, 10) ?? 'not recorded'}`),
          ...warnings.map((w) => `warning: ${w.message}`),
        ].join('\n'),
      );
      if (warnings.length) ctx.setExitCode(ExitCode.PARTIAL);
    });
}
