import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { callApi } from '../api-call.js';
import { FlowName } from '../../api/flows.js';
import { parseBlueprint, type Blueprint } from '../../staging/blueprint.js';
import { prepareBlueprint, type PrepareOptions } from '../../staging/prepare.js';
import { errorInfo } from '../../staging/error-info.js';
import { writeFileInside } from '../../staging/safe-path.js';
import type { Station } from '../../station/station.js';
import type { IdentitySource } from '../../station/supervisor.js';
import { outcomeTable, waitForJobs } from '../batch-wait.js';
import { jobStream, ndjsonWriter } from '../job-stream.js';
import { refuseUnstageable, resumeHint } from '../prepare-preflight.js';
import { adminStep } from '../admin-step.js';
import { requireIdentity } from '../require-identity.js';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CliContext } from '../cli-context.js';
import type { Output } from '../output.js';
import { selectDevices, withStation } from '../station-session.js';

interface PrepareFlags {
  all?: boolean;
  blueprint?: string;
  org?: string;
  identity?: string;
  password?: string;
  skipSetup?: string;
  enrollProfile?: string;
  enrollMode?: string;
  profile?: string[];
  nameTemplate?: string;
  wallpaper?: string;
  allowPairing?: boolean;
  erase?: boolean;
  concurrency?: string;
  deviceTimeout?: string;
  trustTimeout?: string;
  json?: boolean;
  keepIdentityForResume?: boolean;
}

const int = (v: string | undefined, flag: string, fallback: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${flag} must be a whole number of at least 1`, ExitCode.USAGE, 'USAGE');
  return n;
};

function readFileFlag(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new CliError(`${flag} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, ExitCode.USAGE, 'USAGE');
  }
}

/** `--blueprint NAME|FILE`, or the Prepare options as flags. */
function blueprintFrom(flags: PrepareFlags, stored: (name: string) => boolean): Blueprint | string {
  if (flags.blueprint) {
    if (stored(flags.blueprint)) return flags.blueprint;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileFlag(flags.blueprint, '--blueprint').toString('utf8'));
    } catch (e) {
      if (e instanceof CliError) throw new CliError(`--blueprint "${flags.blueprint}" is neither a stored blueprint nor a readable file`, ExitCode.USAGE, 'USAGE');
      throw new CliError(`--blueprint ${flags.blueprint} is not valid JSON`, ExitCode.USAGE, 'USAGE');
    }
    const parsed = parseBlueprint(raw);
    if (!parsed.ok) throw new CliError(`blueprint ${flags.blueprint} is invalid:\n  ${parsed.errors.join('\n  ')}`, ExitCode.USAGE, 'INVALID_INPUT');
    return parsed.blueprint;
  }
  const options: PrepareOptions = {
    ...(flags.org ? { organization: flags.org } : {}),
    allowPairing: flags.allowPairing ?? true,
    skipSetup: flags.skipSetup === undefined || flags.skipSetup === 'all' ? 'all' : flags.skipSetup.split(',').map((s) => s.trim()).filter(Boolean),
    ...(flags.enrollProfile
      ? { enrollProfile: flags.enrollProfile === 'stored' ? { stored: 'enrollment' as const } : { name: basename(flags.enrollProfile), data: readFileFlag(flags.enrollProfile, '--enroll-profile').toString('base64') } }
      : {}),
    ...(flags.enrollMode ? { enrollMode: flags.enrollMode === 'install' ? 'install' : 'store' } : {}),
    ...(flags.profile?.length ? { profiles: flags.profile.map((p) => ({ name: basename(p), data: readFileFlag(p, '--profile').toString('base64') })) } : {}),
    ...(flags.nameTemplate ? { nameTemplate: flags.nameTemplate } : {}),
    ...(flags.wallpaper ? { wallpaper: { image: readFileFlag(flags.wallpaper, '--wallpaper').toString('base64'), where: 'both' as const } } : {}),
    ...(flags.erase ? { eraseIfConfigured: true } : {}),
  };
  if (flags.enrollMode && flags.enrollMode !== 'install' && flags.enrollMode !== 'store') throw new CliError('--enroll-mode must be install or store', ExitCode.USAGE, 'USAGE');
  try {
    return prepareBlueprint(options);
  } catch (e) {
    throw new CliError(`the Prepare options are invalid: ${errorInfo(e).message}`, ExitCode.USAGE, 'INVALID_INPUT');
  }
}

