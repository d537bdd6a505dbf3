import { escapeControl, hasControlCharacters, NO_CONTROL_MESSAGE } from './printable.js';

/** The facts a device name template can use. */
export interface NameFacts {
  slot?: number | null;
  serial?: string | null;
  name?: string | null;
  model?: string | null;
  user?: string | null;
  /** The device's position in its batch, from 1. */
  n?: number | null;
}

const TOKEN = /\{(slot|serial|name|model|user|n)(?::(\d+))?\}/g;
const KNOWN = new Set(['slot', 'serial', 'name', 'model', 'user', 'n']);

/** The `{tokens}` of a template that are not name template tokens (`{nope}`), in order. */
export function unknownTemplateTokens(template: string): string[] {
  return [...template.matchAll(/\{([^}]*)\}/g)].map((m) => (m[1] ?? '').split(':')[0] ?? '').filter((t) => !KNOWN.has(t));
}

/**
 * Renders `{slot}`, `{serial}`, `{name}`, `{model}`, `{n}`, `{user}`; `{slot:2}` / `{n:3}` pad
 * numbers with zeros. A token whose fact is unknown is an error rather than an empty gap, so a
 * cart never ends up with thirty devices called "iPad-".
 */
export function renderName(template: string, facts: NameFacts): string {
  if (hasControlCharacters(template)) throw new Error(`the name template ${NO_CONTROL_MESSAGE}`);
  const unknown = unknownTemplateTokens(template);
  if (unknown.length) throw new Error(`unknown name template token {${unknown[0]}}; use {slot}, {serial}, {name}, {model}, {n} or {user}`);
  const name = template.replace(TOKEN, (_m, key: keyof NameFacts, pad?: string) => {
    const value = facts[key];
    if (value === null || value === undefined || value === '') {
      throw new Error(`the name template uses {${key}} but this device has no ${key === 'n' ? 'batch number' : key}`);
    }
    // A fact from a device or a directory (a user's name) never smuggles ESC sequences into a name.
    const text = escapeControl(String(value));
    return pad && typeof value === 'number' ? text.padStart(Number(pad), '0') : text;
  });
  const trimmed = name.trim();
  // iOS accepts up to 255 bytes for DeviceName; keep names readable on a tile.
  if (!trimmed) throw new Error('the name template produced an empty name');
  if (new TextEncoder().encode(trimmed).length > 255) throw new Error('the rendered device name is longer than 255 bytes');
  return trimmed;
}
