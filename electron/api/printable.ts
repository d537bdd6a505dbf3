/**
 * Text that reaches a terminal, a log or a plist must not carry control characters: ESC sequences
 * repaint a technician's terminal, and XML plists cannot hold most C0 characters at all.
 */
import type { z } from 'zod';

/** C0 controls, DEL and C1 controls (U+0080–U+009F). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export const hasControlCharacters = (text: string): boolean => CONTROL.test(text);

const escapeOne = (c: string): string => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** `"iPad\x1b[2J"` instead of a cleared screen: every control character as a visible `\xNN`. */
export const escapeControl = (text: string): string => text.replace(CONTROL_ALL, escapeOne);

/** For multi-line output (tables, logs): newlines and tabs stay, every other control is escaped. */
export const escapeControlKeepLines = (text: string): string => text.replace(CONTROL_BUT_LINES, escapeOne);

export const NO_CONTROL_MESSAGE = 'must not contain control characters (escape sequences, tabs, line breaks)';

/** A string input that a person reads back (device, blueprint and layout names, name templates). */
export const plainText = <S extends z.ZodString>(schema: S) => schema.refine((s) => !hasControlCharacters(s), { message: NO_CONTROL_MESSAGE });
