import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStation } from '../store/station-store';
import { selectedUdids, useUi } from '../store/ui-store';

export type DeviceTarget = 'selected' | 'all';

export interface DeviceTargets {
  target: DeviceTarget;
  setTarget(target: DeviceTarget): void;
  /** The devices selected on the Cart screen. */
  selected: string[];
  connected: number;
  /** How many devices the chosen target stands for now. */
  count: number;
}

/**
 * Which devices a staging form acts on: the ones selected on the Cart screen (the default when
 * there are any) or every connected one, which the station resolves when the batch starts.
 */
export function useDeviceTargets(): DeviceTargets {
  const selected = useUi(useShallow(selectedUdids));
  const connected = useStation((s) => Object.values(s.devices).filter((d) => d.connected).length);
  const [target, setTarget] = useState<DeviceTarget>(selected.length ? 'selected' : 'all');
  return { target, setTarget, selected, connected, count: target === 'all' ? connected : selected.length };
}

/** "3 devices", "1 device". */
export function devicesCount(count: number): string {
  return `${count} device${count === 1 ? '' : 's'}`;
}
