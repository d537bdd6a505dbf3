import type { Command } from 'commander';
import { createConnector } from '../../mdm/factory.js';
import { MdmError } from '../../mdm/errors.js';
import { OutboxWorker } from '../../mdm/outbox-worker.js';
import { describeMdmConfig, saveMdmConfig, type ConfigureInput } from '../../mdm/settings.js';
import { runSync } from '../../mdm/sync.js';
import { adeWarning } from '../../mdm/ade.js';
import { openStore, type Store } from '../../store/index.js';
import { secretBoxFrom } from '../../store/secret-box.js';
import { dataDirectory } from '../../platform/data-dir.js';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CliContext } from '../cli-context.js';
import { table } from '../output.js';
import { mdmSecretFileOptions, resolveMdmSecrets, type SecretFileOptions } from './mdm-secrets.js';
import { auditedAdmin } from '../cli-audit.js';
import { callApi } from '../api-call.js';
import { withStation } from '../station-session.js';

/** Opens the station's store for one command and always closes it (the station lock goes with it). */
export async function withStore<T>(fn: (store: Store) => Promise<T> | T): Promise<T> {
  const store = openStore(dataDirectory());
  try {
    return await fn(store);
  } catch (error) {
    if (error instanceof MdmError && error.code === 'INVALID_INPUT') throw new CliError(error.message, ExitCode.USAGE, error.code);
    if (error instanceof MdmError) throw new CliError(`${error.describe()}${error.remedy ? `\n  → ${error.remedy}` : ''}`, ExitCode.FAILURE, error.code);
    throw error;
  } finally {
    store.close();
  }
}

const connectorOf = (store: Store) => createConnector(store, { secretBox: () => secretBoxFrom() });

interface ConfigureOpts extends Omit<ConfigureInput, 'kind'> {
  kind: string;
  json?: boolean;
}

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
  mdmSecretFileOptions(configure)
    .action(async (opts: ConfigureOpts & SecretFileOptions) => {
      const kind = opts.kind;
      if (kind !== 'local' && kind !== 'workspace-one' && kind !== 'meraki') throw new CliError(`--kind must be local, workspace-one or meraki, not "${kind}"`, ExitCode.USAGE, 'USAGE');
      const { json, kind: _k, ...given } = opts;
      const rest = resolveMdmSecrets(given);
      await withStore(async (store) => {
        // What changed, never the credentials themselves.
        const shown = await auditedAdmin(
          store,
          'mdm.configure',
          () => {
            saveMdmConfig(store, { ...rest, kind }, () => secretBoxFrom());
            return describeMdmConfig(store);
          },
          (d) => ({ url: d.url ?? null, credentials: d.secrets.length ? 'sealed' : 'none' }),
          { kind },
        );
        ctx.output(json).result(shown, () => `MDM set to ${shown.kind}${shown.secrets.length ? ' (credentials sealed at rest)' : ''}.`);
      });
    });

  mdm
    .command('test')
    .description('check the connection, credentials, organization group and staging user')
    .option('--json', 'print the checks as JSON')
    .action(async (opts: { json?: boolean }) => {
      await withStore(async (store) => {
        const report = await connectorOf(store).testConnection();
        ctx.output(opts.json).result(report, () => report.checks.map((c) => `${c.ok ? 'ok     ' : 'PROBLEM'}  ${c.name}: ${c.detail}`).join('\n'));
        if (!report.ok) ctx.setExitCode(ExitCode.FAILURE);
      });
    });

  mdm
    .command('users <query>')
    .description("search the MDM's user directory")
    .option('--json', 'print the users as JSON')
    .action(async (query: string, opts: { json?: boolean }) => {
      await withStore(async (store) => {
        const users = await connectorOf(store).searchUsers(query);
        ctx.output(opts.json).result({ users }, () => (users.length ? table(['ID', 'USERNAME', 'NAME', 'EMAIL'], users.map((u) => [u.id, u.username, u.name, u.email])) : 'No users match.'));
      });
    });

  mdm
    .command('device <serial>')
    .description('what the MDM knows about a device, by serial number (and whether it is ADE-assigned)')
    .option('--json', 'print the device as JSON')
    .action(async (serial: string, opts: { json?: boolean }) => {
      await withStore(async (store) => {
        const connector = connectorOf(store);
        const device = await connector.getDeviceBySerial(serial.trim());
        let ade: { assigned: boolean; warning: string | null } | { notSupported: string } | undefined;
        try {
          const facts = await connector.adeFacts(serial.trim());
          ade = { ...facts, warning: facts.assigned ? adeWarning(facts) : null };
        } catch (error) {
          if (!(error instanceof MdmError) || error.retryable) throw error;
          ade = { notSupported: error.message };
        }
        const cached = store.mdmDevices.get(serial);
        ctx.output(opts.json).result({ serial: serial.trim(), found: device !== undefined, device: device ?? null, ade, lastSync: cached ?? null }, () =>
          device
            ? `${device.serial}: ${device.enrollment} (${device.enrollmentStatus ?? '?'}), user ${device.username ?? '-'}, group ${device.group ?? '-'}${'warning' in ade && ade.warning ? `\n${ade.warning}` : ''}`
            : `The MDM has no device with serial number ${serial.trim()}.`,
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
      await withStore(async (store) => {
        const connector = connectorOf(store);
        const run = await runSync(store, connector, { trigger: 'manual' });
        const outbox = opts.outbox ? await new OutboxWorker(store, connector).drain(50) : null;
        ctx.output(opts.json).result({ run, outbox }, () => {
          const s = run.stats as { checked?: number; enrolled?: number; warnings?: string[]; errors?: string[] };
          return [
            `sync ${run.state}: ${s.checked ?? 0} device(s) checked, ${s.enrolled ?? 0} enrolled`,
            ...(s.warnings ?? []).map((w) => `warning: ${w}`),
            ...(s.errors ?? []).map((e) => `error: ${e}`),
            ...(outbox ? [`outbox: ${outbox.delivered} delivered, ${outbox.failed} to retry, ${outbox.dead} dead-lettered`] : []),
          ].join('\n');
        });
        if (run.state !== 'succeeded') ctx.setExitCode(run.state === 'partial' ? ExitCode.PARTIAL : ExitCode.FAILURE);
      });
    });
}
