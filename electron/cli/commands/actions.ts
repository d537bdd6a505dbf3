import type { Command } from 'commander';
import { callApi } from '../api-call.js';
import { errorInfo } from '../../staging/error-info.js';
import { renderName } from '../../staging/name-template.js';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CliContext } from '../cli-context.js';
import { table } from '../output.js';
import { selectDevices, withStation } from '../station-session.js';

type Result = { udid: string; ok: boolean; error: string | null; remedy?: string | null; name?: string };

function exitFor(results: Result[]): ExitCode {
  const ok = results.filter((r) => r.ok).length;
  return ok === results.length ? ExitCode.OK : ok === 0 ? ExitCode.FAILURE : ExitCode.PARTIAL;
}

const resultTable = (results: Result[]) =>
  table(['UDID', 'RESULT', 'DETAIL'], results.map((r) => [r.udid, r.ok ? 'ok' : 'failed', r.ok ? (r.name ?? '') : `${r.error ?? ''}${r.remedy ? ` → ${r.remedy}` : ''}`]));

async function each(udids: string[], work: (udid: string) => Promise<Partial<Result> | void>): Promise<Result[]> {
  return Promise.all(
    udids.map(async (udid) => {
      try {
        return { udid, ok: true, error: null, ...((await work(udid)) ?? {}) };
      } catch (e) {
        const info = errorInfo(e);
        return { udid, ok: false, error: `${info.code}: ${info.message}`, remedy: info.remedy ?? null };
      }
    }),
  );
}

export function registerDeviceActions(program: Command, ctx: CliContext): void {
  program
    .command('pair [udids...]')
    .description('pair devices with this station (each shows "Trust This Computer?" once)')
    .option('--all', 'every connected device')
    .option('--json', 'print JSON')
    .action(async (udids: string[], opts: { all?: boolean; json?: boolean }) => {
      const out = ctx.output(opts.json);
      await withStation({}, async (station) => {
        const targets = await selectDevices(station, udids, opts.all);
        const off = station.subscribe((e) => {
          if (e.type === 'devices') for (const d of e.devices) if (d.state === 'waiting-trust' && d.stateDetail) out.progress(d.stateDetail);
        });
        try {
          // The station's pairing command, as the Cart screen's Pair button runs it (audited, the tile refreshed).
          const { results: paired } = await callApi(station, 'devices.pair', { udids: targets });
          const results: Result[] = paired.map((r) => (r.ok ? { udid: r.udid, ok: true, error: null } : { udid: r.udid, ok: false, error: r.code ? `${r.code}: ${r.error ?? ''}` : r.error, remedy: r.remedy ?? null }));
          out.result(results, () => resultTable(results));
          ctx.setExitCode(exitFor(results));
        } finally {
          off();
        }
      });
    });

  program
    .command('rename [udids...]')
    .description('rename devices: rename UDID --name NAME, or --all --template "Cart A-{slot:2}"')
    .option('--all', 'every connected device')
    .option('--name <name>', 'the new name (one device)')
    .option('--template <template>', 'a name template: {slot} {serial} {name} {model} {n}')
    .option('--json', 'print JSON')
    .action(async (udids: string[], opts: { all?: boolean; name?: string; template?: string; json?: boolean }) => {
      if (!opts.name === !opts.template) throw new CliError('give either --name or --template', ExitCode.USAGE, 'USAGE');
      await withStation({}, async (station) => {
        const targets = await selectDevices(station, udids, opts.all);
        if (opts.name && targets.length > 1) throw new CliError('--name renames one device; use --template for several', ExitCode.USAGE, 'USAGE');
        const known = new Map((await callApi(station, 'devices.list', {})).map((d) => [d.udid, d]));
        const results = await each(targets, async (udid) => {
          const d = known.get(udid);
          const name = opts.name ?? renderName(opts.template!, { slot: d?.slot, serial: d?.serial, name: d?.name, model: d?.model, n: targets.indexOf(udid) + 1 });
          const r = await callApi(station, 'devices.rename', { udid, name });
          return { name: r.name };
        });
        ctx.output(opts.json).result(results, () => resultTable(results));
        ctx.setExitCode(exitFor(results));
      });
    });

  program
    .command('erase [udids...]')
    .description('erase all content and settings (the devices restart unactivated and unpaired)')
    .option('--all', 'every connected device')
    .option('--yes', 'confirm: erasing cannot be undone')
    .option('--json', 'print JSON')
    .action(async (udids: string[], opts: { all?: boolean; yes?: boolean; json?: boolean }) => {
      if (!opts.yes) throw new CliError('erasing cannot be undone: add --yes to confirm', ExitCode.USAGE, 'USAGE');
      await withStation({}, async (station) => {
        const targets = await selectDevices(station, udids, opts.all);
        const results = await each(targets, async (udid) => {
          await callApi(station, 'devices.erase', { udids: [udid], confirm: true });
        });
        ctx.output(opts.json).result(results, () => resultTable(results));
        ctx.setExitCode(exitFor(results));
      });
    });
}
