import { readFileSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import {
  buildProfileBytes,
  fetchEnrollmentProfile,
  identityFromPkcs12,
  inspectProfile,
  loadProfileSpec,
  parseRestrictionAssignment,
  parseWebClipOption,
  readCertificates,
  signProfile,
  templatePayloads,
  verifySignedProfile,
  WIFI_SECURITY_TYPES,
  type PayloadSpec,
  type ProfileInspection,
  type ProfileSpec,
  type RestrictionValue,
  type WifiSecurity,
} from '../../profiles/index.js';
import type { ProfileInspectionView } from '../../api/enrollment-profile.js';
import { adminStep } from '../admin-step.js';
import { callApi } from '../api-call.js';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CliContext } from '../cli-context.js';
import { withStation } from '../station-session.js';
import { passwordOptions, pkcs12Password, secretOption, useSecretKeyfile } from './identity.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
const usage = (message: string): CliError => new CliError(message, ExitCode.USAGE, 'USAGE');

interface BuildOptions {
  spec?: string;
  identifier?: string;
  name?: string;
  org?: string;
  description?: string;
  removalDisallowed?: boolean;
  wifiSsid?: string;
  wifiPassword?: string;
  wifiSecurity?: WifiSecurity;
  wifiHidden?: boolean;
  restriction: string[];
  cert: string[];
  webclip: string[];
  template: string[];
  format: 'xml' | 'binary';
  out?: string;
  json?: boolean;
}

/** The spec file (if any) with the command-line options on top: flags override, payload flags append. */
function specFromOptions(opts: BuildOptions): ProfileSpec {
  const base: ProfileSpec = opts.spec ? loadProfileSpec(opts.spec) : { identifier: '', displayName: '', payloads: [] };
  const payloads: PayloadSpec[] = [...base.payloads];
  if (opts.wifiSsid) {
    payloads.push({ kind: 'wifi', ssid: opts.wifiSsid, password: opts.wifiPassword, security: opts.wifiSecurity, hidden: opts.wifiHidden });
  } else if (opts.wifiPassword || opts.wifiSecurity) {
    throw usage('--wifi-password and --wifi-security need --wifi-ssid');
  }
  if (opts.restriction.length) {
    const settings: Record<string, RestrictionValue> = Object.fromEntries(opts.restriction.map(parseRestrictionAssignment));
    payloads.push({ kind: 'restrictions', settings });
  }
  for (const file of opts.cert) for (const certificate of readCertificates(readFileSync(file))) payloads.push({ kind: 'certificate', certificate });
  for (const clip of opts.webclip) payloads.push({ kind: 'webclip', ...parseWebClipOption(clip) });
  for (const file of opts.template) payloads.push(...templatePayloads(readFileSync(file)));
  const spec: ProfileSpec = {
    ...base,
    identifier: opts.identifier ?? base.identifier,
    displayName: opts.name ?? base.displayName,
    organization: opts.org ?? base.organization,
    description: opts.description ?? base.description,
    removalDisallowed: opts.removalDisallowed ?? base.removalDisallowed,
    payloads,
  };
  if (!spec.identifier) throw usage('--identifier is required (or "identifier" in --spec)');
  if (!spec.displayName) throw usage('--name is required (or "name" in --spec)');
  if (!payloads.length) throw usage('no payloads: give --wifi-ssid, --restriction, --cert, --webclip, --template or --spec');
  return spec;
}

