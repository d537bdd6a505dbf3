import type { DeviceState, DeviceSummary } from '../../../electron/api/index.js';

export const STATE_LABEL: Record<DeviceState, string> = {
  connecting: 'Connecting',
  'waiting-trust': 'Tap Trust',
  idle: 'Idle',
  staging: 'Staging',
  ready: 'Ready',
  'checked-out': 'Checked out',
  'needs-activation': 'Needs activation',
  error: 'Error',
  disconnected: 'Unplugged',
};

/** Mantine colors per state: the cart reads at a glance from across the room. */
export const STATE_COLOR: Record<DeviceState, string> = {
  connecting: 'gray',
  'waiting-trust': 'yellow',
  idle: 'gray',
  staging: 'blue',
  ready: 'green',
  'checked-out': 'violet',
  'needs-activation': 'orange',
  error: 'red',
  disconnected: 'dark',
};

export function needsAttention(state: DeviceState): boolean {
  return state === 'error' || state === 'waiting-trust' || state === 'needs-activation';
}

/** The running step as numbers, as the station sends them (never read back out of the detail text). */
export function stepProgress(d: Pick<DeviceSummary, 'state' | 'progress'>): { step: number; of: number; title: string } | null {
  if (d.state !== 'staging' || !d.progress) return null;
  return d.progress.of > 0 && d.progress.step <= d.progress.of ? d.progress : null;
}

export function deviceTitle(d: Pick<DeviceSummary, 'name' | 'serial' | 'udid'>): string {
  return d.name ?? d.serial ?? `${d.udid.slice(0, 8)}…`;
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export function formatEta(seconds: number | null): string {
  if (seconds === null) return 'estimating…';
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}
