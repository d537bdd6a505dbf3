import { FlowSettingsChange, type FlowSettings } from '../../../electron/api/index.js';

/**
 * Only the settings the technician changed, checked with the contract's schema before they are
 * sent (so "Saved." never hides a value the station would refuse, and untouched ones stay as set
 * elsewhere, e.g. by the CLI in the meantime).
 */
export function settingsChange(saved: FlowSettings, draft: FlowSettings): { change: FlowSettingsChange } | { problem: string } {
  const changed = Object.fromEntries(Object.entries(draft).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(saved[key as keyof FlowSettings])));
  const parsed = FlowSettingsChange.safeParse(changed);
  if (parsed.success) return { change: parsed.data };
  return { problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}
