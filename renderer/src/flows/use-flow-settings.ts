import type { ApiError, FlowSettings } from '../../../electron/api/index.js';
import { useStationRead } from '../common/use-station-read';

/** The flows' settings as saved, read once for a screen that only shows them (FlowSettingsForm edits them). */
export function useFlowSettings(): { settings: FlowSettings | null; error: ApiError | null } {
  const { value, error } = useStationRead((t) => t.call('flows.settings', {}), []);
  return { settings: value, error };
}
