/** Shapes of MCInstall replies (docs/device-protocols.md §4.1–§4.3), validated before anything reads them. */
import { z } from 'zod';

export const errorItemSchema = z
  .object({
    ErrorCode: z.number().int().optional(),
    ErrorDomain: z.string().optional(),
    LocalizedDescription: z.string().optional(),
    USEnglishDescription: z.string().optional(),
  })
  .loose();

export const statusSchema = z.object({ Status: z.string(), ErrorChain: z.array(errorItemSchema).optional() }).loose();

export const profileListSchema = z
  .object({
    OrderedIdentifiers: z.array(z.string()),
    ProfileManifest: z.record(z.string(), z.object({ Description: z.string().optional(), IsActive: z.boolean() }).loose()).default({}),
    ProfileMetadata: z
      .record(
        z.string(),
        z
          .object({
            PayloadDisplayName: z.string().optional(),
            PayloadDescription: z.string().optional(),
            PayloadOrganization: z.string().optional(),
            PayloadRemovalDisallowed: z.boolean().optional(),
            PayloadUUID: z.string().optional(),
            PayloadVersion: z.number().int().optional(),
          })
          .loose(),
      )
      .default({}),
  })
  .loose();

export const cloudConfigurationReplySchema = z.object({ CloudConfiguration: z.record(z.string(), z.unknown()).optional() }).loose();
/** SecurityInfo's dictionary (go-ios ios/mcinstall/mcinstall.go SecurityInfo/PasscodePresent). */
export const securityInfoReplySchema = z
  .object({ SecurityInfo: z.object({ PasscodePresent: z.boolean().optional() }).loose() })
  .loose();
export type SecurityInfo = z.output<typeof securityInfoReplySchema>['SecurityInfo'];
export const challengeReplySchema = z.object({ Challenge: z.instanceof(Buffer) }).loose();
export const storedProfileReplySchema = z.object({ ProfileData: z.instanceof(Buffer).optional() }).loose();

export interface ProfileInfo {
  identifier: string;
  displayName: string;
  description?: string | undefined;
  organization?: string | undefined;
  uuid?: string | undefined;
  version?: number | undefined;
  isActive: boolean;
  removalDisallowed: boolean;
}

export function toProfileInfos(list: z.output<typeof profileListSchema>): ProfileInfo[] {
  return list.OrderedIdentifiers.map((id) => {
    const manifest = list.ProfileManifest[id];
    const meta = list.ProfileMetadata[id];
    return {
      identifier: id,
      displayName: meta?.PayloadDisplayName ?? manifest?.Description ?? id,
      description: meta?.PayloadDescription,
      organization: meta?.PayloadOrganization,
      uuid: meta?.PayloadUUID,
      version: meta?.PayloadVersion,
      isActive: manifest?.IsActive ?? false,
      removalDisallowed: meta?.PayloadRemovalDisallowed ?? false,
    };
  });
}

/** `Settings` answers one status per sent item, in order (go-ios ios/mcinstall SetWallpaper reads Settings[0].Status). */
export const settingsReplySchema = z.object({ Settings: z.array(statusSchema).optional() }).loose();