function identityFrom(flags: PrepareFlags): IdentitySource | undefined {
  if (!flags.identity) return undefined;
  if (flags.password === undefined) throw new CliError('--identity needs --password', ExitCode.USAGE, 'USAGE');
  return { kind: 'pkcs12', file: flags.identity, password: flags.password };
}

/** Whether the stored blueprint supervises its devices (then the identity is checked first). */
async function supervises(station: Station, name: string): Promise<boolean> {
  const parsed = parseBlueprint((await callApi(station, 'blueprints.get', { name })).body);
  return parsed.ok && parsed.blueprint.steps.some((s) => s.type === 'supervise');
}

export function registerStaging(program: Command, ctx: CliContext): void {
  program
    .command('prepare [udids...]')
    .description('prepare devices as Apple Configurator does: supervise, install profiles, enroll, rename — many at once, resumable')
    .option('--all', 'every connected device')
    .option('--blueprint <name|file>', 'a stored blueprint or a blueprint JSON file (otherwise the Prepare options below)')
    .option('--org <name>', 'organization name shown on the device (default: the supervision identity\'s)')
    .option('--identity <file.p12>', 'supervision identity (default: the one stored on the station)')
    .option('--password <pw>', 'password of --identity')
    .option('--skip-setup <all|list>', 'Setup Assistant panes to skip: all, or a comma-separated list', 'all')
    .option('--enroll-profile <file|stored>', 'MDM enrollment profile (.mobileconfig), or "stored" for the imported one')
    .option('--enroll-mode <install|store>', 'install the MDM profile now, or store it for Setup Assistant', 'store')
    .option('--profile <file>', 'an extra profile to install (repeatable)', (v: string, acc: string[] = []) => [...acc, v])
    .option('--name-template <template>', 'rename devices: {slot} {serial} {name} {model} {n} {user}, e.g. "Cart A-{slot:2}"')
    .option('--wallpaper <image>', 'lock and home screen wallpaper (PNG/JPEG)')
    .option('--allow-pairing', 'allow the devices to pair with other computers (default)')
    .option('--no-allow-pairing', 'forbid pairing with other computers (only this organization can pair)')
    .option('--erase', 'erase devices that are already configured (otherwise they are refused)')
    .option('--concurrency <n>', 'devices staged at once', '8')
    .option('--device-timeout <seconds>', 'how long to wait for an unplugged device to come back', '120')
    .option('--trust-timeout <seconds>', 'how long to wait for Trust to be tapped', '300')
    .option('--keep-identity-for-resume', 'keep --identity and its password, sealed by the station, until the batch ends, so stage --resume needs neither')
    .option('--json', 'stream NDJSON: one object per step started/finished and job finished, the batch summary last')
    .action(async (udids: string[], flags: PrepareFlags) => {
      const concurrency = int(flags.concurrency, '--concurrency', 8);
      const deviceTimeoutMs = int(flags.deviceTimeout, '--device-timeout', 120) * 1000;
      const identity = identityFrom(flags);
      if (flags.keepIdentityForResume && !identity) {
        throw new CliError('--keep-identity-for-resume keeps the --identity file for a resume; the station\'s stored identity is there for a resume anyway', ExitCode.USAGE, 'USAGE');
      }
      const out = ctx.output(flags.json);
      const write = ndjsonWriter();
      await withStation({ concurrency, trustTimeoutMs: int(flags.trustTimeout, '--trust-timeout', 300) * 1000, ...(identity ? { identity } : {}) }, async (station) => {
        const targets = await selectDevices(station, udids, flags.all);
        // Checked before it is saved as a new version: a refused batch leaves no trace.
        const chosen = await blueprintChoice(station, flags);
        await refuseUnstageable(station, targets, typeof chosen === 'string' ? chosen : { body: chosen });
        const name = typeof chosen === 'string' ? chosen : (await callApi(station, 'blueprints.save', { body: chosen })).name;
        const stream = out.json ? jobStream(station, write) : null;
        try {
          station.activateStaging({ resumeAttached: false });
          const { batchId, jobIds, identityKept } = await callApi(station, 'staging.start', { udids: targets, blueprint: name, ...(flags.keepIdentityForResume ? { keepIdentityForResume: true } : {}) });
          const resume = resumeHint({ identityFile: flags.identity, kept: identityKept === true, supervises: await supervises(station, name) });
          if (stream) write({ type: 'batch-started', batchId, blueprint: name, jobIds, identityKept: identityKept === true, resume });
          stream?.follow(batchId, jobIds);
          out.progress(`Preparing ${jobIds.length} device(s) with blueprint "${name}" (batch ${batchId})…`);
          out.progress(resume);
          const outcome = await waitForJobs(station, jobIds, out, deviceTimeoutMs, targets);
          stream?.stop();
          // The summary is the last line: a script reads the whole batch from it, as before.
          if (stream) write({ type: 'batch-summary', batchId, blueprint: name, jobs: outcome.jobs });
          else out.result({ batchId, blueprint: name, jobs: outcome.jobs }, () => outcomeTable(outcome));
          ctx.setExitCode(outcome.exitCode);
        } finally {
          stream?.stop();
        }
      });
    });

  program
    .command('stage [udids...]')
    .description('stage for a flow (--flow single-user-standard|single-user-advanced|multi-user), or resume unfinished jobs (--resume)')
    .option('--resume', 'resume every unfinished job (after a crash, or devices plugged back in)')
    .option('--flow <flow>', 'single-user-standard | single-user-advanced | multi-user')
    .option('--all', 'every connected device')
    .option('--user <user>', 'single-user-advanced: the person the devices are registered to')
    .option('--assign <udid=user>', 'single-user-advanced: one device for one person (repeatable)', (v: string, acc: string[] = []) => [...acc, v])
    .option('--sheets <dir>', 'single-user-advanced: write the hand-off sheets (PDF) here (default: the data directory)')
    .option('--blueprint <name|file>', 'a stored blueprint or a blueprint JSON file (otherwise the Prepare options below)')
    .option('--org <name>', 'organization name shown on the device')
    .option('--skip-setup <all|list>', 'Setup Assistant panes to skip', 'all')
    .option('--enroll-profile <file|stored>', 'MDM enrollment profile (.mobileconfig), or "stored"')
    .option('--enroll-mode <install|store>', 'install the MDM profile now, or store it for Setup Assistant', 'store')
    .option('--profile <file>', 'an extra profile to install (repeatable)', (v: string, acc: string[] = []) => [...acc, v])
    .option('--name-template <template>', 'rename devices, e.g. "Cart A-{slot:2}" or "{user}-iPad"')
    .option('--erase', 'erase devices that are already configured')
    .option('--concurrency <n>', 'devices staged at once', '8')
    .option('--device-timeout <seconds>', 'how long to wait for an unplugged device to come back', '120')
    .option('--trust-timeout <seconds>', 'how long to wait for Trust to be tapped', '300')
    .option('--identity <file.p12>', 'supervision identity (default: the stored one)')
    .option('--password <pw>', 'password of --identity')
    .option('--json', 'print JSON')
    .action(async (udids: string[], flags: PrepareFlags & FlowFlags) => {
      if (flags.resume && flags.flow) throw new CliError('--resume and --flow are separate: resume first, then stage', ExitCode.USAGE, 'USAGE');
      if (!flags.resume && !flags.flow) throw new CliError('say what to stage: cartwright stage --flow FLOW [--all | UDID…], or cartwright stage --resume', ExitCode.USAGE, 'USAGE');
      const identity = identityFrom(flags);
      const out = ctx.output(flags.json);
      const options = { concurrency: int(flags.concurrency, '--concurrency', 8), trustTimeoutMs: int(flags.trustTimeout, '--trust-timeout', 300) * 1000, ...(identity ? { identity } : {}) };
      const deviceTimeoutMs = int(flags.deviceTimeout, '--device-timeout', 120) * 1000;
      if (flags.flow) {
        await withStation(options, (station) => stageFlow(station, udids, flags, out, ctx, deviceTimeoutMs));
        return;
      }
      await withStation(options, async (station) => {
        const { jobs: unfinished } = await callApi(station, 'staging.unfinished', {});
        if (!unfinished.length) {
          out.result({ jobs: [] }, () => 'Nothing to resume: every job has finished.');
          return;
        }
        if (unfinished.some((j) => j.needsIdentity)) await requireIdentity(station);
        out.progress(`Resuming ${unfinished.length} unfinished job(s)…`);
        station.activateStaging({ resumeAttached: false });
        // The station checks the identity again and queues the jobs (what a screen's Resume does).
        const { jobs: resumed } = await adminStep(() => callApi(station, 'staging.resume', {}));
        const outcome = await waitForJobs(station, resumed.map((j) => j.jobId), out, deviceTimeoutMs, resumed.map((j) => j.udid));
        out.result({ jobs: outcome.jobs }, () => outcomeTable(outcome));
        ctx.setExitCode(outcome.exitCode);
      });
    });
}

