import { Blueprint } from '../../../electron/api/blueprint.js';
import { parseJsonText } from '../admin/json-check.js';

/**
 * A blueprint as a .json file (the body `blueprint export` writes and `blueprint import` reads),
 * and the checks an imported file or the advanced JSON view gets: JSON syntax, then the station's
 * own schema, each problem with the path it is at.
 */

export interface SchemaProblem {
  /** Where in the blueprint, e.g. `steps.3.template`; empty for the blueprint as a whole. */
  path: string;
  message: string;
}

export type BlueprintCheck = { ok: true; blueprint: Blueprint } | { ok: false; problems: SchemaProblem[] };

export function checkBlueprint(value: unknown): BlueprintCheck {
  const parsed = Blueprint.safeParse(value);
  if (parsed.success) return { ok: true, blueprint: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
}

/** JSON text (a file's, the advanced view's) checked as a blueprint. */
export function checkBlueprintText(text: string): BlueprintCheck {
  const json = parseJsonText(text);
  if (!json.ok) return { ok: false, problems: [{ path: '', message: json.message }] };
  return checkBlueprint(json.value);
}

export const blueprintJson = (bp: Blueprint): string => `${JSON.stringify(bp, null, 2)}\n`;

/** `Cart A.json` for "Cart A": a name a file system accepts. */
export function blueprintFileName(name: string): string {
  const safe = name.replace(/[\\/:*?"<>|]+/g, '-').replace(/\s+/g, ' ').trim();
  return `${safe || 'blueprint'}.json`;
}
