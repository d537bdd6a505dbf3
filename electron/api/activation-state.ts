/**
 * The one answer to "is this device activated?" for every layer. lockdown's ActivationState says
 * Activated on retail devices, FactoryActivated on some refurbished/demo ones and SoftActivated on
 * devices activated without a SIM check; all three are past Hello's activation
 * (pymobiledevice3 services/mobile_activation.py only activates "Unactivated").
 */
export const ACTIVATED_STATES: readonly string[] = ['Activated', 'FactoryActivated', 'SoftActivated'];

export function isActivatedState(state: string | null | undefined): boolean {
  return state !== null && state !== undefined && ACTIVATED_STATES.includes(state);
}
