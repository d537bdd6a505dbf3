import type { Blueprint } from '../../../electron/api/blueprint.js';
import { blueprintToForm, newBlueprintForm, type BlueprintForm } from './blueprint-form';

/** What the editor has open: a stored version, an imported file, or a new blueprint. */
export interface Draft {
  /** A new key remounts the editor, so its form starts from this draft. */
  key: number;
  /** The stored version it was opened from; null for a new or imported blueprint. */
  origin: { name: string; version: number; latest: number } | null;
  form: BlueprintForm;
  notes: string[];
  /** A stored body the schema refuses: opened as JSON in the advanced view, to be fixed there. */
  rawJson?: string;
}

let nextKey = 1;

export const newDraft = (): Draft => ({ key: nextKey++, origin: null, form: newBlueprintForm(), notes: [] });

/** A stored version that does not pass the schema (an older station's, or edited by hand). */
export const brokenDraft = (body: unknown, origin: Draft['origin']): Draft => ({
  key: nextKey++,
  origin,
  form: newBlueprintForm(),
  notes: ['This stored version is not a valid blueprint: fix it in the JSON below, then save it as a new version.'],
  rawJson: `${JSON.stringify(body, null, 2)}\n`,
});

export function draftFrom(bp: Blueprint, origin: Draft['origin'], extraNotes: string[] = []): Draft {
  const { form, notes } = blueprintToForm(bp);
  return { key: nextKey++, origin, form, notes: [...extraNotes, ...notes] };
}
