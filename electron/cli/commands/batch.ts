import type { Command } from 'commander';
import { OUTCOME_LABEL, summaryCsv, summaryRows, type BatchProgress, type SummaryRow } from '../../api/index.js';
import type { Station } from '../../station/station.js';
import type { IdentitySource } from '../../station/supervisor.js';
import { adminStep } from '../admin-step.js';
import { callApi } from '../api-call.js';
import { outcomeTable, waitForJobs } from '../batch-wait.js';
import type { CliContext } from '../cli-context.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { table } from '../output.js';
import { requireIdentity } from '../require-identity.js';
import { withStation } from '../station-session.js';

interface ShowFlags {
  json?: boolean;
  csv?: boolean;
}

interface ResumeFlags {
  json?: boolean;
  deviceTimeout?: string;
  identity?: string;
  password?: string;
}

/**
 * The batch commands open the station like every command, so while `cartwright serve` (or a
 * `prepare` in another terminal) holds the data directory they are refused as `stage --resume` is;
 * the refusal then also says where the batch can be handled meanwhile.
 */
async function onStation<T>(identity: IdentitySource | undefined, work: (station: Station) => Promise<T>): Promise<T> {
  try {
    return await withStation(identity ? { identity } : {}, (station) => adminStep(() => work(station)));
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    if (e.code === 'STATION_LOCKED') throw new CliError(`${e.message} While it runs, follow, pause or cancel the batch on that station: the Cart screen, when it is cartwright serve or the desktop app.`, e.exitCode, e.code);
    if (e.code === 'NOT_FOUND' && e.message.startsWith('No batch')) {
      throw new CliError(`${e.message.split('\n')[0]} — use the batch id prepare printed ("batch …"; the batch-started line of prepare --json)`, e.exitCode, e.code);
    }
    throw e;
  }
}

function etaText(seconds: number | null): string {
  if (seconds === null) return 'time left not known yet';
  if (seconds === 0) return 'done';
  return seconds < 60 ? `about ${Math.max(1, Math.round(seconds))} s left` : `about ${Math.round(seconds / 60)} min left`;
}

/** One line for a person: what the batch is, how far it got, paused or not. */
export function batchLine(b: BatchProgress): string {
  const open = b.queued + b.running + b.paused;
  // A finished batch is finished, whether or not it was paused when its last device ended.
  const state = !open ? 'finished' : b.held ? 'paused' : etaText(b.etaSeconds);
  const waiting = open ? `, ${open} not finished (${b.running} running, ${b.queued} queued, ${b.paused} paused)` : '';
  return `Batch ${b.batchId} — blueprint "${b.blueprint}", started ${b.startedAt}: ${b.succeeded} ready, ${b.failed} failed, ${b.cancelled} cancelled of ${b.total}${waiting}; ${state}.`;
}

function summaryTable(rows: readonly SummaryRow[]): string {
  return table(
    ['SLOT', 'SERIAL', 'NAME', 'OUTCOME', 'STOPPED AT', 'DETAIL', 'DURATION'],
    rows.map((r) => [
      r.slot ?? '?',
      r.serial ?? r.udid.slice(0, 12),
      r.name,
      OUTCOME_LABEL[r.outcome],
      r.failedStep,
      r.error ? `${r.error}${r.remedy ? ` → ${r.remedy}` : ''}` : '',
      r.durationMs === null ? '' : `${(r.durationMs / 1000).toFixed(1)} s`,
    ]),
  );
}

const seconds = (v: string | undefined): number => {
  const n = Number(v ?? '120');
  if (!Number.isInteger(n) || n < 0) throw new CliError('--device-timeout must be a whole number of seconds', ExitCode.USAGE, 'USAGE');
  return n;
};

function identityFrom(flags: ResumeFlags): IdentitySource | undefined {
  if (!flags.identity) return undefined;
  if (flags.password === undefined) throw new CliError('--identity needs --password', ExitCode.USAGE, 'USAGE');
  return { kind: 'pkcs12', file: flags.identity, password: flags.password };
}

/**
 * `cartwright batch show|pause|resume|cancel BATCH`: what the Cart screen's batch card does, as
 * formatters over the station's staging.jobs, staging.hold and staging.cancelBatch.
 */