function describeInspection(i: ProfileInspection | ProfileInspectionView): string {
  const lines = [
    `Profile:     ${i.displayName ?? '(no name)'}  [${i.identifier ?? '?'}]`,
    `UUID:        ${i.uuid ?? '?'}`,
    `Format:      ${i.format}${i.signed ? ', signed' : ', unsigned'}`,
    `Removal:     ${i.removalDisallowed ? 'not allowed' : 'allowed'}`,
  ];
  if (i.signer) lines.push(`Signer:      ${i.signer.subject} (${i.signer.verified ? 'verified' : `NOT verified: ${i.signer.problem?.message ?? ''}`})`);
  if (i.mdm) lines.push(`MDM:         ${i.mdm.serverUrl ?? '?'} (topic ${i.mdm.topic ?? '?'}, identity ${i.mdm.identityPayloadType ?? i.mdm.identityCertificateUuid ?? '?'})`);
  lines.push('Payloads:', ...i.payloads.map((p) => `  ${p.type ?? '?'}  ${p.identifier ?? '?'}  ${p.uuid ?? '?'}`));
  if (i.issues.length) lines.push('Problems:', ...i.issues.map((x) => `  ${x.path} ${x.message}`));
  return lines.join('\n');
}

const trusted = (ca?: string): Buffer[] | undefined => (ca ? readCertificates(readFileSync(ca)) : undefined);

export function registerProfile(program: Command, ctx: CliContext): void {
  const profile = program.command('profile').description('configuration profiles: build, inspect, sign, verify');

  profile
    .command('build')
    .description('build a configuration profile (.mobileconfig) from options or a JSON spec')
    .option('--spec <file>', 'JSON spec (payloads, identifier, name…); options below override or add to it')
    .option('--identifier <id>', 'profile identifier, reverse-DNS (e.g. com.example.staging)')
    .option('--name <name>', 'display name')
    .option('--org <name>', 'organization')
    .option('--description <text>', 'description')
    .option('--removal-disallowed', 'the user cannot remove the profile (supervised devices)')
    .option('--wifi-ssid <ssid>', 'add a Wi-Fi payload')
    .option('--wifi-password <password>', 'Wi-Fi password')
    .addOption(new Option('--wifi-security <type>', 'Wi-Fi security').choices(WIFI_SECURITY_TYPES))
    .option('--wifi-hidden', 'the Wi-Fi network is hidden')
    .option('--restriction <key=value>', 'add a restriction, e.g. allowCamera=false (repeatable)', collect, [])
    .option('--cert <file>', 'add a root/intermediate certificate, PEM or DER (repeatable)', collect, [])
    .option('--webclip <url,label>', 'add a web clip (repeatable)', collect, [])
    .option('--template <file>', "pass through every payload of another .mobileconfig (repeatable)", collect, [])
    .addOption(new Option('--format <format>', 'plist format').choices(['xml', 'binary']).default('xml'))
    .option('--out <file>', 'file to write (default: standard output)')
    .option('--json', 'print a summary as JSON (needs --out)')
    .action((opts: BuildOptions) => {
      if (opts.json && !opts.out) throw usage('--json needs --out (standard output carries the JSON summary)');
      const bytes = buildProfileBytes(specFromOptions(opts), opts.format);
      if (!opts.out) {
        process.stdout.write(bytes);
        return;
      }
      writeFileSync(opts.out, bytes);
      const inspection = inspectProfile(bytes);
      ctx.output(opts.json).result({ out: opts.out, ...inspection }, () => `Wrote ${opts.out}\n${describeInspection(inspection)}`);
    });

  profile
    .command('inspect <file>')
    .description('show a .mobileconfig (XML, binary or signed): payloads, signer, removal policy, MDM payload, problems')
    .option('--ca <file>', 'CA bundle (PEM) to check the signer against')
    .option('--json', 'print the result as JSON')
    .action((file: string, opts: { ca?: string; json?: boolean }) => {
      const inspection = inspectProfile(readFileSync(file), { trustedCertificates: trusted(opts.ca) });
      ctx.output(opts.json).result(inspection, () => describeInspection(inspection));
      if (!inspection.valid) ctx.setExitCode(ExitCode.FAILURE);
    });

  const sign = profile
    .command('sign <in>')
    .description('sign a profile (CMS, SHA-256) with a PKCS#12 identity, or with the station identity when --identity is omitted')
    .requiredOption('--out <file>', 'signed profile to write')
    .option('--identity <file>', 'PKCS#12 identity to sign with')
    .option('--json', 'print the result as JSON');
  passwordOptions(sign);
  secretOption(sign);
  sign.action(async (input: string, opts: { out: string; identity?: string; password?: string; passwordFile?: string; secretKeyfile?: string; json?: boolean }) => {
    const profile = readFileSync(input);
    let signed: Buffer;
    if (opts.identity) {
      signed = signProfile(profile, identityFromPkcs12(readFileSync(opts.identity), pkcs12Password(opts) ?? ''));
    } else {
      // The station's own identity never leaves the station to sign: the station signs (and audits it).
      useSecretKeyfile(opts);
      const r = await withStation({}, (station) => adminStep(() => callApi(station, 'profiles.sign', { profile: profile.toString('base64') })));
      signed = Buffer.from(r.signed, 'base64');
    }
    writeFileSync(opts.out, signed);
    const inspection = inspectProfile(signed);
    ctx.output(opts.json).result({ out: opts.out, bytes: signed.length, ...inspection }, () => `Signed ${input} → ${opts.out}\n${describeInspection(inspection)}`);
  });

  profile
    .command('verify <file>')
    .description("verify a signed profile: signature over the content, signer validity, and the chain when --ca is given")
    .option('--ca <file>', 'CA bundle (PEM) the signer must chain to')
    .option('--json', 'print the result as JSON')
    .action((file: string, opts: { ca?: string; json?: boolean }) => {
      const result = verifySignedProfile(readFileSync(file), { trustedCertificates: trusted(opts.ca) });
      const data = {
        valid: true,
        identifier: result.profile.PayloadIdentifier,
        uuid: result.profile.PayloadUUID,
        signer: result.signer,
        chainVerified: result.chainVerified,
        signingTime: result.signingTime?.toISOString() ?? null,
      };
      ctx.output(opts.json).result(data, () => `Valid signature by ${result.signer.subject}${result.chainVerified ? ' (chain verified)' : ''}`);
    });

  registerEnrollProfile(program, ctx);
}

