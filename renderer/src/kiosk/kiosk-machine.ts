import type { ApiError, KioskCredential, KioskDeviceRef, KioskUser, PickView } from '../../../electron/api/index.js';

/** The kiosk's steps. Pure: the screen dispatches, the station answers, the cart's events confirm. */
export type KioskStep =
  | { step: 'scan' }
  | { step: 'pin' }
  /** Two factors: the badge was scanned, its owner's PIN comes next. */
  | { step: 'badge-pin'; badge: string }
  | { step: 'busy'; what: string }
  | { step: 'choose'; credential: KioskCredential; user: KioskUser; holding: KioskDeviceRef[]; canCheckOut: boolean }
  | { step: 'take'; user: KioskUser; device: KioskDeviceRef; pickId?: string | undefined; warning?: string | null }
  | { step: 'taken'; user: KioskUser; device: KioskDeviceRef; note?: string | null }
  | { step: 'return'; user: KioskUser; device: KioskDeviceRef }
  | { step: 'returned'; user: KioskUser; device: KioskDeviceRef }
  | { step: 'failed'; error: ApiError };

export type KioskAction =
  | { type: 'reset' }
  | { type: 'use-pin' }
  | { type: 'badge-scanned'; badge: string }
  | { type: 'busy'; what: string }
  | { type: 'identified'; credential: KioskCredential; user: KioskUser; holding: KioskDeviceRef[]; canCheckOut: boolean }
  | { type: 'assigned'; user: KioskUser; device: KioskDeviceRef; pickId?: string | undefined }
  /** The station's word on the pick: a wrong device taken (warning), or a ready one taken instead. */
  | { type: 'pick-warning'; warning: string | null }
  | { type: 'swapped'; device: KioskDeviceRef; note: string | null }
  | { type: 'return-to'; user: KioskUser; device: KioskDeviceRef }
  /** The station recorded the check-out (its `pick` event); the device leaving the cart alone is not enough. */
  | { type: 'taken' }
  | { type: 'device-back' }
  | { type: 'failed'; error: ApiError };

export const initialKiosk: KioskStep = { step: 'scan' };

export function kioskReducer(state: KioskStep, action: KioskAction): KioskStep {
  switch (action.type) {
    case 'reset':
      return initialKiosk;
    case 'use-pin':
      return { step: 'pin' };
    case 'badge-scanned':
      return { step: 'badge-pin', badge: action.badge };
    case 'busy':
      return { step: 'busy', what: action.what };
    case 'identified':
      return { step: 'choose', credential: action.credential, user: action.user, holding: action.holding, canCheckOut: action.canCheckOut };
    case 'assigned':
      return { step: 'take', user: action.user, device: action.device, pickId: action.pickId, warning: null };
    case 'pick-warning':
      return state.step === 'take' ? { ...state, warning: action.warning } : state;
    case 'swapped':
      return state.step === 'take' ? { step: 'taken', user: state.user, device: action.device, note: action.note } : state;
    case 'return-to':
      return { step: 'return', user: action.user, device: action.device };
    case 'taken':
      return state.step === 'take' ? { step: 'taken', user: state.user, device: state.device } : state;
    case 'device-back':
      return state.step === 'return' ? { step: 'returned', user: state.user, device: state.device } : state;
    case 'failed':
      return { step: 'failed', error: action.error };
  }
}

/** The kiosk's reading of one pick event: the station's word is the only source of "taken". */
export function pickAction(p: PickView): KioskAction {
  switch (p.state) {
    case 'taken':
      return { type: 'taken' };
    case 'swapped':
      return { type: 'swapped', device: p.device, note: p.message };
    case 'expired':
    case 'cancelled':
      // A check-out whose recording failed is cancelled: the person is told, never "enjoy your device".
      return { type: 'failed', error: { code: 'CONFLICT', message: p.message ?? 'The check-out lapsed.', remedy: 'Scan your badge again.' } };
    case 'wrong-device':
      return { type: 'pick-warning', warning: p.message };
    case 'waiting':
      return { type: 'pick-warning', warning: null };
  }
}

/** How long a step may sit untouched before the kiosk goes back to "scan your badge". */
export function idleTimeoutMs(step: KioskStep['step']): number | null {
  switch (step) {
    case 'scan':
    case 'busy':
      return null;
    case 'taken':
    case 'returned':
    case 'failed':
      return 8_000;
    case 'take':
    case 'return':
      return 120_000;
    default:
      return 45_000;
  }
}
