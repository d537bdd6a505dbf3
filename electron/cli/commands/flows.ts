import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { callApi } from '../api-call.js';
import { followPick } from '../follow-pick.js';
import { FlowSettingsChange, type CheckoutView } from '../../api/flows.js';
import type { KioskCredential } from '../../api/kiosk.js';
import { errorInfo } from '../../staging/error-info.js';
import type { Station } from '../../station/station.js';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CliContext } from '../cli-context.js';
import { table } from '../output.js';
import { withStation } from '../station-session.js';

/** A flow's refusal as one line with its remedy and stable code (scripts switch on the code). */
async function flowStep<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof CliError) throw e;
    const info = errorInfo(e);
    throw new CliError(`${info.message}${info.remedy ? ` — ${info.remedy}` : ''}`, info.code === 'INVALID_INPUT' ? ExitCode.USAGE : ExitCode.FAILURE, info.code);
  }
}

function credentialOf(opts: { user?: string; pin?: string; badge?: string }, flag = '--user'): { user: string } | { credential: KioskCredential } {
  if (opts.badge) return { credential: opts.pin !== undefined ? { badge: opts.badge, pin: opts.pin } : { badge: opts.badge } };
  if (!opts.user) throw new CliError(`name the person: ${flag} USER (username, email, id) or --badge NUMBER`, ExitCode.USAGE, 'USAGE');
  if (opts.pin !== undefined) {
    if (!/^\d{4,12}$/.test(opts.pin)) throw new CliError('--pin is 4 to 12 digits', ExitCode.USAGE, 'USAGE');
    return { credential: { username: opts.user, pin: opts.pin } };
  }
  return { user: opts.user };
}

const checkoutRows = (list: CheckoutView[]) =>
  list.length ? table(['SLOT', 'SERIAL', 'NAME', 'USER', 'OUT SINCE', 'DUE', 'STATE'], list.map((c) => [c.slot ?? '?', c.serial, c.name, c.userName ?? c.userId, c.checkedOutAt, c.dueAt, c.state])) : 'No device is checked out.';

const onOff = (v: string, flag: string): boolean => {
  if (v === 'on' || v === 'true') return true;
  if (v === 'off' || v === 'false') return false;
  throw new CliError(`${flag} is on or off`, ExitCode.USAGE, 'USAGE');
};

const number = (v: string, flag: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new CliError(`${flag} must be a number, not "${v}"`, ExitCode.USAGE, 'USAGE');
  return n;
};

async function checkoutAndWait(station: Station, who: { user: string } | { credential: KioskCredential }, timeoutMs: number) {
  station.activateFlows();
  const r = await callApi(station, 'flows.checkout', { ...who, awaitPickup: true });
  const pick = r.pick!;
  process.stderr.write(`Take the device from slot ${r.device.slot ?? '?'}: ${r.device.name ?? 'device'} (UDID ${r.device.udid})\n`);
  // The station's `pick` events, as the kiosk follows them; a timeout gives the pick up through the API.
  const settled = await followPick(station, pick.pickId, timeoutMs, (p) => {
    if (p.message) process.stderr.write(`${p.message}\n`);
  });
  if (settled.state !== 'taken' && settled.state !== 'swapped') {
    throw new CliError(settled.message ?? `The device was not taken (${settled.state}).`, ExitCode.FAILURE, 'NOT_TAKEN');
  }
  return { ...settled.device, user: settled.user, checkoutId: settled.checkoutId, dueAt: settled.dueAt, state: settled.state, message: settled.message };
}

