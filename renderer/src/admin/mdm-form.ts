import type { MdmConfigView, MdmConfigureInput } from '../../../electron/api/index.js';

export type Kind = MdmConfigView['kind'];
export type Fields = Record<'url' | 'og' | 'stagingUser' | 'username' | 'password' | 'tenantCode' | 'clientId' | 'clientSecret' | 'tokenUrl' | 'apiKey' | 'network' | 'merakiUrl', string>;

/** The form's fields as the command's input; blank optional fields are left out. */
export function configureInput(kind: Kind, auth: 'basic' | 'oauth', f: Fields): MdmConfigureInput {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);
  const pick = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  if (kind === 'local') return { kind };
  if (kind === 'meraki') return pick({ kind, apiKey: f.apiKey, network: f.network.trim(), url: opt(f.merakiUrl) });
  const common = { kind, url: f.url.trim(), og: opt(f.og), stagingUser: opt(f.stagingUser) };
  return auth === 'oauth'
    ? pick({ ...common, clientId: opt(f.clientId), clientSecret: f.clientSecret || undefined, tokenUrl: opt(f.tokenUrl), tenantCode: f.tenantCode || undefined })
    : pick({ ...common, username: opt(f.username), password: f.password || undefined, tenantCode: f.tenantCode || undefined });
}
