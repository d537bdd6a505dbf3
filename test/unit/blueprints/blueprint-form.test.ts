import { describe, expect, it } from 'vitest';
import { Blueprint, type BlueprintInput } from '../../../electron/api/blueprint.js';
import { prepareBlueprint } from '../../../electron/staging/prepare.js';
import { ALL_SKIP_SETUP_KEYS } from '../../../electron/staging/steps/skip-setup.js';
import { blueprintFileName, blueprintJson, checkBlueprintText } from '../../../renderer/src/blueprints/blueprint-file.js';
import { blueprintToForm, formToBlueprint, newBlueprintForm, type BlueprintForm } from '../../../renderer/src/blueprints/blueprint-form.js';
import { ALL_SETUP_PANE_KEYS } from '../../../renderer/src/blueprints/setup-panes.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** Every field of the schema set to something other than its default. */
const everything: BlueprintInput = {
  name: 'Library iPads',
  description: 'Shared iPads for the library, erased when needed.',
  appLicensing: 'user',
  steps: [
    { type: 'pair' },
    { type: 'inspect' },
    { type: 'erase', allowed: true },
    { type: 'await-reboot' },
    { type: 'check-activation' },
    {
      type: 'supervise',
      organization: { name: 'Springfield Library', department: 'Media', phone: '+1 555 0100', email: 'it@library.example', address: '1 Main St, Springfield' },
      allowPairing: false,
      skipSetup: ['Siri', 'Location', 'AppleID'],
    },
    { type: 'escalate' },
    { type: 'install-profiles', profiles: [{ name: 'wifi.mobileconfig', data: b64('<plist>wifi</plist>') }, { name: 'restrictions.mobileconfig', data: b64('<plist>r</plist>') }] },
    { type: 'enroll', profile: { name: 'enroll.mobileconfig', data: b64('<plist>mdm</plist>') }, mode: 'store' },
    { type: 'rename', template: 'Library-{slot:2}-{serial}' },
    { type: 'wallpaper', image: 'iVBORw0KGgoAAAANSUhEUg==', where: 'lock' },
    { type: 'report-mdm' },
    { type: 'verify' },
  ],
};

/** The editor's whole path: open in the form, save from it, export the file, import it again. */
function roundTrip(input: BlueprintInput): { saved: Blueprint; imported: Blueprint; notes: string[] } {
  const original = Blueprint.parse(input);
  const { form, notes } = blueprintToForm(original);
  const saved = formToBlueprint(form);
  if (!saved.ok) throw new Error(saved.problems.map((p) => p.message).join('; '));
  const imported = checkBlueprintText(blueprintJson(saved.blueprint));
  if (!imported.ok) throw new Error(imported.problems.map((p) => p.message).join('; '));
  // Opened again from the imported file, the form is the same form.
  expect(blueprintToForm(imported.blueprint).form).toEqual(form);
  return { saved: saved.blueprint, imported: imported.blueprint, notes };
}

const set = (patch: Partial<BlueprintForm>): BlueprintForm => ({ ...newBlueprintForm(), ...patch });

