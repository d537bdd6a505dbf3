import { Blueprint, type BlueprintInput, type EmbeddedProfile, type StepSpec, type StepType } from '../../../electron/api/blueprint.js';
import { unknownTemplateTokens } from '../../../electron/api/name-template.js';

/**
 * The blueprint editor's form and the blueprint it stands for, both ways, with no React: every
 * field of the schema (electron/api/blueprint.ts) has a place here, so opening a blueprint in the
 * form and saving it again gives the same blueprint. The steps are derived from the choices in the
 * order the built-in Prepare blueprint uses (electron/staging/prepare.ts), which is the order the
 * schema accepts: pair first, erase then await-reboot, supervise before escalate.
 */

export interface OrganizationForm {
  /** Empty: the organization of the station's supervision identity. */
  name: string;
  department: string;
  phone: string;
  email: string;
  address: string;
}

export type EnrollmentProfileChoice = { kind: 'stored' } | { kind: 'embedded'; name: string; data: string };
export type WallpaperWhere = 'lock' | 'home' | 'both';

export interface BlueprintForm {
  name: string;
  description: string;
  appLicensing: 'device' | 'user';
  inspect: boolean;
  /** The erase step is in the blueprint; `eraseAllowed` is whether it may erase (the form sets both). */
  erase: boolean;
  eraseAllowed: boolean;
  awaitReboot: boolean;
  checkActivation: boolean;
  supervise: boolean;
  allowPairing: boolean;
  organization: OrganizationForm;
  skipAllPanes: boolean;
  /** The panes skipped when not all are, in the order they were ticked. */
  skipPanes: string[];
  escalate: boolean;
  profiles: EmbeddedProfile[];
  enroll: boolean;
  enrollmentProfile: EnrollmentProfileChoice;
  enrollMode: 'install' | 'store';
  rename: boolean;
  nameTemplate: string;
  wallpaper: { image: string; where: WallpaperWhere } | null;
  reportMdm: boolean;
  verify: boolean;
}

const EMPTY_ORGANIZATION: OrganizationForm = { name: '', department: '', phone: '', email: '', address: '' };

/** A new blueprint: Configurator's Prepare defaults (supervised, pairing allowed, no pane skipped, manual enrollment). */
export function newBlueprintForm(): BlueprintForm {
  return {
    name: '',
    description: '',
    appLicensing: 'device',
    inspect: true,
    erase: false,
    eraseAllowed: false,
    awaitReboot: false,
    checkActivation: true,
    supervise: true,
    allowPairing: true,
    organization: { ...EMPTY_ORGANIZATION },
    skipAllPanes: false,
    skipPanes: [],
    escalate: true,
    profiles: [],
    enroll: false,
    enrollmentProfile: { kind: 'stored' },
    enrollMode: 'install',
    rename: false,
    nameTemplate: '',
    wallpaper: null,
    reportMdm: true,
    verify: true,
  };
}

function organizationSpec(o: OrganizationForm): { name: string; department?: string; phone?: string; email?: string; address?: string } | undefined {
  if (!o.name.trim()) return undefined;
  const optional = (['department', 'phone', 'email', 'address'] as const).filter((k) => o[k].trim());
  return { name: o.name.trim(), ...Object.fromEntries(optional.map((k) => [k, o[k].trim()])) };
}

/** The steps the form's choices make, in the schema's order. */
export function formSteps(form: BlueprintForm): StepSpec[] {
  const steps: StepSpec[] = [{ type: 'pair' }];
  if (form.inspect) steps.push({ type: 'inspect' });
  if (form.erase) steps.push({ type: 'erase', allowed: form.eraseAllowed });
  if (form.awaitReboot) steps.push({ type: 'await-reboot' });
  if (form.checkActivation) steps.push({ type: 'check-activation' });
  if (form.supervise) {
    const organization = organizationSpec(form.organization);
    steps.push({ type: 'supervise', ...(organization ? { organization } : {}), allowPairing: form.allowPairing, skipSetup: form.skipAllPanes ? 'all' : [...form.skipPanes] });
    if (form.escalate) steps.push({ type: 'escalate' });
  }
  if (form.profiles.length) steps.push({ type: 'install-profiles', profiles: form.profiles.map((p) => ({ name: p.name, data: p.data })) });
  if (form.enroll) {
    const p = form.enrollmentProfile;
    steps.push({ type: 'enroll', profile: p.kind === 'stored' ? { stored: 'enrollment' } : { name: p.name, data: p.data }, mode: form.enrollMode });
  }
  if (form.rename) steps.push({ type: 'rename', template: form.nameTemplate });
  if (form.wallpaper) steps.push({ type: 'wallpaper', image: form.wallpaper.image, where: form.wallpaper.where });
  if (form.reportMdm) steps.push({ type: 'report-mdm' });
  if (form.verify) steps.push({ type: 'verify' });
  return steps;
}

/** The blueprint the form stands for, before the schema has checked it. */
export function formToBlueprintInput(form: BlueprintForm): BlueprintInput {
  return { name: form.name.trim(), description: form.description, appLicensing: form.appLicensing, steps: formSteps(form) };
}

export interface FormProblem {
  /** The form field it concerns (a key of BlueprintForm, or `organization.name`), or null for the whole blueprint. */
  field: string | null;
  message: string;
}

