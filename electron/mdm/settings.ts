import { z } from 'zod';
import type { Store } from '../store/index.js';
import type { SecretBox } from '../store/secret-box.js';
import { MdmError } from './errors.js';

/** Settings keys: the plain part is readable JSON, credentials are one sealed blob. */
export const MDM_SETTING = 'mdm.connector';
export const MDM_SECRET = 'mdm.credentials';

const plainSchema = z.object({
  kind: z.enum(['local', 'workspace-one', 'meraki']),
  url: z.string().optional(),
  og: z.string().optional(),
  stagingUser: z.string().optional(),
  network: z.string().optional(),
  username: z.string().optional(),
  clientId: z.string().optional(),
  tokenUrl: z.string().optional(),
  authMethod: z.enum(['basic', 'oauth']).optional(),
});
export type MdmPlainSettings = z.infer<typeof plainSchema>;

const secretSchema = z.object({
  password: z.string().optional(),
  tenantCode: z.string().optional(),
  clientSecret: z.string().optional(),
  apiKey: z.string().optional(),
});
export type MdmSecrets = z.infer<typeof secretSchema>;

export type MdmSettings = MdmPlainSettings & MdmSecrets;

/** What `mdm configure` receives (CLI flags or a settings screen). */
export interface ConfigureInput {
  kind: MdmPlainSettings['kind'];
  url?: string;
  og?: string;
  stagingUser?: string;
  network?: string;
  username?: string;
  password?: string;
  tenantCode?: string;
  clientId?: string;
  clientSecret?: string;
  tokenUrl?: string;
  apiKey?: string;
}

function invalid(message: string): MdmError {
  return new MdmError('INVALID_INPUT', message, { retryable: false });
}

function httpsUrl(value: string | undefined, flag: string): string {
  if (!value) throw invalid(`${flag} is required`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(`${flag} "${value}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') throw invalid(`${flag} must use https:// (credentials travel with every request)`);
  if (url.username || url.password) throw invalid(`${flag} must not carry credentials; use the credential flags`);
  return value.replace(/\/+$/, '');
}

/** Validates a configuration per kind and splits it into plain settings and secrets. */
export function validateConfig(input: ConfigureInput): { plain: MdmPlainSettings; secrets: MdmSecrets } {
  if (input.kind === 'local') return { plain: { kind: 'local' }, secrets: {} };
  if (input.kind === 'meraki') {
    if (!input.apiKey) throw invalid('Meraki needs --api-key (a Dashboard API key)');
    if (!input.network) throw invalid('Meraki needs --network (the Systems Manager network id, e.g. N_1234)');
    return { plain: { kind: 'meraki', network: input.network, ...(input.url ? { url: httpsUrl(input.url, '--url') } : {}) }, secrets: { apiKey: input.apiKey } };
  }
  const url = httpsUrl(input.url, '--url');
  const common = { kind: 'workspace-one' as const, url, ...(input.og ? { og: input.og } : {}), ...(input.stagingUser ? { stagingUser: input.stagingUser } : {}) };
  if (input.clientId || input.clientSecret || input.tokenUrl) {
    if (!input.clientId || !input.clientSecret) throw invalid('OAuth needs both --client-id and --client-secret');
    const tokenUrl = httpsUrl(input.tokenUrl, '--token-url');
    return {
      plain: { ...common, authMethod: 'oauth', clientId: input.clientId, tokenUrl },
      secrets: { clientSecret: input.clientSecret, ...(input.tenantCode ? { tenantCode: input.tenantCode } : {}) },
    };
  }
  if (!input.username || !input.password || !input.tenantCode) {
    throw invalid('Workspace ONE needs --username, --password and --tenant-code (the REST API key), or --client-id, --client-secret and --token-url for OAuth');
  }
  return { plain: { ...common, authMethod: 'basic', username: input.username }, secrets: { password: input.password, tenantCode: input.tenantCode } };
}

/**
 * Stores the configuration. Credentials are sealed by the SecretBox before they reach SQLite;
 * `box` is a thunk so a local configuration never demands a passphrase.
 */
export function saveMdmConfig(store: Store, input: ConfigureInput, box: () => SecretBox): MdmPlainSettings {
  const { plain, secrets } = validateConfig(input);
  const hasSecrets = Object.keys(secrets).length > 0;
  const sealed = hasSecrets ? box().seal(Buffer.from(JSON.stringify(secrets), 'utf8')) : undefined;
  store.transaction(() => {
    store.settings.set(MDM_SETTING, plain);
    if (sealed) store.settings.setSecret(MDM_SECRET, sealed);
    else store.settings.delete(MDM_SECRET);
  });
  return plain;
}

/** The stored configuration, with credentials opened; `local` when nothing was configured. */
export function loadMdmConfig(store: Store, box: () => SecretBox): MdmSettings {
  const plain = store.settings.getParsed(MDM_SETTING, plainSchema) ?? { kind: 'local' as const };
  const sealed = store.settings.getSecret(MDM_SECRET);
  if (!sealed || plain.kind === 'local') return plain;
  const secrets = secretSchema.parse(JSON.parse(box().open(sealed).toString('utf8')));
  return { ...plain, ...secrets };
}

/** The configuration as it may be shown or printed: secrets by name only. */
export function describeMdmConfig(store: Store): MdmPlainSettings & { secrets: string[] } {
  const plain = store.settings.getParsed(MDM_SETTING, plainSchema) ?? { kind: 'local' as const };
  const stored = store.settings.list('mdm.').find((s) => s.key === MDM_SECRET);
  return { ...plain, secrets: stored ? ['credentials (sealed)'] : [] };
}
