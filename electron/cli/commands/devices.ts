import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { callApi } from '../api-call.js';
import { csvLines, type DeviceSummary } from '../../api/index.js';
import type { Station } from '../../station/station.js';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CliContext } from '../cli-context.js';
import { table } from '../output.js';
import { withStation } from '../station-session.js';

function deviceRow(d: DeviceSummary) {
  return {
    udid: d.udid,
    serial: d.serial,
    imei: d.imei,
    name: d.name,
    productType: d.productType,
    model: d.model,
    productVersion: d.productVersion,
    slot: d.slot,
    battery: d.battery,
    charging: d.charging,
    paired: d.paired,
    supervised: d.supervised,
    organizationName: d.organizationName,
    state: d.state,
    error: d.error,
  };
}

function devicesTable(devices: DeviceSummary[]): string {
  if (!devices.length) return 'No devices connected.';
  return table(
    ['SLOT', 'UDID', 'SERIAL', 'MODEL', 'iOS', 'NAME', 'BATTERY', 'STATE'],
    devices.map((d) => [d.slot ?? '?', d.udid, d.serial ?? '', d.model ?? d.productType ?? '', d.productVersion ?? '', d.name ?? '', d.battery === null ? '' : `${d.battery}%${d.charging ? '+' : ''}`, d.state]),
  );
}

/** Inventory row: what an asset register needs of each device, from `devices.list` and each one's journal (`devices.get`). */
async function inventory(station: Pick<Station, 'handlers'>) {
  const rows = [];
  for (const d of await callApi(station, 'devices.list', {})) {
    const job = (await callApi(station, 'devices.get', { udid: d.udid })).jobs[0];
    const enrolled = job?.state === 'succeeded' && job.steps.some((s) => s.name === 'enroll' && (s.state === 'succeeded' || s.state === 'skipped'));
    rows.push({
      slot: d.slot,
      udid: d.udid,
      serial: d.serial,
      imei: d.imei,
      model: d.model,
      productType: d.productType,
      ios: d.productVersion,
      name: d.name,
      supervised: d.supervised,
      enrolled,
      battery: d.battery,
      lastJobState: job?.state ?? null,
    });
  }
  return rows;
}

export function registerDevices(program: Command, ctx: CliContext): void {
  program
    .command('devices')
    .description('list the devices on the cart with their slot, identity, battery and state')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withStation({}, async (station) => {
        const devices = (await callApi(station, 'devices.list', {})).filter((d) => d.connected);
        ctx.output(opts.json).result(devices.map(deviceRow), () => devicesTable(devices));
      });
    });

  program
    .command('info <udid>')
    .description('everything the station knows about one device, with its job journal')
    .option('--json', 'print JSON')
    .action(async (udid: string, opts: { json?: boolean }) => {
      await withStation({}, async (station) => {
        const detail = await callApi(station, 'devices.get', { udid }).catch(() => {
          throw new CliError(`no device ${udid} on this station (cartwright devices lists them)`, ExitCode.FAILURE, 'NOT_FOUND');
        });
        ctx.output(opts.json).result(detail, () => {
          const d = detail.device;
          const lines = [
            `${d.name ?? d.udid}  (${d.model ?? d.productType ?? 'unknown model'}, iOS ${d.productVersion ?? '?'})`,
            `  UDID ${d.udid}   serial ${d.serial ?? '—'}   IMEI ${d.imei ?? '—'}`,
            `  slot ${d.slot ?? '—'}   battery ${d.battery ?? '—'}%${d.charging ? ' charging' : ''}   paired ${d.paired ? 'yes' : 'no'}`,
            `  supervised ${d.supervised ? `yes (${d.organizationName ?? '?'})` : 'no'}   state ${d.state}${d.error ? ` — ${d.error.message} ${d.error.remedy ?? ''}` : ''}`,
          ];
          for (const job of detail.jobs.slice(0, 3)) {
            lines.push(`  job ${job.id.slice(0, 8)} ${job.blueprint.name} v${job.blueprint.version}: ${job.state}`);
            for (const s of job.steps) lines.push(`    ${s.state.padEnd(9)} ${s.title}${s.durationMs !== null ? ` (${s.durationMs} ms)` : ''}${s.error ? ` — ${s.error.code}: ${s.error.message}` : ''}`);
          }
          return lines.join('\n');
        });
      });
    });

  program
    .command('export')
    .description('inventory of every known device: slot, UDID, serial, IMEI, model, iOS, name, supervised, enrolled, battery, last job')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (opts: { format: string; out?: string }) => {
      if (opts.format !== 'csv' && opts.format !== 'json') throw new CliError(`--format must be csv or json, not "${opts.format}"`, ExitCode.USAGE, 'USAGE');
      await withStation({}, async (station) => {
        const rows = await inventory(station);
        const text =
          opts.format === 'json'
            ? `${JSON.stringify(rows, null, 2)}\n`
            : csvLines([
                ['slot', 'udid', 'serial', 'imei', 'model', 'ios', 'name', 'supervised', 'enrolled', 'battery', 'lastJobState'],
                ...rows.map((r) => [r.slot, r.udid, r.serial, r.imei, r.model, r.ios, r.name, r.supervised, r.enrolled, r.battery, r.lastJobState]),
              ], '\n');
        if (opts.out) writeFileSync(opts.out, text);
        else process.stdout.write(text);
      });
    });
}
