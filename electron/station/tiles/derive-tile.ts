import type { DeviceState, DeviceSummary, TileCode } from '../../api/device.js';
import type { ApiError } from '../../api/errors.js';
import type { FlowNote, PickTile } from '../../api/tile-inputs.js';

/**
 * What a device tile says, derived — never merged — from four inputs that each have one owner:
 * presence (the watcher and the identity read), the job (the staging runner), the check-out and
 * the kiosk pick (the flows). A flow may add a note (Return to Service, User Enrollment…). Screens
 * get structured fields (`code`, `step`, `progress`); `stateDetail` is words for people only.
 */
export interface Presence {
  connected: boolean;
  /** 'reading': attached, identity not read yet; 'failed': the read failed (see readError). */
  reading: 'reading' | 'read' | 'failed';
  readError: string | null;
  /** The Trust instruction while pairing outside a job waits for a tap; null otherwise. */
  trustPending: string | null;
  /** What an attached, known device at rest is: 'ready' once its last job succeeded. */
  resting: 'ready' | 'idle';
}

export type JobTile =
  | { phase: 'queued' }
  | { phase: 'step'; step: string; title: string; index: number; count: number; done: boolean; text: string | null; trust: boolean }
  | { phase: 'paused'; reason: 'device-gone' | 'needs-person'; error: ApiError }
  | { phase: 'held' }
  | { phase: 'succeeded' }
  | { phase: 'cancelled' }
  | { phase: 'failed'; error: ApiError };

export interface CheckoutTile {
  dueAt: string | null;
}

export type TileView = Pick<DeviceSummary, 'state' | 'stateDetail' | 'error'> & {
  progress: NonNullable<DeviceSummary['progress']> | null;
  step: string | null;
  code: TileCode | null;
};

export const INITIAL_PRESENCE: Presence = { connected: false, reading: 'reading', readError: null, trustPending: null, resting: 'idle' };

function view(state: DeviceState, stateDetail: string | null, code: TileCode | null, extra: Partial<TileView> = {}): TileView {
  return { state, stateDetail, code, error: null, progress: null, step: null, ...extra };
}

/** An active job (queued, on a step, paused) speaks for the tile before anything else. */
function activeJob(job: JobTile): TileView | null {
  switch (job.phase) {
    case 'queued':
      return view('staging', 'Queued', 'queued');
    case 'step': {
      const progress = { step: job.index + 1, of: job.count, title: job.title };
      const detail = job.text ?? (job.done ? `${job.title} done (${job.index + 1}/${job.count})` : `${job.title} (${job.index + 1}/${job.count})`);
      if (job.trust) return view('waiting-trust', detail, 'trust-pending', { progress, step: job.step });
      return view('staging', detail, job.done ? 'step-done' : 'step', { progress, step: job.step });
    }
    case 'paused':
      if (job.reason === 'device-gone') return view('disconnected', 'Paused: plug it back in to resume', 'paused-unplugged', { error: job.error });
      return view(pausedState(job.error), job.error.message, 'paused-error', { error: job.error });
    case 'held':
      return view('staging', 'Paused with its batch', 'paused-held');
    default:
      return null;
  }
}

function pausedState(error: ApiError): DeviceState {
  if (error.code === 'NOT_ACTIVATED') return 'needs-activation';
  if (error.code === 'TRUST_PENDING') return 'waiting-trust';
  return 'error';
}

/** A connected device with nothing running: the last job's outcome, else how it rests. */
function atRest(presence: Presence, job: JobTile | null): TileView {
  if (job?.phase === 'succeeded') return view('ready', null, null);
  if (job?.phase === 'failed') return view('error', null, 'failed', { error: job.error });
  if (job?.phase === 'cancelled') return view('idle', 'Cancelled', 'cancelled');
  if (presence.reading === 'failed') return view('idle', presence.readError, 'read-failed');
  return view(presence.resting, null, null);
}

export function deriveTile(presence: Presence, job: JobTile | null, checkout: CheckoutTile | null, pick: PickTile | null, note: FlowNote | null = null): TileView {
  const running = job ? activeJob(job) : null;
  if (running) return running;
  if (note?.state) return view(note.state, note.detail, note.code, { error: note.error ?? null });
  if (!presence.connected) return checkout ? view('checked-out', checkout.dueAt ? `Due ${checkout.dueAt}` : null, 'checked-out') : view('disconnected', null, null);
  if (presence.trustPending) return view('waiting-trust', presence.trustPending, 'trust-pending');
  if (presence.reading === 'reading') return view('connecting', null, null);
  const rest = atRest(presence, job);
  if (pick) return { ...rest, stateDetail: `Picked for ${pick.user}: take it from slot ${pick.slot ?? '?'}`, code: 'picked' };
  if (note) return { ...rest, stateDetail: note.detail, code: note.code };
  return rest;
}
