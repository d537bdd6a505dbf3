import { describe, expect, it } from 'vitest';
import { parseBlueprint } from '../../../electron/staging/blueprint.js';
import { prepareBlueprint } from '../../../electron/staging/prepare.js';

describe('blueprints', () => {
  it('builds the built-in Prepare blueprint in Configurator order', () => {
    const bp = prepareBlueprint({
      organization: 'Acme Schools',
      allowPairing: false,
      skipSetup: ['Siri', 'Location'],
      enrollProfile: { stored: 'enrollment' },
      nameTemplate: 'Cart-{slot:2}',
      eraseIfConfigured: true,
    });
    expect(bp.steps.map((s) => s.type)).toEqual([
      'pair',
      'inspect',
      'erase',
      'await-reboot',
      'check-activation',
      'supervise',
      'escalate',
      'enroll',
      'rename',
      'report-mdm',
      'verify',
    ]);
    expect(bp.steps.find((s) => s.type === 'supervise')).toMatchObject({
      organization: { name: 'Acme Schools' },
      allowPairing: false,
      skipSetup: ['Siri', 'Location'],
    });
    expect(bp.steps.find((s) => s.type === 'erase')).toMatchObject({ allowed: true });
  });

  it('never erases unless asked', () => {
    expect(prepareBlueprint().steps.some((s) => s.type === 'erase')).toBe(false);
  });

  it('rejects bad blueprints with path-qualified reasons', () => {
    const r = parseBlueprint({
      name: 'x',
      steps: [{ type: 'inspect' }, { type: 'rename', template: '' }, { type: 'inspect' }, { type: 'teleport' }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.join('\n')).toMatch(/steps\.3.*(type|discriminator|Invalid)/i);
    const r2 = parseBlueprint({ name: 'x', steps: [{ type: 'inspect' }, { type: 'inspect' }] });
    expect(r2.ok).toBe(false);
    if (r2.ok) return;
    expect(r2.errors).toContain('steps.1: step "inspect" appears twice');
    expect(r2.errors).toContain('steps.0: the first step must be "pair"');
  });

  it('requires supervision before escalation and a reboot wait after an erase', () => {
    const r = parseBlueprint({ name: 'x', steps: [{ type: 'pair' }, { type: 'erase', allowed: true }, { type: 'escalate' }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.join('\n')).toMatch(/needs a "supervise" step/);
    expect(r.errors.join('\n')).toMatch(/followed by "await-reboot"/);
  });

  it('round-trips through JSON (export, then import)', () => {
    const bp = prepareBlueprint({ profiles: [{ name: 'wifi.mobileconfig', data: Buffer.from('<plist/>').toString('base64') }] });
    const again = parseBlueprint(JSON.parse(JSON.stringify(bp)));
    expect(again).toEqual({ ok: true, blueprint: bp });
  });
});
