import type { Command } from 'commander';
import type { ConfigureInput } from '../../mdm/settings.js';
import { assertOneStdin, readSecret } from '../secret-input.js';

/** `mdm configure`'s secret options: each as a value, a file (- = stdin) or an environment variable. */
const SECRETS = [
  { key: 'password', flag: '--password', fileKey: 'passwordFile', env: 'CARTWRIGHT_MDM_PASSWORD', what: 'Workspace ONE API password' },
  { key: 'tenantCode', flag: '--tenant-code', fileKey: 'tenantCodeFile', env: 'CARTWRIGHT_MDM_TENANT_CODE', what: 'Workspace ONE REST API key' },
  { key: 'clientSecret', flag: '--client-secret', fileKey: 'clientSecretFile', env: 'CARTWRIGHT_MDM_CLIENT_SECRET', what: 'Workspace ONE OAuth client secret' },
  { key: 'apiKey', flag: '--api-key', fileKey: 'apiKeyFile', env: 'CARTWRIGHT_MDM_API_KEY', what: 'Meraki Dashboard API key' },
] as const;

export type SecretFileOptions = { [K in (typeof SECRETS)[number]['fileKey']]?: string };

export function mdmSecretFileOptions(cmd: Command): Command {
  for (const s of SECRETS) cmd.option(`${s.flag}-file <file>`, `read the ${s.what} from a file (- = standard input); or set ${s.env}`);
  return cmd;
}

/** The configure input with each secret resolved from its value, file, stdin or environment. */
export function resolveMdmSecrets<T extends Partial<ConfigureInput> & SecretFileOptions>(opts: T, env: NodeJS.ProcessEnv = process.env): Omit<T, keyof SecretFileOptions> {
  assertOneStdin(SECRETS.map((s) => opts[s.fileKey]));
  const out: Record<string, unknown> = { ...opts };
  for (const s of SECRETS) {
    const value = readSecret({ flag: s.flag, value: opts[s.key], file: opts[s.fileKey], env: s.env }, env);
    delete out[s.fileKey];
    if (value === undefined) delete out[s.key];
    else out[s.key] = value;
  }
  return out as Omit<T, keyof SecretFileOptions>;
}
