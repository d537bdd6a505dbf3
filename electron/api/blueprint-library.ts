import { z } from 'zod';
import { ProfileInspectionView } from './enrollment-profile.js';
import { ProfileBase64 } from './identity.js';
import { lazySchema } from './lazy-schema.js';

/**
 * What the blueprint editor needs beyond list/get/save: a blueprint's version history (so an older
 * version can be opened and saved again as the newest) and reading an uploaded profile before it is
 * put in a blueprint. Part of the station's `commands`; not kiosk-allowed (electron/api/dispatch.ts).
 */

export const BlueprintVersionView = lazySchema(() => z.object({
  version: z.number().int(),
  createdAt: z.string(),
  /** Who saved it (the built-in Prepare blueprint names the station), when the station knew. */
  createdBy: z.string().nullable(),
}));
export type BlueprintVersionView = z.infer<typeof BlueprintVersionView>;

export const blueprintLibraryCommands = {
  /** Every stored version of one blueprint, newest first. */
  'blueprints.history': { input: lazySchema(() => z.object({ name: z.string().min(1) })), output: lazySchema(() => z.array(BlueprintVersionView)) },
  /** Reads a .mobileconfig (XML, binary or signed) without keeping it: payloads, signer, problems. */
  'profiles.inspect': { input: lazySchema(() => z.object({ profile: ProfileBase64 })), output: ProfileInspectionView },
} as const;

export type BlueprintLibraryCommandName = keyof typeof blueprintLibraryCommands;