export function registerBatch(program: Command, ctx: CliContext): void {
  const batch = program.command('batch').description('a batch prepare or stage started: its summary, pause/resume, cancel (as the Cart screen\'s batch card)');

  batch
    .command('show <batchId>')
    .description('the batch and one row per device: outcome, the step it stopped at, error and what to do, duration')
    .option('--json', 'print JSON: the batch\'s progress and its devices')
    .option('--csv', 'print the summary as CSV, as the screens\' "Download CSV" saves it')
    .action(async (batchId: string, flags: ShowFlags) => {
      if (flags.json && flags.csv) throw new CliError('choose --json or --csv, not both', ExitCode.USAGE, 'USAGE');
      const out = ctx.output(flags.json);
      await onStation(undefined, async (station) => {
        const { jobs } = await callApi(station, 'staging.jobs', { batchId });
        const progress = await callApi(station, 'staging.batch', { batchId });
        const devices = summaryRows(jobs);
        // A CSV goes to stdout exactly as the file the screens save (CRLF lines, formula-safe cells).
        if (flags.csv) process.stdout.write(summaryCsv(devices));
        else out.result({ batch: progress, devices }, () => `${batchLine(progress)}\n${summaryTable(devices)}`);
      });
    });

  batch
    .command('pause <batchId>')
    .description('pause the batch: no device of it starts, running ones stop after their current step; kept across restarts')
    .option('--json', 'print the batch\'s progress as JSON')
    .action(async (batchId: string, flags: { json?: boolean }) => {
      const out = ctx.output(flags.json);
      await onStation(undefined, async (station) => {
        const progress = await callApi(station, 'staging.hold', { batchId, hold: true });
        out.result(progress, () => `${batchLine(progress)}\nResume it with cartwright batch resume ${batchId}, or from the Cart screen.`);
      });
    });

  batch
    .command('resume <batchId>')
    .description('lift the pause and finish the batch\'s devices here (each continues from the step it stopped before)')
    .option('--device-timeout <seconds>', 'how long to wait for an unplugged device to come back', '120')
    .option('--identity <file.p12>', 'supervision identity, when the batch\'s came from a file that was not kept (default: the stored one)')
    .option('--password <pw>', 'password of --identity')
    .option('--json', 'print JSON: the batch\'s progress and its jobs')
    .action(async (batchId: string, flags: ResumeFlags) => {
      const deviceTimeoutSeconds = seconds(flags.deviceTimeout);
      const out = ctx.output(flags.json);
      await onStation(identityFrom(flags), async (station) => {
        const { jobs } = await callApi(station, 'staging.jobs', { batchId });
        const open = jobs.filter((j) => j.state === 'queued' || j.state === 'running' || j.state === 'paused');
        const { jobs: unfinished } = await callApi(station, 'staging.unfinished', {});
        const openIds = new Set(open.map((j) => j.id));
        // Checked before a device moves, as stage --resume does: not at each device's supervise step.
        if (unfinished.some((j) => openIds.has(j.jobId) && j.needsIdentity)) await requireIdentity(station);
        station.activateStaging({ resumeAttached: false });
        await callApi(station, 'staging.hold', { batchId, hold: false });
        if (open.length) out.progress(`Resuming ${open.length} device(s) of batch ${batchId}…`);
        const outcome = await waitForJobs(station, jobs.map((j) => j.id), out, deviceTimeoutSeconds * 1000, open.map((j) => j.udid));
        const progress = await callApi(station, 'staging.batch', { batchId });
        out.result({ batch: progress, jobs: outcome.jobs }, () => `${outcomeTable(outcome)}\n${batchLine(progress)}`);
        ctx.setExitCode(outcome.exitCode);
      });
    });

  batch
    .command('cancel <batchId>')
    .description('cancel every unfinished device of the batch (a running one after its current step); finished ones stay as they are')
    .option('--json', 'print JSON: how many were cancelled and the batch\'s progress')
    .action(async (batchId: string, flags: { json?: boolean }) => {
      const out = ctx.output(flags.json);
      await onStation(undefined, async (station) => {
        const { cancelled } = await callApi(station, 'staging.cancelBatch', { batchId });
        const progress = await callApi(station, 'staging.batch', { batchId });
        out.result({ cancelled, batch: progress }, () => `Cancelled ${cancelled} device(s).\n${batchLine(progress)}`);
      });
    });
}
