import { isDismissed, rememberDismissal } from './setup-steps';

/** The browser's own storage; a page without it (a locked-down kiosk profile) just asks again next time. */
function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function setupDismissed(dataDir: string): boolean {
  const s = storage();
  return s ? isDismissed(s, dataDir) : false;
}

export function dismissSetup(dataDir: string): void {
  const s = storage();
  if (s) rememberDismissal(s, dataDir);
}
