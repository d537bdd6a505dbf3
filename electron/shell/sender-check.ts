import { isAppUrl } from './app-origin.js';

/** What an IPC invoke event says about who sent it. */
export interface IpcSenderLike {
  senderFrame: { url: string; parent: unknown } | null;
  sender?: { id: number };
}

/**
 * An IPC message is ours only if it comes from the top frame of one of our windows showing our own
 * screens; a subframe or a page that got navigated elsewhere is refused (Electron checklist #17).
 */
export function isTrustedSender(event: IpcSenderLike, ourContents?: ReadonlySet<number>): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (ourContents && (!event.sender || !ourContents.has(event.sender.id))) return false;
  return isAppUrl(frame.url);
}
