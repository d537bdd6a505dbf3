import { describe, expect, it } from 'vitest';
import { needsAttention, stepProgress } from '../../../renderer/src/common/device-text.js';

describe('the tile’s step progress', () => {
  it('is the structured progress the station sends while staging', () => {
    expect(stepProgress({ state: 'staging', progress: { step: 3, of: 7, title: 'Supervise' } })).toEqual({ step: 3, of: 7, title: 'Supervise' });
  });

  it('is never read back out of the detail text', () => {
    // The station sends `progress`; a detail that happens to read "3/7" is words for people only.
    expect(stepProgress({ state: 'staging', progress: null })).toBeNull();
    expect(stepProgress({ state: 'staging', progress: undefined })).toBeNull();
  });

  it('is shown only while staging, and never past the last step', () => {
    expect(stepProgress({ state: 'ready', progress: { step: 7, of: 7, title: 'Verify' } })).toBeNull();
    expect(stepProgress({ state: 'staging', progress: { step: 8, of: 7, title: 'Verify' } })).toBeNull();
  });

  it('asks for attention on errors, Trust dialogs and activation only', () => {
    expect(['error', 'waiting-trust', 'needs-activation'].every((s) => needsAttention(s as never))).toBe(true);
    expect(['idle', 'staging', 'ready', 'checked-out', 'disconnected', 'connecting'].some((s) => needsAttention(s as never))).toBe(false);
  });
});
