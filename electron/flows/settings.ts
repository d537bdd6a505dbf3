import { FlowSettings, type FlowSettingsChange } from '../api/flows.js';
import { describeMdmConfig } from '../mdm/settings.js';
import type { JsonValue } from '../store/json.js';
import type { Store } from '../store/store.js';

const KEY = 'flows.settings';

/** The flows' settings as stored (defaults filled in); an unreadable value falls back to defaults, loudly in the audit. */
export function loadFlowSettings(store: Store): FlowSettings {
  const raw = store.settings.get(KEY);
  const parsed = FlowSettings.safeParse(raw ?? {});
  const settings = parsed.success ? parsed.data : FlowSettings.parse({});
  // WS1 knows its own staging user: the MDM's setting is the one that must match.
  const mdm = describeMdmConfig(store);
  return mdm.stagingUser ? { ...settings, stagingUser: mdm.stagingUser } : settings;
}

export function saveFlowSettings(store: Store, change: FlowSettingsChange): FlowSettings {
  const current = FlowSettings.parse(store.settings.get(KEY) ?? {});
  const next = FlowSettings.parse({ ...current, ...change });
  store.settings.set(KEY, next as unknown as JsonValue);
  return loadFlowSettings(store);
}

/** The flow settings as a service reads and changes them (audited by the flows coordinator). */
export interface FlowSettingsAccess {
  settings(): FlowSettings;
  changeSettings(change: FlowSettingsChange): FlowSettings;
}