/** What the form itself can tell before the schema: the mistakes a technician makes filling it in. */
function formProblems(form: BlueprintForm): FormProblem[] {
  const problems: FormProblem[] = [];
  if (!form.name.trim()) problems.push({ field: 'name', message: 'Give the blueprint a name.' });
  const o = form.organization;
  if (form.supervise && !o.name.trim() && (o.department || o.phone || o.email || o.address).trim()) {
    problems.push({ field: 'organization.name', message: 'Enter the organization’s name too, or clear its details to use the supervision identity’s organization.' });
  }
  if (form.rename && !form.nameTemplate.trim()) problems.push({ field: 'nameTemplate', message: 'Enter a name template, e.g. Cart A-{slot:2}, or turn renaming off.' });
  const unknown = form.rename ? unknownTemplateTokens(form.nameTemplate) : [];
  if (unknown.length) {
    problems.push({ field: 'nameTemplate', message: `{${unknown[0]}} is not a name template token: use {slot}, {serial}, {name}, {model}, {n} or {user} ({slot:2} pads with zeros).` });
  }
  if (form.enroll && form.enrollmentProfile.kind === 'embedded' && !form.enrollmentProfile.data) {
    problems.push({ field: 'enrollmentProfile', message: 'Choose the enrollment profile file, or use the station’s enrollment profile.' });
  }
  return problems;
}

const fieldOfPath = (path: (string | number)[]): string | null => {
  if (path[0] === 'name') return 'name';
  if (path[0] === 'description') return 'description';
  if (path[0] === 'appLicensing') return 'appLicensing';
  return null;
};

export type FormResult = { ok: true; blueprint: Blueprint } | { ok: false; problems: FormProblem[] };

/** The form as a blueprint checked by the station's own schema; problems name the field to fix. */
export function formToBlueprint(form: BlueprintForm): FormResult {
  const own = formProblems(form);
  if (own.length) return { ok: false, problems: own };
  const parsed = Blueprint.safeParse(formToBlueprintInput(form));
  if (parsed.success) return { ok: true, blueprint: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => ({ field: fieldOfPath(i.path as (string | number)[]), message: `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}` })) };
}

const stepOf = <T extends StepType>(bp: Blueprint, type: T): Extract<StepSpec, { type: T }> | undefined =>
  bp.steps.find((s): s is Extract<StepSpec, { type: T }> => s.type === type);

function organizationForm(org: { name: string; department?: string | undefined; phone?: string | undefined; email?: string | undefined; address?: string | undefined } | undefined): OrganizationForm {
  if (!org) return { ...EMPTY_ORGANIZATION };
  return { name: org.name, department: org.department ?? '', phone: org.phone ?? '', email: org.email ?? '', address: org.address ?? '' };
}

/**
 * A stored blueprint in the form. `notes` say what saving it from the form would change (a step
 * order the form does not make, an empty profile list), so nothing changes unseen.
 */
export function blueprintToForm(bp: Blueprint): { form: BlueprintForm; notes: string[] } {
  const erase = stepOf(bp, 'erase');
  const supervise = stepOf(bp, 'supervise');
  const enroll = stepOf(bp, 'enroll');
  const rename = stepOf(bp, 'rename');
  const wallpaper = stepOf(bp, 'wallpaper');
  const has = (t: StepType) => bp.steps.some((s) => s.type === t);
  const form: BlueprintForm = {
    name: bp.name,
    description: bp.description,
    appLicensing: bp.appLicensing,
    inspect: has('inspect'),
    erase: erase !== undefined,
    eraseAllowed: erase?.allowed ?? false,
    awaitReboot: has('await-reboot'),
    checkActivation: has('check-activation'),
    supervise: supervise !== undefined,
    allowPairing: supervise?.allowPairing ?? true,
    organization: organizationForm(supervise?.organization),
    skipAllPanes: supervise?.skipSetup === 'all',
    skipPanes: Array.isArray(supervise?.skipSetup) ? [...supervise.skipSetup] : [],
    escalate: has('escalate'),
    profiles: (stepOf(bp, 'install-profiles')?.profiles ?? []).map((p) => ({ name: p.name, data: p.data })),
    enroll: enroll !== undefined,
    enrollmentProfile: !enroll || !('data' in enroll.profile) ? { kind: 'stored' } : { kind: 'embedded', name: enroll.profile.name, data: enroll.profile.data },
    enrollMode: enroll?.mode ?? 'install',
    rename: rename !== undefined,
    nameTemplate: rename?.template ?? '',
    wallpaper: wallpaper ? { image: wallpaper.image, where: wallpaper.where } : null,
    reportMdm: has('report-mdm'),
    verify: has('verify'),
  };
  const notes: string[] = [];
  const derived = formSteps(form).map((s) => s.type);
  const stored = bp.steps.map((s) => s.type);
  if (derived.join() !== stored.join()) {
    const dropped = stored.filter((t) => !derived.includes(t));
    if (dropped.length) notes.push(`Saving from the form leaves out: ${dropped.join(', ')} (it has nothing to do).`);
    else notes.push(`Saving from the form runs the steps in the standard order: ${derived.join(' → ')}.`);
  }
  return { form, notes };
}
