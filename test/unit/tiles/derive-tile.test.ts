import { describe, expect, it } from 'vitest';
import type { ApiError } from '../../../electron/api/errors.js';
import { INITIAL_PRESENCE, deriveTile, type JobTile, type Presence } from '../../../electron/station/tiles/derive-tile.js';

const onCart: Presence = { ...INITIAL_PRESENCE, connected: true, reading: 'read' };
const locked: ApiError = { code: 'PASSCODE_LOCKED', message: 'The device is locked with a passcode.', remedy: 'Unlock it, then retry.' };
const step = (over: Partial<Extract<JobTile, { phase: 'step' }>> = {}): JobTile => ({ phase: 'step', step: 'supervise', title: 'Supervise', index: 2, count: 7, done: false, text: null, trust: false, ...over });

describe('deriving a device tile', () => {
  it('shows a running step with structured progress, step and code', () => {
    expect(deriveTile(onCart, step(), null, null)).toEqual({
      state: 'staging',
      stateDetail: 'Supervise (3/7)',
      progress: { step: 3, of: 7, title: 'Supervise' },
      step: 'supervise',
      code: 'step',
      error: null,
    });
    expect(deriveTile(onCart, step({ done: true }), null, null)).toMatchObject({ stateDetail: 'Supervise done (3/7)', code: 'step-done' });
  });

  it('knows a Trust dialog from the structured flag, whatever the words say', () => {
    const t = deriveTile(onCart, step({ step: 'pair', title: 'Pair', index: 0, text: 'Tippen Sie auf Vertrauen', trust: true }), null, null);
    expect(t).toMatchObject({ state: 'waiting-trust', code: 'trust-pending', stateDetail: 'Tippen Sie auf Vertrauen', step: 'pair' });
    // Text that merely mentions Trust is not a Trust dialog.
    expect(deriveTile(onCart, step({ text: 'Tap Trust was answered' }), null, null).state).toBe('staging');
    expect(deriveTile({ ...onCart, trustPending: 'Tap Trust on the device in slot 4' }, null, null, null)).toMatchObject({ state: 'waiting-trust', code: 'trust-pending' });
  });

  it('shows a device whose batch a technician paused as paused, with no error', () => {
    expect(deriveTile(onCart, { phase: 'held' }, null, null)).toEqual({ state: 'staging', stateDetail: 'Paused with its batch', code: 'paused-held', error: null, progress: null, step: null });
  });

  it('maps a paused job to what a person must do', () => {
    expect(deriveTile({ ...onCart, connected: false }, { phase: 'paused', reason: 'device-gone', error: locked }, null, null)).toMatchObject({ state: 'disconnected', code: 'paused-unplugged', stateDetail: 'Paused: plug it back in to resume' });
    expect(deriveTile(onCart, { phase: 'paused', reason: 'needs-person', error: locked }, null, null)).toMatchObject({ state: 'error', code: 'paused-error', error: locked });
    expect(deriveTile(onCart, { phase: 'paused', reason: 'needs-person', error: { code: 'NOT_ACTIVATED', message: 'Not activated.' } }, null, null).state).toBe('needs-activation');
    expect(deriveTile(onCart, { phase: 'paused', reason: 'needs-person', error: { code: 'TRUST_PENDING', message: 'Trust.' } }, null, null).state).toBe('waiting-trust');
  });

  it('rests as the last job left it once nothing runs', () => {
    expect(deriveTile(onCart, { phase: 'succeeded' }, null, null)).toMatchObject({ state: 'ready', stateDetail: null, code: null, progress: null });
    expect(deriveTile(onCart, { phase: 'failed', error: locked }, null, null)).toMatchObject({ state: 'error', error: locked, code: 'failed' });
    expect(deriveTile(onCart, { phase: 'cancelled' }, null, null)).toMatchObject({ state: 'idle', stateDetail: 'Cancelled', code: 'cancelled' });
    expect(deriveTile({ ...onCart, resting: 'ready' }, null, null, null).state).toBe('ready');
    expect(deriveTile({ ...onCart, reading: 'failed', readError: 'lockdown refused' }, null, null, null)).toMatchObject({ state: 'idle', stateDetail: 'lockdown refused', code: 'read-failed' });
  });

  it('shows connecting until the identity is read, and disconnected or checked out off the cart', () => {
    expect(deriveTile({ ...INITIAL_PRESENCE, connected: true }, null, null, null).state).toBe('connecting');
    expect(deriveTile(INITIAL_PRESENCE, null, null, null)).toMatchObject({ state: 'disconnected', code: null });
    expect(deriveTile(INITIAL_PRESENCE, null, { dueAt: '2026-06-01' }, null)).toMatchObject({ state: 'checked-out', stateDetail: 'Due 2026-06-01', code: 'checked-out' });
    // On the cart again, a device not yet checked in is judged as it rests.
    expect(deriveTile({ ...onCart, resting: 'ready' }, null, { dueAt: null }, null).state).toBe('ready');
  });

  it('says who a picked device is for without changing its state', () => {
    expect(deriveTile({ ...onCart, resting: 'ready' }, null, null, { user: 'Ana Lopez', slot: 12 })).toMatchObject({ state: 'ready', code: 'picked', stateDetail: 'Picked for Ana Lopez: take it from slot 12' });
  });

  it('lets a flow note set the state, below a running job', () => {
    const note = { code: 'return-erasing' as const, state: 'staging' as const, detail: 'Return to Service: erasing' };
    expect(deriveTile(onCart, null, null, null, note)).toMatchObject({ state: 'staging', code: 'return-erasing', stateDetail: 'Return to Service: erasing' });
    expect(deriveTile(onCart, step(), null, null, note).code).toBe('step');
    expect(deriveTile({ ...onCart, resting: 'ready' }, null, null, null, { code: 'assignment', detail: 'Registered to Ana – awaiting hand-off' })).toMatchObject({ state: 'ready', code: 'assignment' });
  });
});
