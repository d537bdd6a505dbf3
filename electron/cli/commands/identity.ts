import { readFileSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { CertificateView } from '../../api/identity.js';
import {
  IDENTITY_KEY_TYPES,
  PKCS12_ENCRYPTIONS,
  createSupervisionIdentity,
  identityFromPkcs12,
  identityToPkcs12,
  summarizeIdentity,
  type IdentityKeyType,
  type Pkcs12Encryption,
} from '../../profiles/index.js';
import { adminStep } from '../admin-step.js';
import { callApi } from '../api-call.js';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CliContext } from '../cli-context.js';
import { withStation } from '../station-session.js';

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

/**
 * `--secret-keyfile FILE`: the station about to open seals and opens its secrets with this key file
 * (over CARTWRIGHT_SECRET_PASSPHRASE), as if CARTWRIGHT_SECRET_KEYFILE named it. Only this
 * process's environment changes.
 */
export function useSecretKeyfile(opts: { secretKeyfile?: string }): void {
  if (!opts.secretKeyfile) return;
  process.env.CARTWRIGHT_SECRET_KEYFILE = opts.secretKeyfile;
  delete process.env.CARTWRIGHT_SECRET_PASSPHRASE;
}

export const passwordOptions = (cmd: Command): Command =>
  cmd.option('--password <password>', 'PKCS#12 password').option('--password-file <file>', 'read the PKCS#12 password from a file');
export const secretOption = (cmd: Command): Command =>
  cmd.option('--secret-keyfile <file>', 'key file protecting station secrets (default: env CARTWRIGHT_SECRET_PASSPHRASE or CARTWRIGHT_SECRET_KEYFILE)');

function parseYears(value: string): number {
  const years = Number(value);
  if (!Number.isInteger(years) || years < 1 || years > 30) throw new CliError(`--years must be a whole number from 1 to 30, got "${value}"`, ExitCode.USAGE, 'USAGE');
  return years;
}

function requiredPassword(opts: PasswordOptions): string {
  const password = pkcs12Password(opts) ?? '';
  if (!password) throw new CliError('the PKCS#12 password must not be empty', ExitCode.USAGE, 'USAGE');
  return password;
}

/** A PKCS#12 file holds the private key: only its owner may read it. */
const writePkcs12 = (file: string, bytes: Buffer): void => writeFileSync(file, bytes, { mode: 0o600 });

export function describeIdentity(s: CertificateView): string {
  return [
    `Organization:  ${s.organization ?? '(none)'}`,
    `Subject:       ${s.subject}`,
    `Key:           ${s.keyType}`,
    `Valid:         ${s.notBefore} → ${s.notAfter}${s.expired ? '  (EXPIRED)' : ''}`,
    `SHA-256:       ${s.fingerprintSha256}`,
  ].join('\n');
}

/**
 * `cartwright identity …`. Creating a file or reading one is local work; whatever concerns the
 * station's own identity (keep, export, show) goes through the station's identity commands, which
 * seal the key, check a replacement and audit the change for every host alike.
 */
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
    const password = requiredPassword(opts);
    const years = parseYears(opts.years);
    let summary: CertificateView;
    if (opts.store) {
      useSecretKeyfile(opts);
      const made = await withStation({}, (station) =>
        adminStep(() => callApi(station, 'identity.create', { organization: opts.org, keyType: opts.key, years, replace: Boolean(opts.replace), pkcs12: { password, encryption: opts.encryption } })),
      );
      writePkcs12(opts.out, Buffer.from(made.pkcs12, 'base64'));
      summary = made.identity;
    } else {
      const created = await createSupervisionIdentity({ organization: opts.org, keyType: opts.key, years });
      writePkcs12(opts.out, identityToPkcs12(created, { password, encryption: opts.encryption }));
      summary = summarizeIdentity(created);
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
    const pkcs12 = readFileSync(file).toString('base64');
    const password = pkcs12Password(opts) ?? '';
    useSecretKeyfile(opts);
    const r = await withStation({}, (station) => adminStep(() => callApi(station, 'identity.import', { pkcs12, password, replace: Boolean(opts.replace) })));
    ctx.output(opts.json).result({ imported: true, path: r.path, identity: r.identity }, () => `Imported into ${r.path}\n${describeIdentity(r.identity)}`);
  });

  const exportCmd = identity
    .command('export')
    .description("export this station's supervision identity as a password-protected PKCS#12 file")
    .requiredOption('--out <file>', 'PKCS#12 file to write (.p12)')
    .addOption(new Option('--encryption <alg>', 'PKCS#12 encryption').choices(PKCS12_ENCRYPTIONS).default('3des'))
    .option('--json', 'print the result as JSON');
  passwordOptions(exportCmd);
  secretOption(exportCmd);
  exportCmd.action(async (opts: PasswordOptions & { out: string; encryption: Pkcs12Encryption; secretKeyfile?: string; json?: boolean }) => {
    const password = requiredPassword(opts);
    useSecretKeyfile(opts);
    const r = await withStation({}, (station) => adminStep(() => callApi(station, 'identity.export', { password, encryption: opts.encryption })));
    writePkcs12(opts.out, Buffer.from(r.pkcs12, 'base64'));
    ctx.output(opts.json).result({ exported: true, out: opts.out, identity: r.identity }, () => `Exported to ${opts.out}\n${describeIdentity(r.identity)}`);
  });

  const show = identity
    .command('show [file]')
    .description("show the station's supervision identity, or a PKCS#12 file's (with --password)")
    .option('--json', 'print the result as JSON');
  passwordOptions(show);
  show.action(async (file: string | undefined, opts: PasswordOptions & { json?: boolean }) => {
    if (file) {
      const summary = summarizeIdentity(identityFromPkcs12(readFileSync(file), pkcs12Password(opts) ?? ''));
      ctx.output(opts.json).result({ source: { kind: 'file', path: file }, identity: summary }, () => describeIdentity(summary));
      return;
    }
    // The station's certificate is stored in the clear: showing it needs no secret.
    const shown = await withStation({}, (station) => adminStep(() => callApi(station, 'identity.show', {})));
    if (!shown.identity) throw new CliError('this station has no supervision identity yet: run `cartwright identity import FILE.p12 --password PW`', ExitCode.FAILURE, 'IDENTITY_NOT_FOUND');
    const summary = shown.identity;
    ctx.output(opts.json).result({ source: { kind: 'station' }, identity: summary }, () => describeIdentity(summary));
  });
}