describe('the blueprint form and the blueprint, both ways', () => {
  it('round-trips the built-in Prepare blueprint unchanged', () => {
    const builtIn = prepareBlueprint();
    const { saved, imported, notes } = roundTrip(builtIn);
    expect(notes).toEqual([]);
    expect(saved).toEqual(builtIn);
    expect(imported).toEqual(builtIn);
  });

  it('round-trips a blueprint with every option set', () => {
    const { saved, imported, notes } = roundTrip(everything);
    expect(notes).toEqual([]);
    expect(saved).toEqual(Blueprint.parse(everything));
    expect(imported).toEqual(Blueprint.parse(everything));
  });

  it('round-trips each Prepare option the CLI offers', () => {
    const options = prepareBlueprint({
      name: 'Cart B',
      organization: 'ACME',
      allowPairing: false,
      skipSetup: ['Welcome'],
      enrollProfile: { stored: 'enrollment' },
      enrollMode: 'install',
      profiles: [{ name: 'a', data: b64('a') }],
      nameTemplate: '{model}-{n:3}',
      wallpaper: { image: '/9j/4AAQ', where: 'home' },
      eraseIfConfigured: true,
    });
    expect(roundTrip(options).imported).toEqual(options);
  });

  it('keeps an erase step that may not erase, and a pair-only blueprint', () => {
    const refusing: BlueprintInput = { name: 'Refuse', steps: [{ type: 'pair' }, { type: 'erase', allowed: false }, { type: 'await-reboot' }, { type: 'supervise' }] };
    expect(roundTrip(refusing).imported).toEqual(Blueprint.parse(refusing));
    const pairOnly: BlueprintInput = { name: 'Pair only', steps: [{ type: 'pair' }] };
    expect(roundTrip(pairOnly).imported).toEqual(Blueprint.parse(pairOnly));
  });

  it('says when saving from the form would reorder the steps', () => {
    const odd = Blueprint.parse({ name: 'Odd', steps: [{ type: 'pair' }, { type: 'verify' }, { type: 'inspect' }] });
    const { notes } = blueprintToForm(odd);
    expect(notes).toEqual(['Saving from the form runs the steps in the standard order: pair → inspect → verify.']);
  });

  it('makes what the journey fills in: the Prepare blueprint, stored profile installed now, panes skipped, renamed', () => {
    const form = set({ name: 'Cart A', enroll: true, enrollmentProfile: { kind: 'stored' }, enrollMode: 'install', skipAllPanes: true, rename: true, nameTemplate: 'Cart A-{slot:2}' });
    const result = formToBlueprint(form);
    expect(result.ok && result.blueprint).toEqual({
      ...prepareBlueprint({ name: 'Cart A', enrollProfile: { stored: 'enrollment' }, enrollMode: 'install', nameTemplate: 'Cart A-{slot:2}' }),
      description: '',
    });
  });

  it('names the field to fix before the schema is asked', () => {
    const bad = formToBlueprint(set({ name: ' ', rename: true, nameTemplate: 'Cart-{nope}', organization: { name: '', department: 'IT', phone: '', email: '', address: '' } }));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.map((p) => p.field)).toEqual(['name', 'organization.name', 'nameTemplate']);
    expect(!bad.ok && bad.problems[2]?.message).toMatch(/^\{nope\} is not a name template token/);
  });

  it('leaves out the organization when its name is empty (the identity’s is used)', () => {
    const r = formToBlueprint(set({ name: 'X' }));
    const supervise = r.ok ? r.blueprint.steps.find((s) => s.type === 'supervise') : undefined;
    expect(supervise && 'organization' in supervise ? supervise.organization : undefined).toBeUndefined();
  });
});

describe('blueprint files', () => {
  it('reports schema problems with their paths', () => {
    const r = checkBlueprintText(JSON.stringify({ name: 'Bad', steps: [{ type: 'inspect' }, { type: 'escalate' }, { type: 'rename', template: '' }] }));
    expect(r.ok).toBe(false);
    const paths = !r.ok ? r.problems.map((p) => p.path) : [];
    expect(paths).toContain('steps.2.template');
    expect(paths).toContain('steps.0');
    expect(checkBlueprintText('{ "name": ')).toEqual({ ok: false, problems: [{ path: '', message: expect.stringMatching(/not valid JSON/) as string }] });
  });

  it('names the file after the blueprint', () => {
    expect(blueprintFileName('Cart A/B: iPads')).toBe('Cart A-B- iPads.json');
  });
});

describe('the Setup Assistant checklist', () => {
  it('lists exactly the panes the station can skip, each once', () => {
    expect([...ALL_SETUP_PANE_KEYS].sort()).toEqual([...ALL_SKIP_SETUP_KEYS].sort());
    expect(new Set(ALL_SETUP_PANE_KEYS).size).toBe(ALL_SETUP_PANE_KEYS.length);
  });
});
