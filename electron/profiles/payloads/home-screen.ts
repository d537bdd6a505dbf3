import { ProfileError } from '../errors.js';
import type { PayloadDraft } from './draft.js';

/**
 * Home-screen layout (`com.apple.homescreenlayout`, supervised devices only). There is no
 * wallpaper payload on iOS: wallpaper goes through MCInstall's `Settings` request
 * (docs/device-protocols.md §4.2), for which `wallpaperSetting` builds the item.
 */
export interface HomeScreenLayoutSpec {
  /** Bundle IDs in the dock, left to right. */
  dock?: string[];
  /** Pages of bundle IDs. */
  pages: string[][];
}

const app = (bundleId: string): { Type: string; BundleID: string } => ({ Type: 'Application', BundleID: bundleId });

export function homeScreenLayoutPayload(spec: HomeScreenLayoutSpec): PayloadDraft {
  if (spec.pages.length === 0 && !spec.dock?.length) throw new ProfileError('SPEC_INVALID', 'a home-screen layout needs a dock or at least one page');
  return {
    type: 'com.apple.homescreenlayout',
    identifierSuffix: 'homescreen',
    displayName: 'Home Screen Layout',
    content: { ...(spec.dock ? { Dock: spec.dock.map(app) } : {}), Pages: spec.pages.map((page) => page.map(app)) },
  };
}

export type WallpaperLocation = 'lock' | 'home' | 'both';
const WHERE: Record<WallpaperLocation, number> = { lock: 1, home: 2, both: 3 };

/** One item of MCInstall `Settings` (needs a supervised, escalated connection). */
export function wallpaperSetting(image: Buffer, where: WallpaperLocation): { Item: 'Wallpaper'; Where: number; Image: Buffer } {
  return { Item: 'Wallpaper', Where: WHERE[where], Image: image };
}