function registerEnrollProfile(program: Command, ctx: CliContext): void {
  const enroll = program.command('enroll-profile').description('the MDM enrollment profile the staging flows install');

  enroll
    .command('import [file]')
    .description('import the enrollment profile from a file exported by the MDM console, or from the MDM enrollment URL')
    .option('--url <url>', 'MDM enrollment URL (https)')
    .option('--username <user>', 'basic-auth user for --url')
    .option('--password <password>', 'basic-auth password for --url')
    .option('--allow-insecure-http', 'allow an http:// URL (testing only)')
    .option('--json', 'print the result as JSON')
    .action(async (file: string | undefined, opts: { url?: string; username?: string; password?: string; allowInsecureHttp?: boolean; json?: boolean }) => {
      if (Boolean(file) === Boolean(opts.url)) throw usage('give either a FILE or --url URL');
      // This process fetches (its trust store, NODE_EXTRA_CA_CERTS, and the URL's credentials stay here); the station checks and keeps the bytes.
      const bytes = opts.url ? (await fetchEnrollmentProfile(opts.url, { username: opts.username, password: opts.password, allowInsecureHttp: opts.allowInsecureHttp })).bytes : readFileSync(file as string);
      const source = opts.url ? { kind: 'url' as const, url: opts.url } : { kind: 'file' as const, path: file as string };
      const r = await withStation({}, (station) => adminStep(() => callApi(station, 'enrollmentProfile.import', { profile: bytes.toString('base64'), source })));
      ctx.output(opts.json).result({ imported: true, path: r.path, ...r.metadata, mdm: r.inspection.mdm }, () => `Stored ${r.path}\n${describeInspection(r.inspection)}`);
    });

  enroll
    .command('show')
    .description('show the stored enrollment profile')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const { path, metadata, inspection } = await withStation({}, (station) => adminStep(() => callApi(station, 'enrollmentProfile.show', {})));
      ctx.output(opts.json).result({ path, ...metadata, inspection }, () => describeInspection(inspection));
    });
}
