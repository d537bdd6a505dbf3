import { useCallback, useEffect, useState } from 'react';
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
      .then((b) => {
        if (!live) return;
        setBlueprints(b);
        setError(null);
      })
      .catch((err: unknown) => live && setError(asApiError(err)));
    return () => {
      live = false;
    };
  }, [transport, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { blueprints, error, reload };
}

/** The stored blueprints and the one a form stages with: the one picked, else the first stored. */
export function useBlueprintChoice(): ReturnType<typeof useBlueprints> & { chosen: string | null; pick(name: string): void } {
  const list = useBlueprints();
  const [picked, pick] = useState<string | null>(null);
  return { ...list, chosen: picked ?? list.blueprints[0]?.name ?? null, pick };
}
