import { readFileSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import {
  IDENTITY_KEY_TYPES,
  IdentityStore,
  PKCS12_ENCRYPTIONS,
  createSupervisionIdentity,
  identityFromPkcs12,
  identityToPkcs12,
  summarizeCertificate,
  summarizeIdentity,
  type IdentityKeyType,
  type IdentitySummary,
  type Pkcs12Encryption,
} from '../../profiles/index.js';
import { secretBoxFrom } from '../../store/secret-box.js';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CliContext } from '../cli-context.js';
import { auditedAdmin } from '../cli-audit.js';
import { withStore } from './mdm.js';

interface PasswordOptions {
  password?: string;
  passwordFile?: string;
}

/** The PKCS#12 password from --password or --password-file (which keeps it out of the process list). */
export function pkcs12Password(opts: PasswordOptions, required = true): string | undefined {
  if (opts.passwordFile) return readFileSync(opts.passwordFile, 'utf8').replace(/\r?\n$/, '');
  if (opts.password !== undefined) return opts.password;
  if (required) throw new CliError('a PKCS#12 password is needed: --password PW or --password-file FILE', ExitCode.USAGE, 'USAGE');
  return undefined;
}

/** The station's identity store; its key comes from --secret-keyfile or CARTWRIGHT_SECRET_PASSPHRASE/KEYFILE. */
export function stationIdentityStore(opts: { secretKeyfile?: string }): IdentityStore {
  return new IdentityStore({ secretBox: () => secretBoxFrom({ keyFile: opts.secretKeyfile }) });
}

export const passwordOptions = (cmd: Command): Command =>
  cmd.option('--password <password>', 'PKCS#12 password').option('--password-file <file>', 'read the PKCS#12 password from a file');
const secretOption = (cmd: Command): Command =>
  cmd.option('--secret-keyfile <file>', 'key file protecting station secrets (default: env CARTWRIGHT_SECRET_PASSPHRASE or CARTWRIGHT_SECRET_KEYFILE)');

function parseYears(value: string): number {
  const years = Number(value);
  if (!Number.isInteger(years) || years < 1 || years > 30) throw new CliError(`--years must be a whole number from 1 to 30, got "${value}"`, ExitCode.USAGE, 'USAGE');
  return years;
}

export function describeIdentity(s: IdentitySummary): string {
  return [
    `Organization:  ${s.organization ?? '(none)'}`,
    `Subject:       ${s.subject}`,
    `Key:           ${s.keyType}`,
    `Valid:         ${s.notBefore} → ${s.notAfter}${s.expired ? '  (EXPIRED)' : ''}`,
    `SHA-256:       ${s.fingerprintSha256}`,
  ].join('\n');
}

