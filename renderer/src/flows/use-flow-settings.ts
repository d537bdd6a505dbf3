import { useEffect, useState } from 'react';
import type { ApiError, FlowSettings } from '../../../electron/api/index.js';
import { useTransport } from '../store/client';
import { asApiError } from '../transport/transport';

/** The flows' settings as saved, read once for a screen that only shows them (FlowSettingsForm edits them). */
export function useFlowSettings(): { settings: FlowSettings | null; error: ApiError | null } {
  const transport = useTransport();
  const [settings, setSettings] = useState<FlowSettings | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let live = true;
    transport
      .call('flows.settings', {})
      .then((s) => live && setSettings(s))
      .catch((err: unknown) => live && setError(asApiError(err)));
    return () => {
      live = false;
    };
  }, [transport]);
  return { settings, error };
}
