import type { MdmConfigView, SyncRunView } from '../../../electron/api/index.js';

/** Words and colours the admin panels share. */

export const MDM_NAME: Record<MdmConfigView['kind'], string> = {
  local: 'Local directory (no remote MDM)',
  'workspace-one': 'Workspace ONE UEM',
  meraki: 'Meraki Systems Manager',
};

export const RUN_COLOR: Record<SyncRunView['state'], string> = { running: 'blue', succeeded: 'green', partial: 'yellow', failed: 'red' };
export const RUN_WORD: Record<SyncRunView['state'], string> = { running: 'Running', succeeded: 'Succeeded', partial: 'Partly done', failed: 'Failed' };
export const TRIGGER_WORD: Record<SyncRunView['trigger'], string> = { periodic: 'Scheduled', manual: 'Sync now', startup: 'At start-up' };

const KEY_TYPES: Record<string, string> = { rsa2048: 'RSA 2048-bit', p256: 'ECDSA P-256' };
export const keyTypeLabel = (k: string): string => KEY_TYPES[k] ?? k.toUpperCase();

export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—';
}

export function day(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleDateString(undefined, { dateStyle: 'long' }) : '—';
}

/** "3 min ago", "2 h ago": recent runs are read relative to now. */
export function ago(iso: string | null, now = Date.now()): string {
  if (!iso) return '—';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

export function duration(run: SyncRunView): string {
  if (!run.finishedAt) return '…';
  const ms = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The certificate fingerprint in groups a person can compare by eye. */
export function fingerprintGroups(hex: string): string {
  const clean = hex.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return clean.match(/.{1,4}/g)?.join(' ') ?? hex;
}

/**
 * The outbox keeps the MDM's answer as one line ("MDM_REJECTED (HTTP 400): sentence [errorCode 6002,
 * activityId …]"): the sentence is what a technician reads, the rest is for a support ticket.
 */
export function splitMdmAnswer(line: string): { sentence: string; detail: string | null } {
  const m = /^([A-Z_]+)(?: \(HTTP (\d+)\))?: ([\s\S]*?)(?: \[([^\]]*)\])?$/.exec(line);
  if (!m) return { sentence: line, detail: null };
  const [, code, status, rest, vendor] = m;
  // Connectors often repeat the status in their sentence; one mention is enough.
  const sentence = (rest ?? '').replace(/^[^:]*rejected the request \(HTTP \d+\): /, '');
  const detail = [code, status ? `HTTP ${status}` : null, vendor ?? null].filter(Boolean).join(' · ');
  return { sentence: sentence.charAt(0).toUpperCase() + sentence.slice(1), detail };
}

/** The MDM's message kinds as a technician reads them. */
const KIND_WORD: Record<string, string> = {
  'device-staged': 'Device staged',
  'register-device': 'Register device to user',
  checkout: 'Check-out',
  checkin: 'Check-in',
  wipe: 'Wipe',
  move: 'Move to group',
  'lost-mode': 'Lost mode',
};
export const kindLabel = (kind: string): string => KIND_WORD[kind] ?? kind;
