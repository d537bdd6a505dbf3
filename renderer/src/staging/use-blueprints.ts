import { useState } from 'react';
import type { ApiError, HostedOutput } from '../../../electron/api/index.js';
import { useStationRead } from '../common/use-station-read';

export type BlueprintRow = HostedOutput<'blueprints.list'>[number];

export function useBlueprints(): { blueprints: BlueprintRow[]; error: ApiError | null; reload: () => void } {
  const { value, error, reload } = useStationRead((t) => t.call('blueprints.list', {}), []);
  return { blueprints: value ?? [], error, reload };
}

/** The stored blueprints and the one a form stages with: the one picked, else the first stored. */
export function useBlueprintChoice(): ReturnType<typeof useBlueprints> & { chosen: string | null; pick(name: string): void } {
  const list = useBlueprints();
  const [picked, pick] = useState<string | null>(null);
  return { ...list, chosen: picked ?? list.blueprints[0]?.name ?? null, pick };
}
