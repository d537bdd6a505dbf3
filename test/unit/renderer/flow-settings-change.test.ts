import { describe, expect, it } from 'vitest';
import { FlowSettings } from '../../../electron/api/index.js';
import { deviceLabel, sentence } from '../../../renderer/src/flows/flow-text.js';
import { settingsChange } from '../../../renderer/src/flows/settings-change.js';

const saved = FlowSettings.parse({});

describe('the Shared devices settings form', () => {
  it('sends only what the technician changed', () => {
    const draft = { ...saved, returnPolicy: 'erase' as const, allowedGroups: ['Nurses'] };
    expect(settingsChange(saved, draft)).toEqual({ change: { returnPolicy: 'erase', allowedGroups: ['Nurses'] } });
  });

  it('sends nothing when nothing changed', () => {
    expect(settingsChange(saved, { ...saved, allowedGroups: [...saved.allowedGroups] })).toEqual({ change: {} });
  });

  it('names a value the station would refuse instead of sending it', () => {
    const r = settingsChange(saved, { ...saved, batteryThreshold: 120, stagingUser: '' });
    expect(r).toHaveProperty('problem');
    expect((r as { problem: string }).problem).toMatch(/batteryThreshold/);
    expect((r as { problem: string }).problem).toMatch(/stagingUser/);
  });
});

describe('the Flows screen’s words', () => {
  it('finds a device by its slot and name, or its UDID when the screens have not seen it', () => {
    expect(deviceLabel({ udid: 'u1', slot: 3, name: 'Cart A-03', serial: 'F1' }, 'u1')).toBe('Slot 3 · Cart A-03');
    expect(deviceLabel({ udid: 'u1', slot: null, name: null, serial: 'F1' }, 'u1')).toBe('No slot · F1');
    expect(deviceLabel(undefined, '00008030-001A')).toBe('00008030…');
  });

  it('starts a station status phrase as a sentence', () => {
    expect(sentence('staged – awaiting first user')).toBe('Staged – awaiting first user');
    expect(sentence('')).toBe('');
  });
});
