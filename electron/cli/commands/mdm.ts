import type { Command } from 'commander';
import type { MdmConfigureInput } from '../../api/admin.js';
import type { ConfigureInput } from '../../mdm/settings.js';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CliContext } from '../cli-context.js';
import { table } from '../output.js';
import { mdmSecretFileOptions, resolveMdmSecrets, type SecretFileOptions } from './mdm-secrets.js';
import { adminStep } from '../admin-step.js';
import { callApi } from '../api-call.js';
import { withStation } from '../station-session.js';

/** commander's flags: the settings screen's fields, with the kind still unchecked text. */
type ConfigureOpts = Omit<ConfigureInput, 'kind'> & { kind: string; json?: boolean };

/**
 * `cartwright mdm …`: formatters over the Admin screens' MDM commands, so a configure, a test, a
 * sync or a retry is checked, audited and wakes the outbox exactly as a click on the screen does.
 */
export function registerMdm(program: Command, ctx: CliContext): void {
  const mdm = program.command('mdm').description('the MDM this station reports to: configure, test, look up, sync, outbox');

  const configure = mdm
    .command('configure')
    .description('choose the MDM (local, workspace-one, meraki) and store its credentials, sealed')
    .requiredOption('--kind <kind>', 'local | workspace-one | meraki')
    .option('--url <url>', 'Workspace ONE API host (https://asNNN.awmdm.com) or Meraki API base')
    .option('--username <name>', 'Workspace ONE API user (Basic)')
    .option('--password <password>', 'Workspace ONE API password (Basic)')
    .option('--tenant-code <code>', 'Workspace ONE REST API key (aw-tenant-code)')
    .option('--client-id <id>', 'Workspace ONE OAuth client id')
    .option('--client-secret <secret>', 'Workspace ONE OAuth client secret')
    .option('--token-url <url>', 'Workspace ONE OAuth token URL (https://na.uemauth.workspaceone.com/connect/token)')
    .option('--og <groupId>', 'Workspace ONE organization group (Group ID)')
    .option('--staging-user <name>', 'Workspace ONE staging enrollment user (Multi User check-in returns devices to it)')
    .option('--api-key <key>', 'Meraki Dashboard API key')
    .option('--network <id>', 'Meraki Systems Manager network id')
    .option('--json', 'print the stored configuration as JSON');
  // Secrets on the command line show in `ps` and shell history: files, stdin or the environment instead.
  mdmSecretFileOptions(configure).action(async (opts: ConfigureOpts & SecretFileOptions) => {
    const kind = opts.kind;
    if (kind !== 'local' && kind !== 'workspace-one' && kind !== 'meraki') throw new CliError(`--kind must be local, workspace-one or meraki, not "${kind}"`, ExitCode.USAGE, 'USAGE');
    const { json, kind: _k, ...given } = opts;
    // The secrets go to the station as command input only: never printed, logged or audited.
    const input = { ...resolveMdmSecrets(given), kind } as MdmConfigureInput;
    await withStation({}, async (station) => {
      const shown = await adminStep(() => callApi(station, 'mdm.configure', input));
      ctx.output(json).result(shown, () => `MDM set to ${shown.kind}${shown.credentialsStored ? ' (credentials sealed at rest)' : ''}.`);
    });
  });

  mdm
    .command('test')
    .description('check the connection, credentials, organization group and staging user')
    .option('--json', 'print the checks as JSON')
    .action(async (opts: { json?: boolean }) => {
      await withStation({}, async (station) => {
        const report = await adminStep(() => callApi(station, 'mdm.test', {}));
        ctx.output(opts.json).result(report, () => report.checks.map((c) => `${c.ok ? 'ok     ' : 'PROBLEM'}  ${c.name}: ${c.detail}`).join('\n'));
        if (!report.ok) ctx.setExitCode(ExitCode.FAILURE);
      });
    });

  mdm
    .command('users <query>')
    .description("search the MDM's user directory")
    .option('--json', 'print the users as JSON')
    .action(async (query: string, opts: { json?: boolean }) => {
      await withStation({}, async (station) => {
        const { users } = await adminStep(() => callApi(station, 'mdm.users', { query }));
        ctx.output(opts.json).result({ users }, () => (users.length ? table(['ID', 'USERNAME', 'NAME', 'EMAIL'], users.map((u) => [u.id, u.username, u.name, u.email])) : 'No users match.'));
      });
    });

  mdm
    .command('device <serial>')
    .description('what the MDM knows about a device, by serial number (and whether it is ADE-assigned)')
    .option('--json', 'print the device as JSON')
    .action(async (serial: string, opts: { json?: boolean }) => {
      await withStation({}, async (station) => {
        const answer = await adminStep(() => callApi(station, 'mdm.device', { serial }));
        const { device, ade } = answer;
        ctx.output(opts.json).result(answer, () =>
          device
            ? `${device.serial}: ${device.enrollment} (${device.enrollmentStatus ?? '?'}), user ${device.username ?? '-'}, group ${device.group ?? '-'}${'warning' in ade && ade.warning ? `\n${ade.warning}` : ''}`
            : `The MDM has no device with serial number ${answer.serial}.`,
        );
        if (!device) ctx.setExitCode(ExitCode.FAILURE);
      });
    });

  mdm
    .command('outbox')
    .description('messages waiting for the MDM, and the dead-letter list')
    .option('--retry <id>', 'put a dead-lettered message back in line')
    .option('--json', 'print the outbox as JSON')
    .action(async (opts: { retry?: string; json?: boolean }) => {
      const retry = opts.retry === undefined ? undefined : Number(opts.retry);
      if (retry !== undefined && (!Number.isInteger(retry) || retry < 1)) throw new CliError(`--retry needs a message id, got "${opts.retry}"`, ExitCode.USAGE, 'USAGE');
      // The Admin screen's commands: a retry is checked (still dead?), audited and wakes the outbox.
      await withStation({}, async (station) => {
        if (retry !== undefined) await callApi(station, 'mdm.retryDead', { id: retry });
        const { counts, waiting, dead } = await callApi(station, 'mdm.outbox', { limit: 1000 });
        ctx.output(opts.json).result({ counts, pending: waiting, dead }, () =>
          [
            `pending ${counts.pending}, sending ${counts.sending}, sent ${counts.sent}, dead ${counts.dead}`,
            ...(dead.length ? ['', 'Dead letters:', table(['ID', 'KIND', 'DEVICE', 'ERROR'], dead.map((m) => [m.id, m.kind, m.device, m.lastError]))] : []),
          ].join('\n'),
        );
      });
    });

  mdm
    .command('sync')
    .description('sync now: users, enrollment of staged devices, reassignments, ADE facts; then deliver the outbox')
    .option('--no-outbox', 'do not deliver queued messages')
    .option('--json', 'print the sync run as JSON')
    .action(async (opts: { outbox: boolean; json?: boolean }) => {
      await withStation({}, async (station) => {
        const { run } = await adminStep(() => callApi(station, 'mdm.sync', {}));
        const outbox = opts.outbox ? await adminStep(() => callApi(station, 'mdm.deliver', { rounds: 50 })) : null;
        ctx.output(opts.json).result({ run, outbox }, () =>
          [
            `sync ${run.state}: ${run.checked} device(s) checked, ${run.enrolled} enrolled`,
            ...run.warnings.map((w) => `warning: ${w}`),
            ...run.errors.map((e) => `error: ${e}`),
            ...(outbox ? [`outbox: ${outbox.delivered} delivered, ${outbox.failed} to retry, ${outbox.dead} dead-lettered`] : []),
          ].join('\n'),
        );
        if (run.state !== 'succeeded') ctx.setExitCode(run.state === 'partial' ? ExitCode.PARTIAL : ExitCode.FAILURE);
      });
    });
}
