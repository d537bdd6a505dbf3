import type { FlowSettings } from '../../api/flows.js';
import type { User } from '../../store/repos/users-repo.js';
import { FlowError } from '../errors.js';

/**
 * Whether this person may take (another) device from this cart: the cart's allowed groups and the
 * per-user limit. `holding` counts devices out (open, overdue, lost) and picks not yet taken.
 */
export function checkOutRefusal(user: Pick<User, 'name' | 'groups'>, holding: number, settings: Pick<FlowSettings, 'allowedGroups' | 'perUserLimit'>): FlowError | null {
  if (settings.allowedGroups.length > 0) {
    const allowed = new Set(settings.allowedGroups.map((g) => g.toLowerCase()));
    if (!user.groups.some((g) => allowed.has(g.toLowerCase()))) {
      return new FlowError(
        'UNAUTHORIZED',
        `${user.name}, this cart is for ${settings.allowedGroups.join(', ')}; your groups (${user.groups.join(', ') || 'none'}) may not take its devices.`,
        'Use the cart of your department, or ask an administrator to add your group to this cart.',
      );
    }
  }
  if (holding >= settings.perUserLimit) {
    return new FlowError(
      'CONFLICT',
      `You already have ${holding} device${holding === 1 ? '' : 's'} checked out; the limit is ${settings.perUserLimit}.`,
      'Return a device first (plug it into any slot), then check out again.',
    );
  }
  return null;
}

export function dueAt(from: Date, settings: Pick<FlowSettings, 'loanHours'>): Date {
  return new Date(from.getTime() + settings.loanHours * 3_600_000);
}
