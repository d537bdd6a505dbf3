import { useEffect, useState } from 'react';
import type { ApiError, HostedOutput } from '../../../electron/api/index.js';
import { useTransport } from '../store/client';
import { asApiError } from '../transport/transport';

export type BlueprintRow = HostedOutput<'blueprints.list'>[number];

export function useBlueprints(): { blueprints: BlueprintRow[]; error: ApiError | null; reload: () => void } {
  const transport = useTransport();
  const [blueprints, setBlueprints] = useState<BlueprintRow[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    transport
      .call('blueprints.list', {})
      .then((b) => live && setBlueprints(b))
      .catch((err: unknown) => live && setError(asApiError(err)));
    return () => {
      live = false;
    };
  }, [transport, tick]);
  return { blueprints, error, reload: () => setTick((t) => t + 1) };
}
