import type { HostedCommandName } from '../api/index.js';

/** Every channel between the preload and main, named once and shared by both sides. */
export const CHANNEL = {
  event: 'cartwright:event',
  hostInfo: 'cartwright:host-info',
  exitKiosk: 'cartwright:kiosk-exit',
  enterKiosk: 'cartwright:kiosk-enter',
  setKioskPin: 'cartwright:kiosk-pin',
} as const;

export function commandChannel(name: HostedCommandName): string {
  return `cartwright:command:${name}`;
}
