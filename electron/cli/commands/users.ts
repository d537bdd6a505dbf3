import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { callApi } from '../api-call.js';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CliContext } from '../cli-context.js';
import { table } from '../output.js';
import { withStation } from '../station-session.js';

export function registerUsers(program: Command, ctx: CliContext): void {
  const users = program.command('users').description('the local user directory (kiosk check-out without a remote MDM)');

  users
    .command('import <file>')
    .description('import users from CSV: id, name, email, badge, pin or pin_hash, groups (";"-separated); all or nothing')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new CliError(`cannot read ${file}: ${(error as Error).message}`, ExitCode.USAGE, 'INVALID_INPUT');
      }
      // The screens' import (admin API users.import): same parser, all-or-nothing rule and audit row.
      await withStation({}, async (station) => {
        const r = await callApi(station, 'users.import', { csv: text, fileName: file });
        if (r.errors.length) throw new CliError(`${file}: nothing imported.\n  ${r.errors.join('\n  ')}`, ExitCode.FAILURE, 'INVALID_INPUT');
        ctx.output(opts.json).result({ imported: r.imported, withPin: r.withPin }, () => `Imported ${r.imported} user(s).`);
      });
    });

  users
    .command('list')
    .description('list the users the station knows (local and cached from the MDM)')
    .option('--json', 'print the users as JSON')
    .action(async (opts: { json?: boolean }) => {
      await withStation({}, async (station) => {
        // The admin API's view: whether a badge and PIN are set, never the PIN hash or badge digest.
        const { users: list } = await callApi(station, 'users.list', { limit: 5000 });
        ctx.output(opts.json).result({ users: list }, () => table(['ID', 'NAME', 'EMAIL', 'BADGE', 'PIN', 'SOURCE'], list.map((u) => [u.id, u.name, u.email, u.hasBadge ? 'yes' : '', u.hasPin ? 'yes' : '', u.source])));
      });
    });

  users
    .command('locked')
    .description('who may not sign in at the kiosk right now (too many failed tries), and which kiosk clients wait')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withStation({}, async (station) => {
        const { locked } = await callApi(station, 'users.locked', {});
        ctx.output(opts.json).result({ locked }, () =>
          locked.length ? table(['KIND', 'WHO', 'FAILED TRIES', 'LOCKED UNTIL'], locked.map((l) => [l.kind, l.key, l.failures, l.lockedUntil])) : 'Nobody is locked out.',
        );
      });
    });

  users
    .command('unlock <who>')
    .description('let a person (username) or, with --client, a kiosk client (address) sign in again at once')
    .option('--client', 'WHO is a kiosk client address (see `cartwright users locked`)')
    .option('--json', 'print JSON')
    .action(async (who: string, opts: { client?: boolean; json?: boolean }) => {
      await withStation({}, async (station) => {
        const r = await callApi(station, 'users.unlock', { kind: opts.client ? 'client' : 'user', key: who });
        if (!r.unlocked) throw new CliError(`${who} has no failed kiosk sign-ins recorded (cartwright users locked lists who waits)`, ExitCode.FAILURE, 'NOT_FOUND');
        ctx.output(opts.json).result(r, () => `Unlocked ${who}: the failed-try count starts over.`);
      });
    });
}
