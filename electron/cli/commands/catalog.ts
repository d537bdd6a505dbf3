import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { callApi } from '../api-call.js';
import { parseBlueprint } from '../../staging/blueprint.js';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CliContext } from '../cli-context.js';
import { table } from '../output.js';
import { withStation } from '../station-session.js';

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, ExitCode.USAGE, 'USAGE');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${file} is not valid JSON`, ExitCode.FAILURE, 'INVALID_INPUT');
  }
}

function writeOrPrint(data: unknown, out?: string): void {
  const text = `${JSON.stringify(data, null, 2)}\n`;
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}

export function registerCatalog(program: Command, ctx: CliContext): void {
  const bp = program.command('blueprint').description('named, versioned staging blueprints');
  bp.command('list')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withStation({}, async (s) => {
        const list = await callApi(s, 'blueprints.list', {});
        ctx.output(opts.json).result(list, () => (list.length ? table(['NAME', 'VERSION', 'UPDATED'], list.map((b) => [b.name, b.version, b.createdAt])) : 'No blueprints yet (cartwright prepare saves one; blueprint import adds one).'));
      });
    });
  bp.command('show <name>')
    .option('--version <n>', 'a specific version')
    .action(async (name: string, opts: { version?: string }) => {
      await withStation({}, async (s) => {
        const b = await callApi(s, 'blueprints.get', { name, ...(opts.version ? { version: Number(opts.version) } : {}) }).catch((e: Error) => {
          throw new CliError(e.message, ExitCode.FAILURE, 'NOT_FOUND');
        });
        writeOrPrint(b.body);
      });
    });
  bp.command('import <file>')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const parsed = parseBlueprint(readJson(file));
      if (!parsed.ok) throw new CliError(`${file} is not a valid blueprint:\n  ${parsed.errors.join('\n  ')}`, ExitCode.FAILURE, 'INVALID_INPUT');
      await withStation({}, async (s) => {
        // The Blueprints screen's save: same validation, versioning and audit row (blueprint.save).
        const r = await callApi(s, 'blueprints.save', { body: parsed.blueprint });
        ctx.output(opts.json).result(r, () => `${r.created ? 'Saved' : 'Unchanged'}: ${r.name} version ${r.version}`);
      });
    });
  bp.command('export <name>')
    .option('--out <file>', 'write to a file')
    .action(async (name: string, opts: { out?: string }) => {
      await withStation({}, async (s) => writeOrPrint(s.blueprint(name), opts.out));
    });

  const slots = program.command('slots').description('cart slots: which USB port is which numbered slot');
  slots
    .command('show')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withStation({}, async (s) => {
        const cart = await callApi(s, 'cart.get', {});
        ctx.output(opts.json).result(cart, () =>
          cart.layout
            ? `${cart.layout.name} (${cart.layout.rows}×${cart.layout.columns})\n${table(['SLOT', 'PORT', 'DEVICE'], cart.slots.map((x) => [x.slot, x.portId ?? '', x.udid ?? '']))}${cart.unknownPorts.length ? `\nUnknown ports: ${cart.unknownPorts.map((u) => `${u.portId} (${u.udid})`).join(', ')}` : ''}`
            : 'No cart layout yet: cartwright slots calibrate --auto (or --name "Cart A" --rows 4 --columns 8 to walk the slots)',
        );
      });
    });
  slots
    .command('calibrate')
    .description('map ports to slots: plug a device into slot 1, then 2, … (or --auto: number the occupied ports in hub order)')
    .option('--name <name>', 'layout name, e.g. "Cart A" (--auto: default "Cart"; rename later with slots rename)')
    .option('--rows <n>', 'rows of slots (--auto: derived from the devices plugged in)')
    .option('--columns <n>', 'slots per row (--auto: derived from the devices plugged in)')
    .option('--auto', 'number the currently occupied ports in hub order')
    .option('--json', 'print JSON')
    .action(async (opts: { name?: string; rows?: string; columns?: string; auto?: boolean; json?: boolean }) => {
      const side = (v: string | undefined, flag: string): number | undefined => {
        if (v === undefined) return undefined;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new CliError(`${flag} must be a whole number of at least 1`, ExitCode.USAGE, 'USAGE');
        return n;
      };
      const rows = side(opts.rows, '--rows');
      const columns = side(opts.columns, '--columns');
      const out = ctx.output(opts.json);
      if (!opts.auto && (!opts.name || !rows || !columns)) {
        throw new CliError('the slot-by-slot walk needs --name, --rows and --columns (or use --auto to number the plugged-in devices in hub order)', ExitCode.USAGE, 'USAGE');
      }
      await withStation({}, async (s) => {
        if (opts.auto) {
          const cart = await callApi(s, 'cart.calibrate', { action: 'auto', ...(opts.name ? { name: opts.name } : {}), ...(rows ? { rows } : {}), ...(columns ? { columns } : {}) });
          const grid = cart.layout ? ` as "${cart.layout.name}" (${cart.layout.rows}×${cart.layout.columns})` : '';
          out.result(cart, () => `Numbered ${cart.slots.filter((x) => x.portId).length} slot(s) in hub order${grid}. Rename the layout with: cartwright slots rename NAME`);
          return;
        }
        const [name, r, c] = [opts.name!, rows!, columns!];
        await callApi(s, 'cart.calibrate', { action: 'start', name, rows: r, columns: c });
        out.progress(`Plug a device into slot 1 (Ctrl-C to stop; slots calibrated so far are kept).`);
        await new Promise<void>((resolve, reject) => {
          const off = s.subscribe((e) => {
            if (e.type !== 'notice' || !/calibrated/.test(e.message)) return;
            // Which slot comes next is the station's word (cart.get), not ours to count.
            callApi(s, 'cart.get', {}).then(({ calibration }) => {
              if (calibration.nextSlot === null) {
                off();
                resolve();
              } else out.progress(`${e.message} Now plug a device into slot ${calibration.nextSlot}.`);
            }, (err: unknown) => {
              off();
              reject(err instanceof Error ? err : new Error(String(err)));
            });
          });
        });
        const cart = await callApi(s, 'cart.get', {});
        out.result(cart, () => `Calibrated ${cart.slots.length} slot(s).`);
      });
    });
  slots
    .command('rename <name>')
    .description('rename a cart layout (the active one unless --layout names another); its slots stay as calibrated')
    .option('--layout <current>', 'the layout to rename (default: the active one)')
    .option('--json', 'print JSON')
    .action(async (to: string, opts: { layout?: string; json?: boolean }) => {
      await withStation({}, async (s) => {
        const cart = await callApi(s, 'cart.renameLayout', { to, ...(opts.layout ? { from: opts.layout } : {}) });
        ctx.output(opts.json).result(cart, () => `Renamed the layout to "${cart.layout?.name ?? to}".`);
      });
    });
  slots
    .command('export')
    .option('--name <layout>', 'layout (default: the active one)')
    .option('--out <file>', 'write to a file')
    .action(async (opts: { name?: string; out?: string }) => {
      await withStation({}, async (s) => {
        const { file } = await callApi(s, 'cart.exportLayout', opts.name ? { name: opts.name } : {});
        writeOrPrint(file, opts.out);
      });
    });
  slots
    .command('import <file>')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const content = readJson(file);
      await withStation({}, async (s) => {
        const r = await callApi(s, 'cart.importLayout', { file: content }).catch((e: unknown) => {
          const { code, message } = e as { code?: string; message?: string };
          if (code === 'INVALID_INPUT') throw new CliError(`${file}: ${message ?? 'not a slot layout'}`, ExitCode.FAILURE, code);
          throw e;
        });
        ctx.output(opts.json).result(r, () => `Imported layout ${r.layout}.`);
      });
    });

  program
    .command('audit')
    .description('the audit log: who did what to which device, when, from where')
    .option('--since <time>', 'ISO time or a duration like 2h, 3d')
    .option('--until <time>', 'ISO time')
    .option('--device <udid>', 'one device')
    .option('--action <action>', 'one action (e.g. step.supervise)')
    .option('--limit <n>', 'at most this many entries', '500')
    .option('--json', 'print JSON')
    .action(async (opts: { since?: string; until?: string; device?: string; action?: string; limit: string; json?: boolean }) => {
      const since = opts.since ? parseWhen(opts.since) : undefined;
      const until = opts.until ? parseWhen(opts.until) : undefined;
      await withStation({}, async (s) => {
        const entries = await callApi(s, 'audit.query', { ...(since ? { since: since.toISOString() } : {}), ...(until ? { until: until.toISOString() } : {}), ...(opts.device ? { udid: opts.device } : {}), ...(opts.action ? { action: opts.action } : {}), limit: Number(opts.limit) || 500, order: 'asc' });
        ctx.output(opts.json).result(entries, () => table(['AT', 'ACTOR', 'SOURCE', 'ACTION', 'DEVICE'], entries.map((e) => [e.at, e.actor, e.source, e.action, e.serial ?? e.udid ?? ''])));
      });
    });
}

function parseWhen(text: string): Date {
  const m = /^(\d+)([mhd])$/.exec(text);
  if (m) return new Date(Date.now() - Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd']);
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new CliError(`"${text}" is not a time: use ISO 8601 (2026-11-21T09:00:00Z) or a duration (30m, 2h, 3d)`, ExitCode.USAGE, 'USAGE');
  return d;
}
