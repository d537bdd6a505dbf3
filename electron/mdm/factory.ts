import type { Store } from '../store/index.js';
import { secretBoxFrom, type SecretBox } from '../store/secret-box.js';
import type { MdmConnector } from './connector.js';
import { MdmError } from './errors.js';
import { LocalConnector } from './local/connector.js';
import { MerakiConnector } from './meraki/connector.js';
import { loadMdmConfig, type MdmSettings } from './settings.js';
import { WorkspaceOneConnector, type ConnectorDeps } from './ws1/connector.js';

export interface FactoryOptions extends ConnectorDeps {
  /** How to open the sealed credentials; defaults to the headless env (CARTWRIGHT_SECRET_PASSPHRASE/KEYFILE). */
  secretBox?: () => SecretBox;
}

/** Builds the connector a settings object describes. */
export function connectorFor(settings: MdmSettings, store: Store, deps: ConnectorDeps = {}): MdmConnector {
  switch (settings.kind) {
    case 'local':
      return new LocalConnector(store);
    case 'meraki':
      if (!settings.apiKey || !settings.network) throw new MdmError('INVALID_INPUT', 'Meraki is configured without an API key or network: run cartwright mdm configure --kind meraki');
      return new MerakiConnector({ apiKey: settings.apiKey, networkId: settings.network, ...(settings.url ? { url: settings.url } : {}) }, deps);
    case 'workspace-one': {
      if (!settings.url) throw new MdmError('INVALID_INPUT', 'Workspace ONE is configured without --url');
      const auth =
        settings.authMethod === 'oauth'
          ? { method: 'oauth' as const, clientId: settings.clientId ?? '', clientSecret: settings.clientSecret ?? '', tokenUrl: settings.tokenUrl ?? '', ...(settings.tenantCode ? { tenantCode: settings.tenantCode } : {}) }
          : { method: 'basic' as const, username: settings.username ?? '', password: settings.password ?? '', tenantCode: settings.tenantCode ?? '' };
      return new WorkspaceOneConnector({ url: settings.url, auth, ...(settings.og ? { og: settings.og } : {}), ...(settings.stagingUser ? { stagingUser: settings.stagingUser } : {}) }, deps);
    }
  }
}

/** The station's connector, from its stored settings (local when nothing is configured). */
export function createConnector(store: Store, options: FactoryOptions = {}): MdmConnector {
  const { secretBox = () => secretBoxFrom(), ...deps } = options;
  return connectorFor(loadMdmConfig(store, secretBox), store, deps);
}