/** The run's blueprint: a stored one's name, or the one the flags (or a file) describe, not saved yet. */
async function blueprintChoice(station: Station, flags: PrepareFlags): Promise<Blueprint | string> {
  const stored = new Set((await callApi(station, 'blueprints.list', {})).map((b) => b.name));
  return blueprintFrom(flags, (name) => stored.has(name));
}

/** The run's blueprint through the API: a stored one by name, or the one given saved as the Blueprints screen saves it. */
async function chooseBlueprint(station: Station, flags: PrepareFlags): Promise<string> {
  const chosen = await blueprintChoice(station, flags);
  return typeof chosen === 'string' ? chosen : (await callApi(station, 'blueprints.save', { body: chosen })).name;
}

interface FlowFlags {
  resume?: boolean;
  flow?: string;
  user?: string;
  assign?: string[];
  sheets?: string;
}

/** `stage --flow`: the flow's staging, its VPP/Apple ID guidance, and Advanced's hand-off sheets. */
async function stageFlow(station: Station, udids: string[], flags: PrepareFlags & FlowFlags, out: Output, ctx: CliContext, deviceTimeoutMs: number): Promise<void> {
  const flow = FlowName.safeParse(flags.flow);
  if (!flow.success) throw new CliError(`--flow must be ${FlowName.options.join(', ')}, not "${flags.flow}"`, ExitCode.USAGE, 'USAGE');
  const pairs = (flags.assign ?? []).map((a) => {
    const [udid, user] = a.split('=');
    if (!udid || !user) throw new CliError(`--assign takes UDID=USER, not "${a}"`, ExitCode.USAGE, 'USAGE');
    return { udid: udid.trim(), user: user.trim() };
  });
  const named = pairs.length ? [...udids.filter((u) => !pairs.some((p) => p.udid === u)), ...pairs.map((p) => p.udid)] : udids;
  const targets = await selectDevices(station, named, flags.all && !pairs.length ? true : undefined);
  const name = await chooseBlueprint(station, flags);
  if (await supervises(station, name)) await requireIdentity(station);
  station.activateStaging({ resumeAttached: false });
  let batch: { batchId: string; jobIds: string[]; guidance: string[] };
  try {
    batch = await callApi(station, 'flows.stage', {
      flow: flow.data,
      blueprint: name,
      targets: targets.map((udid) => ({ udid, ...(pairs.find((p) => p.udid === udid) ? { user: pairs.find((p) => p.udid === udid)!.user } : {}) })),
      ...(flags.user ? { user: flags.user } : {}),
    });
  } catch (e) {
    const info = errorInfo(e);
    throw new CliError(`${info.message}${info.remedy ? ` — ${info.remedy}` : ''}`, info.code === 'INVALID_INPUT' ? ExitCode.USAGE : ExitCode.FAILURE, info.code);
  }
  for (const g of batch.guidance) out.progress(`note: ${g}`);
  out.progress(`Staging ${batch.jobIds.length} device(s) for ${flow.data} with blueprint "${name}" (batch ${batch.batchId})…`);
  const outcome = await waitForJobs(station, batch.jobIds, out, deviceTimeoutMs, targets);
  const sheets: { udid: string; file: string }[] = [];
  if (flow.data === 'single-user-advanced') {
    const dir = flags.sheets ?? join((await callApi(station, 'station.info', {})).dataDir, 'handoff');
    for (const j of outcome.jobs.filter((x) => x.state === 'succeeded')) {
      const sheet = await callApi(station, 'flows.handoffSheet', { udid: j.udid });
      // The file name comes from the device's serial: it may only ever name a file inside `dir`.
      const file = writeFileInside(dir, sheet.fileName, Buffer.from(sheet.pdfBase64, 'base64'));
      sheets.push({ udid: j.udid, file });
    }
  }
  const status = await callApi(station, 'flows.status', {});
  const jobs = outcome.jobs.map((j) => ({ ...j, flowStatus: status.find((s) => s.udid === j.udid)?.status ?? null }));
  out.result({ batchId: batch.batchId, flow: flow.data, blueprint: name, guidance: batch.guidance, jobs, sheets }, () =>
    [outcomeTable(outcome), ...jobs.map((j) => `${j.slot ?? '?'}  ${j.serial ?? j.udid}: ${j.flowStatus ?? ''}`), ...sheets.map((s) => `hand-off sheet: ${s.file}`)].join('\n'),
  );
  ctx.setExitCode(outcome.exitCode);
}