export function registerFlows(program: Command, ctx: CliContext): void {
  program
    .command('checkout')
    .description('Multi User: check a device out to a person; the best ready device is picked (battery, time on charge)')
    .option('--user <user>', 'who takes it: username, email, id or badge number')
    .option('--badge <badge>', 'identify by badge instead')
    .option('--pin <pin>', 'with --user: the person\'s PIN (as at the kiosk)')
    .option('--wait', 'record the check-out when the device leaves the cart (a different device taken is caught)')
    .option('--timeout <seconds>', 'with --wait: how long to wait for the device to be taken', '180')
    .option('--json', 'print JSON')
    .action(async (opts: { user?: string; badge?: string; pin?: string; wait?: boolean; timeout: string; json?: boolean }) => {
      const who = credentialOf(opts);
      await withStation({}, async (station) =>
        flowStep(async () => {
          if (opts.wait) {
            const r = await checkoutAndWait(station, who, number(opts.timeout, '--timeout') * 1000);
            ctx.output(opts.json).result(r, () => `${r.name ?? r.udid} (slot ${r.slot ?? '?'}) is checked out to ${r.user.displayName}${r.dueAt ? `, due ${r.dueAt}` : ''}.${r.message ? `\n${r.message}` : ''}`);
            return;
          }
          const r = await callApi(station, 'flows.checkout', { ...who, awaitPickup: false });
          const out = { ...r.device, user: r.user, checkoutId: r.checkoutId, dueAt: r.dueAt, state: 'handed-over' };
          ctx.output(opts.json).result(out, () => `Hand over ${r.device.name ?? r.device.udid} from slot ${r.device.slot ?? '?'} to ${r.user.displayName}${r.dueAt ? ` (due ${r.dueAt})` : ''}.`);
        }),
      );
    });

  program
    .command('checkin <udid>')
    .description('Multi User: check a device back in and apply the return policy (keep, remove profiles, erase and re-stage)')
    .option('--json', 'print JSON')
    .action(async (udid: string, opts: { json?: boolean }) => {
      await withStation({}, async (station) =>
        flowStep(async () => {
          const r = await callApi(station, 'flows.checkin', { udid });
          ctx.output(opts.json).result({ udid, ...r }, () => `${r.checkout.name ?? udid} is checked in from ${r.checkout.userName ?? r.checkout.userId}: ${r.returned.action}.`);
        }),
      );
    });

  program
    .command('checkouts')
    .description('devices away from the cart: open and overdue check-outs (--lost adds lost ones)')
    .option('--overdue', 'only overdue check-outs')
    .option('--lost', 'include devices marked lost')
    .option('--json', 'print JSON')
    .action(async (opts: { overdue?: boolean; lost?: boolean; json?: boolean }) => {
      const states: ('open' | 'overdue' | 'lost')[] = opts.overdue ? ['overdue'] : ['open', 'overdue'];
      if (opts.lost) states.push('lost');
      await withStation({}, async (station) => {
        const list = await callApi(station, 'flows.checkouts', { states });
        ctx.output(opts.json).result(list, () => checkoutRows(list));
      });
    });

  program
    .command('lost <udid>')
    .description('mark a checked-out device lost (and ask the MDM for lost mode where it can)')
    .option('--json', 'print JSON')
    .action(async (udid: string, opts: { json?: boolean }) => {
      await withStation({}, async (station) =>
        flowStep(async () => {
          const r = await callApi(station, 'flows.markLost', { udid });
          ctx.output(opts.json).result(r, () => `${r.checkout.name ?? udid} is marked lost (with ${r.checkout.userName ?? r.checkout.userId}).\n${r.lostMode.message}`);
        }),
      );
    });

  program
    .command('assign <udid>')
    .description('Single User Advanced: register a device (serial, IMEI) to a person in the MDM, through the outbox')
    .requiredOption('--user <user>', 'username, email, id or badge number')
    .option('--json', 'print JSON')
    .action(async (udid: string, opts: { user: string; json?: boolean }) => {
      await withStation({}, async (station) =>
        flowStep(async () => {
          const r = await callApi(station, 'flows.assign', { udid, user: opts.user });
          ctx.output(opts.json).result(r, () => `${r.serial} is ${r.queued ? 'registered' : 'already registered'} to ${r.user.displayName}.`);
        }),
      );
    });

  program
    .command('handoff <udid>')
    .description('Single User Advanced: hand a device over; only its registered user is accepted (others are refused and audited)')
    .option('--user <user>', 'the person receiving it (username, email, id)')
    .option('--pin <pin>', 'with --user: their PIN')
    .option('--badge <badge>', 'or: their badge')
    .option('--sheet <file.pdf>', 'also write the hand-off sheet')
    .option('--json', 'print JSON')
    .action(async (udid: string, opts: { user?: string; pin?: string; badge?: string; sheet?: string; json?: boolean }) => {
      const who = credentialOf(opts);
      await withStation({}, async (station) =>
        flowStep(async () => {
          const r = await callApi(station, 'flows.handoff', { udid, ...who });
          if (opts.sheet) writeFileSync(opts.sheet, Buffer.from((await callApi(station, 'flows.handoffSheet', { udid })).pdfBase64, 'base64'));
          ctx.output(opts.json).result({ ...r, ...(opts.sheet ? { sheet: opts.sheet } : {}) }, () => `Hand ${udid} to ${r.user.displayName}.`);
        }),
      );
    });

  program
    .command('flow-settings')
    .description('the flows\' settings: battery threshold, loan period, per-user limit, allowed groups, return policy…')
    .option('--battery-threshold <percent>', 'no device below this is handed out')
    .option('--loan-hours <hours>', 'loan period (due time)')
    .option('--per-user <n>', 'devices one person may hold')
    .option('--groups <a,b>', 'directory groups allowed on this cart ("" = everyone)')
    .option('--return-policy <keep|remove-profiles|erase>', 'what happens to a returned device')
    .option('--staging-user <name>', 'the staging account of Single User Standard')
    .option('--multi-user-blueprint <name>', 'the blueprint Return to Service re-stages with')
    .option('--kiosk-badge-pin <on|off>', 'two factors at the kiosk: a badge scan must be followed by the PIN')
    .option('--kiosk-max-tries <n>', 'failed kiosk sign-ins per person before each try waits (30 s doubling to 15 min)')
    .option('--kiosk-client-max-tries <n>', 'failed sign-ins from one kiosk client before it waits likewise')
    .option('--json', 'print JSON')
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const change: Record<string, unknown> = {};
      if (typeof opts.batteryThreshold === 'string') change.batteryThreshold = number(opts.batteryThreshold, '--battery-threshold');
      if (typeof opts.loanHours === 'string') change.loanHours = number(opts.loanHours, '--loan-hours');
      if (typeof opts.perUser === 'string') change.perUserLimit = number(opts.perUser, '--per-user');
      if (typeof opts.groups === 'string') change.allowedGroups = opts.groups.split(',').map((g) => g.trim()).filter(Boolean);
      if (typeof opts.returnPolicy === 'string') change.returnPolicy = opts.returnPolicy;
      if (typeof opts.stagingUser === 'string') change.stagingUser = opts.stagingUser;
      if (typeof opts.multiUserBlueprint === 'string') change.multiUserBlueprint = opts.multiUserBlueprint;
      if (typeof opts.kioskBadgePin === 'string') change.kioskBadgeNeedsPin = onOff(opts.kioskBadgePin, '--kiosk-badge-pin');
      if (typeof opts.kioskMaxTries === 'string') change.kioskMaxTries = number(opts.kioskMaxTries, '--kiosk-max-tries');
      if (typeof opts.kioskClientMaxTries === 'string') change.kioskClientMaxTries = number(opts.kioskClientMaxTries, '--kiosk-client-max-tries');
      const parsed = FlowSettingsChange.safeParse(change);
      if (!parsed.success) throw new CliError(`invalid setting: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, ExitCode.USAGE, 'INVALID_INPUT');
      await withStation({}, async (station) => {
        const settings = await callApi(station, 'flows.settings', { change: parsed.data });
        ctx.output(opts.json === true).result(settings, () => Object.entries(settings).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n'));
      });
    });

  program
    .command('flow-status [udid]')
    .description('what each device was staged for and where it stands (awaiting first user, registered, checked out…)')
    .option('--json', 'print JSON')
    .action(async (udid: string | undefined, opts: { json?: boolean }) => {
      await withStation({}, async (station) =>
        flowStep(async () => {
          const list = await callApi(station, 'flows.status', udid ? { udid } : {});
          ctx.output(opts.json).result(list, () => table(['UDID', 'FLOW', 'STATUS'], list.map((d) => [d.enrollmentId ?? d.udid, d.flow ?? '', d.status])));
        }),
      );
    });

  program
    .command('unenroll <enrollmentId>')
    .description('a User Enrollment (personal) device left the MDM: forget everything the station kept about it')
    .option('--json', 'print JSON')
    .action(async (enrollmentId: string, opts: { json?: boolean }) => {
      await withStation({}, async (station) => {
        const r = await callApi(station, 'flows.unenroll', { enrollmentId });
        ctx.output(opts.json).result(r, () => (r.deleted ? `Forgot ${enrollmentId}.` : `No device with Enrollment ID ${enrollmentId}.`));
        if (!r.deleted) ctx.setExitCode(ExitCode.FAILURE);
      });
    });
}