export function registerIdentity(program: Command, ctx: CliContext): void {
  const identity = program.command('identity').description('the supervision identity: create, import, export, show');

  const create = identity
    .command('create')
    .description('create a supervision identity and write it as a password-protected PKCS#12 file')
    .requiredOption('--org <name>', 'organization name')
    .requiredOption('--out <file>', 'PKCS#12 file to write (.p12)')
    .addOption(new Option('--key <type>', 'key type').choices(IDENTITY_KEY_TYPES).default('rsa2048'))
    .option('--years <n>', 'validity in years (1–30)', '10')
    .addOption(new Option('--encryption <alg>', 'PKCS#12 encryption (3des: every macOS Keychain; aes256: OpenSSL 3 default)').choices(PKCS12_ENCRYPTIONS).default('3des'))
    .option('--store', "also keep it as this station's identity (sealed)")
    .option('--replace', "with --store: replace the station's existing identity")
    .option('--json', 'print the result as JSON');
  passwordOptions(create);
  secretOption(create);
  create.action(async (opts: PasswordOptions & { org: string; out: string; key: IdentityKeyType; years: string; encryption: Pkcs12Encryption; store?: boolean; replace?: boolean; secretKeyfile?: string; json?: boolean }) => {
    const password = pkcs12Password(opts) ?? '';
    if (!password) throw new CliError('the PKCS#12 password must not be empty', ExitCode.USAGE, 'USAGE');
    const years = parseYears(opts.years);
    const created = await createSupervisionIdentity({ organization: opts.org, keyType: opts.key, years });
    writeFileSync(opts.out, identityToPkcs12(created, { password, encryption: opts.encryption }), { mode: 0o600 });
    const summary = summarizeIdentity(created);
    if (opts.store) {
      await withStore((db) =>
        auditedAdmin(db, 'identity.store', () => stationIdentityStore(opts).save(created, { replace: opts.replace }), () => ({ fingerprint: summary.fingerprintSha256, replace: Boolean(opts.replace) }), { via: 'identity create' }),
      );
    }
    ctx.output(opts.json).result({ created: true, out: opts.out, stored: Boolean(opts.store), identity: summary }, () => `Created ${opts.out}\n${describeIdentity(summary)}`);
  });

  const importCmd = identity
    .command('import <file>')
    .description("import a PKCS#12 identity (e.g. exported from Apple Configurator) as this station's supervision identity")
    .option('--replace', 'replace a different identity already on this station')
    .option('--json', 'print the result as JSON');
  passwordOptions(importCmd);
  secretOption(importCmd);
  importCmd.action(async (file: string, opts: PasswordOptions & { replace?: boolean; secretKeyfile?: string; json?: boolean }) => {
    const imported = identityFromPkcs12(readFileSync(file), pkcs12Password(opts) ?? '');
    const store = stationIdentityStore(opts);
    const summary = summarizeIdentity(imported);
    await withStore((db) =>
      auditedAdmin(db, 'identity.store', () => store.save(imported, { replace: opts.replace }), () => ({ fingerprint: summary.fingerprintSha256, replace: Boolean(opts.replace) }), { via: 'identity import' }),
    );
    ctx.output(opts.json).result({ imported: true, path: store.path, identity: summary }, () => `Imported into ${store.path}\n${describeIdentity(summary)}`);
  });

  const exportCmd = identity
    .command('export')
    .description("export this station's supervision identity as a password-protected PKCS#12 file")
    .requiredOption('--out <file>', 'PKCS#12 file to write (.p12)')
    .addOption(new Option('--encryption <alg>', 'PKCS#12 encryption').choices(PKCS12_ENCRYPTIONS).default('3des'))
    .option('--json', 'print the result as JSON');
  passwordOptions(exportCmd);
  secretOption(exportCmd);
  exportCmd.action((opts: PasswordOptions & { out: string; encryption: Pkcs12Encryption; secretKeyfile?: string; json?: boolean }) => {
    const password = pkcs12Password(opts) ?? '';
    if (!password) throw new CliError('the PKCS#12 password must not be empty', ExitCode.USAGE, 'USAGE');
    const loaded = stationIdentityStore(opts).load();
    writeFileSync(opts.out, identityToPkcs12(loaded, { password, encryption: opts.encryption }), { mode: 0o600 });
    const summary = summarizeIdentity(loaded);
    ctx.output(opts.json).result({ exported: true, out: opts.out, identity: summary }, () => `Exported to ${opts.out}\n${describeIdentity(summary)}`);
  });

  const show = identity
    .command('show [file]')
    .description("show the station's supervision identity, or a PKCS#12 file's (with --password)")
    .option('--json', 'print the result as JSON');
  passwordOptions(show);
  show.action((file: string | undefined, opts: PasswordOptions & { json?: boolean }) => {
    let summary: IdentitySummary;
    let source: { kind: 'file' | 'station'; path: string };
    if (file) {
      summary = summarizeIdentity(identityFromPkcs12(readFileSync(file), pkcs12Password(opts) ?? ''));
      source = { kind: 'file', path: file };
    } else {
      const store = stationIdentityStore({});
      const stored = store.readCertificate(); // the certificate is stored in the clear: no secret needed
      summary = summarizeCertificate(stored.certificate);
      source = { kind: 'station', path: store.path };
    }
    ctx.output(opts.json).result({ source, identity: summary }, () => describeIdentity(summary));
  });
}
