import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseUsersCsv } from '../../mdm/local/csv-users.js';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CliContext } from '../main.js';
import { table } from '../output.js';
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
        const list = store.users.list().map(({ pinHash, ...u }) => ({ ...u, hasPin: pinHash !== null }));
        ctx.output(opts.json).result({ users: list }, () => table(['ID', 'NAME', 'EMAIL', 'BADGE', 'PIN', 'SOURCE'], list.map((u) => [u.id, u.name, u.email, u.badge, u.hasPin ? 'yes' : '', u.source])));
      });
    });
}
