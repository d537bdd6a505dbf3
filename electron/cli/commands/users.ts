import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseUsersCsv } from '../../mdm/local/csv-users.js';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CliContext } from '../main.js';
import { table } from '../output.js';
import { withStation } from '../station-session.js';
import { withStore } from './mdm.js';

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
      let parsed: ReturnType<typeof parseUsersCsv>;
      try {
        parsed = parseUsersCsv(text);
      } catch (error) {
        throw new CliError(`${file} is not a readable CSV: ${(error as Error).message}`, ExitCode.USAGE, 'INVALID_INPUT');
      }
      if (parsed.errors.length) throw new CliError(`${file}: nothing imported.\n  ${parsed.errors.join('\n  ')}`, ExitCode.FAILURE, 'INVALID_INPUT');
      await withStore((store) => {
        const imported = store.users.upsertMany(parsed.users);
        store.audit.append({ actor: 'cli', source: 'cli', action: 'users.import', details: { file, imported } });
        ctx.output(opts.json).result({ imported, withPin: parsed.users.filter((u) => u.pinHash).length }, () => `Imported ${imported} user(s).`);
      });
    });

  users
    .command('list')
    .description('list the users the station knows (local and cached from the MDM)')
    .option('--json', 'print the users as JSON')
    .action(async (opts: { json?: boolean }) => {
      await withStore((store) => {
        // The PIN hash stays inside the station: a listing never prints it.
        // Badges are stored only as digests: the listing says whether one is set.
        const list = store.users.list().map(({ pinHash, badge, ...u }) => ({ ...u, hasBadge: badge !== null, hasPin: pinHash !== null }));
        ctx.output(opts.json).result({ users: list }, () => table(['ID', 'NAME', 'EMAIL', 'BADGE', 'PIN', 'SOURCE'], list.map((u) => [u.id, u.name, u.email, u.hasBadge ? 'yes' : '', u.hasPin ? 'yes' : '', u.source])));
      });
    });

  users
    .command('locked')
    .description('who may not sign in at the kiosk right now (too many failed tries), and which kiosk clients wait')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withStation({}, async (station) => {
        const { locked } = await station.handlers['users.locked']({});
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
        const r = await station.handlers['users.unlock']({ kind: opts.client ? 'client' : 'user', key: who });
        if (!r.unlocked) throw new CliError(`${who} has no failed kiosk sign-ins recorded (cartwright users locked lists who waits)`, ExitCode.FAILURE, 'NOT_FOUND');
        ctx.output(opts.json).result(r, () => `Unlocked ${who}: the failed-try count starts over.`);
      });
    });
}
